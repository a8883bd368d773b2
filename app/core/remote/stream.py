"""One streamed answer from a remote engine, read into the events the local runtime sends.

The figures are Ondol's own: time to the first token and decode time measured here, token
counts from the server's usage when it sends it (else the chunks counted).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from app.core.errors import RemoteServerError
from app.core.remote.failures import remote_error, safe_url
from app.core.runtime import events as ev
from app.core.types.results import StopReason

STATS_INTERVAL = 0.5  # seconds between running Stats events
REQUEST_ID = 0  # one request at a time per client: events need no id to be told apart


class Cancellable:
    """One request's cancel flag and, while it streams, its socket: ``cancel`` from another
    thread shuts the socket down, so a read blocked on it returns at once."""

    def __init__(self) -> None:
        self.cancelled = False
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None

    def attach(self, response: Any) -> None:
        """Hold the socket ``response`` reads from (a cancel that came first acts now)."""
        network = response.extensions.get("network_stream")
        sock = network.get_extra_info("socket") if network is not None else None
        with self._lock:
            self._socket = sock
            cancelled = self.cancelled
        if cancelled:
            _shut(sock)

    def detach(self) -> None:
        """The stream ended: its pooled connection may serve another request, hands off."""
        with self._lock:
            self._socket = None

    def cancel(self) -> None:
        """Stop the request: flag it, and end the read blocked on its socket."""
        with self._lock:
            self.cancelled = True
            sock = self._socket
        _shut(sock)


def _shut(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: the read has ended anyway
            sock.shutdown(socket.SHUT_RDWR)


def _reason(finish: str) -> StopReason:
    return "length" if finish == "length" else "stop"  # tool_calls, content_filter: ended


class ToolCallPieces:
    """Streamed ``delta.tool_calls``, put together by their index: the id and name come once,
    the arguments' JSON text in pieces."""

    def __init__(self) -> None:
        self._calls: dict[int, list[str]] = {}  # index -> [id, name, arguments so far]

    def __bool__(self) -> bool:
        return bool(self._calls)

    def add(self, pieces: Any) -> None:
        """One chunk's ``delta.tool_calls``."""
        for piece in pieces:
            index = piece.index if piece.index is not None else len(self._calls)
            call = self._calls.setdefault(index, ["", "", ""])
            if piece.id:
                call[0] = piece.id
            function = piece.function
            if function is not None:
                if function.name:
                    call[1] += function.name  # whole in one piece on every server seen
                if function.arguments:
                    call[2] += function.arguments

    def whole(self) -> tuple[tuple[str, str, str], ...]:
        """(call id, name, arguments) in index order; a missing id is made, no arguments are
        ``{}``."""
        return tuple((call_id or f"call_{uuid.uuid4().hex[:24]}", name, arguments or "{}")
                     for call_id, name, arguments in (self._calls[i] for i in sorted(self._calls)))


class StreamReader:
    """Turns the chunks of one ``openai`` stream into ``Delta``, ``PromptReady``, ``Stats`` and
    one ``Done``."""

    def __init__(self, url: str, n_ctx: int, started: float) -> None:
        self.url = url
        self.n_ctx = n_ctx
        self.started = started
        self.first: float | None = None
        self.last = started
        self.chunks = 0
        self.prompt_tokens = 0
        self.completion_tokens: int | None = None
        self.calls = ToolCallPieces()

    def stats(self) -> ev.Stats:
        """Figures so far."""
        first = self.first
        ttft = (first - self.started) if first is not None else 0.0
        generated = self.completion_tokens if self.completion_tokens is not None \
            else self.chunks
        return ev.Stats(REQUEST_ID, prompt_tokens=self.prompt_tokens,
                        prompt_tokens_evaluated=self.prompt_tokens, generated_tokens=generated,
                        prompt_seconds=ttft, time_to_first_token=ttft,
                        decode_seconds=(self.last - first) if first is not None else 0.0)

    def read(self, stream: Any, state: Cancellable, chat: bool
             ) -> Iterator[ev.PromptReady | ev.Delta | ev.Stats | ev.ToolCalls | ev.Done]:
        """The events of ``stream``; ``Done(cancelled)`` once ``state`` is cancelled (the text
        already yielded stays the caller's). Tool calls streamed in pieces come whole, as one
        ``ToolCalls`` just before a ``Done`` that is not cancelled.

        Raises:
            RemoteServerError: stream_cut (ended without a finish), timeout, server_error.
        """
        finish: str | None = None
        prompt_sent = False
        last_stats = self.started
        try:
            for chunk in stream:
                if state.cancelled:
                    break
                usage = chunk.usage
                if usage is not None:
                    self.prompt_tokens = usage.prompt_tokens or 0
                    self.completion_tokens = usage.completion_tokens
                    if not prompt_sent and self.prompt_tokens:
                        prompt_sent = True
                        yield ev.PromptReady(REQUEST_ID, self.prompt_tokens, self.n_ctx)
                if chunk.choices:
                    choice = chunk.choices[0]
                    text = choice.delta.content if chat else choice.text
                    if chat and choice.delta.tool_calls:
                        self.last = time.monotonic()
                        self.calls.add(choice.delta.tool_calls)
                    if text:
                        self.last = time.monotonic()
                        if self.first is None:
                            self.first = self.last
                        self.chunks += 1
                        yield ev.Delta(REQUEST_ID, text)
                    if choice.finish_reason:
                        finish = choice.finish_reason
                if self.last - last_stats >= STATS_INTERVAL:
                    last_stats = self.last
                    yield self.stats()
        except Exception as err:  # a read ended by cancel, or the server's failure
            if not state.cancelled:
                raise self._failure(err) from None
        finally:
            state.detach()
            stream.close()
        if state.cancelled and finish is None:
            yield ev.Done(REQUEST_ID, "cancelled", self.stats())
            return
        if finish is None:
            url = safe_url(self.url)
            raise RemoteServerError(f"{url} ended the answer before finishing it.", url=url,
                                    status=200, reason="stream_cut")
        if self.calls:
            yield ev.ToolCalls(REQUEST_ID, self.calls.whole())
        yield ev.Done(REQUEST_ID, _reason(finish), self.stats())

    def _failure(self, err: Exception) -> RemoteServerError:
        import openai

        if isinstance(err, openai.APIConnectionError) and not isinstance(
                err, openai.APITimeoutError):
            url = safe_url(self.url)  # the connection broke mid-answer
            return RemoteServerError(f"{url} broke off the answer: {err.__cause__ or err}",
                                     url=url, status=200, reason="stream_cut")
        return remote_error(err, self.url)
