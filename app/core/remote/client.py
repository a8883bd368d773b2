"""Ondol as the client of a remote engine, driven exactly like the local runtime client.

``load`` checks the server lists the model; ``generate`` streams the same events the runtime
host sends; ``cancel`` (from any thread) ends a stream at once by shutting its socket down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from app.core.errors import NoModelLoadedError, RemoteServerError
from app.core.remote.endpoint import (
    CONNECT_TIMEOUT,
    LIST_TIMEOUT,
    READ_TIMEOUT,
    Endpoint,
    list_models,
    open_client,
)
from app.core.remote.failures import remote_error, tools_refused
from app.core.remote.names import parse_remote_path, remote_path
from app.core.remote.probe import probe_knobs
from app.core.remote.request import request_fields, wire_messages
from app.core.remote.stream import Cancellable, StreamReader
from app.core.runtime import events as ev
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams

if TYPE_CHECKING:
    from openai import OpenAI

logger = logging.getLogger("ondol.remote")


class RemoteClient:
    """One model on one OpenAI-compatible server; one request at a time."""

    def __init__(self, endpoint: Endpoint, connection_name: str, *,
                 read_timeout: float = READ_TIMEOUT, connect_timeout: float = CONNECT_TIMEOUT,
                 probe: bool = True) -> None:
        self.endpoint = endpoint
        self.connection_name = connection_name
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.probe = probe  # find the knobs the server refuses at load
        self.loaded: ev.LoadedModel | None = None
        self.refused_knobs: dict[str, str] = {}
        self._model_id: str | None = None
        self._usage_refused = False  # the server refused stream_options once
        self._client: OpenAI | None = None
        self._current: Cancellable | None = None
        self._lock = threading.Lock()

    def _openai(self) -> OpenAI:
        with self._lock:
            if self._client is None:
                self._client = open_client(self.endpoint, self.read_timeout,
                                           self.connect_timeout)
            return self._client

    def load(self, model_id: str, params: LoadParams | None = None,
             on_progress: Callable[[float], None] | None = None) -> ev.LoadedModel:
        """Check that the server lists ``model_id`` (or a ``remote:`` name of this connection)
        and make it the model answers come from. ``params`` are the server's business.

        Raises:
            RemoteServerError: reason model_gone (not listed), or the listing's failure.
        """
        began = time.monotonic()
        self.loaded = None
        parsed = parse_remote_path(model_id)
        if parsed is not None and parsed[0] == self.connection_name:
            model_id = parsed[1]
        listed = {m.id: m for m in list_models(self.endpoint, timeout=min(
            LIST_TIMEOUT, self.read_timeout))}
        model = listed.get(model_id)
        if model is None:
            url = self.endpoint.shown_url
            raise RemoteServerError(f"{url} does not list the model {model_id!r}.", url=url,
                                    status=None, reason="model_gone", model=model_id)
        if on_progress is not None:
            on_progress(0.5)
        self.refused_knobs = self._probe(model_id) if self.probe else {}
        n_ctx = model.context_length or 0
        self._model_id = model_id
        self.loaded = ev.LoadedModel(
            path=remote_path(self.connection_name, model_id), architecture="remote",
            n_ctx=n_ctx, n_ctx_train=n_ctx, n_vocab=0, template_source="server",
            template_note="", load_seconds=time.monotonic() - began, rss_bytes=0,
            params={"base_url": self.endpoint.shown_url, "owned_by": model.owned_by,
                    "refused_knobs": dict(self.refused_knobs)},
            takes_tools=True)  # the server says otherwise by refusing them (no_tools)
        if on_progress is not None:
            on_progress(1.0)
        return self.loaded

    def _probe(self, model_id: str) -> dict[str, str]:
        try:
            return probe_knobs(self.endpoint, model_id, timeout=self.read_timeout)
        except RemoteServerError as err:  # the first answer will say what is wrong
            logger.info("Could not probe %s: %s", self.endpoint.shown_url, err)
            return {}

    def generate(self, sampling: SamplingParams, messages: Sequence[ChatMessage] | None = None,
                 prompt: str | None = None,
                 overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
                 tools: Sequence[dict[str, Any]] | None = None,
                 ) -> Iterator[ev.PromptReady | ev.Delta | ev.Stats | ev.ToolCalls | ev.Done]:
        """Stream an answer to ``messages`` (chat) or ``prompt`` (plain completion):
        ``Delta`` events as chunks arrive, ``PromptReady`` when the server tells the prompt's
        size, running ``Stats``, then one ``Done``. The server fits the prompt to its context
        window itself; ``overflow_policy`` is accepted for the local client's interface.
        ``tools`` (OpenAI function specs, chat only) are offered to the model; the calls it
        makes come as one ``ToolCalls`` before ``Done``.

        Raises:
            NoModelLoadedError: no model loaded.
            RemoteServerError: the server's failure (while iterating, for the stream); reason
                no_tools when the server refuses ``tools``.
        """
        if self.loaded is None or self._model_id is None:
            raise NoModelLoadedError("Load a model first.")
        # Made now, not on the first next(): a cancel right after this call is not lost.
        state = Cancellable()
        self._current = state
        return self._answer(state, sampling, messages, prompt, list(tools or []))

    def _answer(self, state: Cancellable, sampling: SamplingParams,
                messages: Sequence[ChatMessage] | None, prompt: str | None,
                tools: list[dict[str, Any]],
                ) -> Iterator[ev.PromptReady | ev.Delta | ev.Stats | ev.ToolCalls | ev.Done]:
        loaded = self.loaded
        assert loaded is not None
        started = time.monotonic()
        reader = StreamReader(self.endpoint.base_url, loaded.n_ctx, started)
        if state.cancelled:
            yield ev.Done(0, "cancelled", reader.stats())
            return
        stream = self._open(sampling, messages, prompt, tools)
        state.attach(stream.response)
        yield from reader.read(stream, state, chat=prompt is None)

    def _open(self, sampling: SamplingParams, messages: Sequence[ChatMessage] | None,
              prompt: str | None, tools: list[dict[str, Any]]) -> Any:
        """The open stream (headers received), asking for usage where the server takes it."""
        import openai

        fields, extra = request_fields(sampling, self.refused_knobs)
        if tools and prompt is None:
            fields["tools"] = tools
        client, model = self._openai(), self._model_id
        while True:
            usage = {} if self._usage_refused else {
                "stream_options": {"include_usage": True}}
            try:
                if prompt is None:
                    stream = client.chat.completions.create(
                        model=model, messages=wire_messages(messages or []), stream=True,
                        extra_body=extra or None, **usage, **fields)
                else:
                    stream = client.completions.create(
                        model=model, prompt=prompt, stream=True, extra_body=extra or None,
                        **usage, **fields)
            except openai.BadRequestError as err:
                if usage and "stream_options" in str(err):
                    self._usage_refused = True  # an older server: count chunks instead
                    continue
                raise tools_refused(remote_error(err, self.endpoint.base_url), bool(
                    fields.get("tools"))) from None
            except Exception as err:  # openai's and the HTTP library's, typed here
                raise remote_error(err, self.endpoint.base_url) from None
            content_type = stream.response.headers.get("content-type", "")
            if "html" in content_type:
                stream.close()
                url = self.endpoint.shown_url
                raise RemoteServerError(f"{url} answered with a web page, not a stream.",
                                        url=url, status=stream.response.status_code,
                                        reason="not_a_server")
            return stream

    def cancel(self) -> None:
        """End the current answer now (safe from any thread): ``generate``'s stream ends with
        ``Done(cancelled)``, keeping the text it already gave."""
        state = self._current
        if state is not None:
            state.cancel()

    def unload(self) -> None:
        """Forget the model (the server keeps it)."""
        self.cancel()
        self.loaded, self._model_id = None, None

    def close(self, timeout: float = 3.0) -> None:
        """End any answer and close the connections."""
        self.unload()
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()
