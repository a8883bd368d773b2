"""The app's side of the runtime host: start it, send requests, read events, notice its death.

All methods block the calling thread (the GUI calls them from a worker thread); ``cancel`` is
safe from any thread and takes effect immediately, because it writes shared memory the host
reads per token and inside llama.cpp's abort callback.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from app.core.documents.image_parts import has_images
from app.core.errors import DocumentError, OndolError, RuntimeBusyError, RuntimeCrashedError
from app.core.hardware.parent_watch import start_child
from app.core.runtime import events as ev
from app.core.runtime import requests as rq
from app.core.runtime.inspect_calls import InspectCalls
from app.core.types.chat import ChatMessage, OverflowPolicy, copy_message
from app.core.types.embeddings import Embeddings
from app.core.types.params import LoadParams, SamplingParams

logger = logging.getLogger("ondol.runtime")
native_logger = logging.getLogger("ondol.llama")

NO_REQUEST = 0
ABANDON_SECONDS = 5.0  # an abandoned request must end this soon, or the host is ended


class RuntimeClient(InspectCalls):
    """Owns one runtime host process; one request at a time."""

    def __init__(self, start_timeout: float = 60.0) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._start_timeout = start_timeout
        self._process: Any = None
        self._conn: multiprocessing.connection.Connection | None = None
        self._cancel_id: Any = None
        self._ids = itertools.count(1)
        self._lock = threading.RLock()  # _raise_crashed may run inside _send
        self._current = NO_REQUEST
        self._epoch = 0  # bumped for every host started: old streams never touch a new host
        self.loaded: ev.LoadedModel | None = None

    # -- process lifetime ----------------------------------------------------------------

    @property
    def alive(self) -> bool:
        """Whether the host process is running."""
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The host's process id, while it runs."""
        return self._process.pid if self.alive else None

    def start(self) -> None:
        """Start the host if it is not running (a dead one is cleaned up first)."""
        if self.alive:
            return
        if self._process is not None:
            self._reap(self._process, self._conn)
        # The host's code (the backends, numpy) runs in the child only: the window's own
        # process does not pay for importing it at start.
        from app.core.runtime.host import host_main

        parent, child = self._ctx.Pipe(duplex=True)
        self._cancel_id = self._ctx.Value("q", NO_REQUEST, lock=False)
        level = logging.getLogger().getEffectiveLevel()
        # The host ends when this process dies (see ``app.core.hardware.parent_watch``): it
        # is started by ``start_child``, so the kernel's parent-death signal is safe.
        process = self._ctx.Process(
            target=host_main, args=(child, self._cancel_id, level, os.getpid(), True),
            name="ondol-runtime-host", daemon=True)
        start_child(process)
        child.close()
        self._epoch += 1
        self._current = NO_REQUEST
        self._process, self._conn = process, parent

    def close(self, timeout: float = 3.0) -> None:
        """Ask the host to exit; terminate, then kill, if it does not within ``timeout``."""
        process, conn = self._process, self._conn  # another thread may reap meanwhile
        if process is None:
            return
        if conn is not None and process.is_alive():
            self.cancel()  # a stream on another thread ends at once
            if self._lock.acquire(timeout=timeout / 2):
                try:
                    conn.send(rq.ShutdownRequest(next(self._ids)))
                    process.join(timeout / 2)
                except (OSError, ValueError):
                    pass  # already gone: terminate/kill below make sure
                finally:
                    self._lock.release()
        self._reap(process, conn)

    def _reap(self, process: Any, conn: Any) -> None:
        """End ``process`` for certain (terminate, then kill) and forget it, once."""
        try:
            if process.is_alive():
                process.terminate()
                process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        except ValueError:
            pass  # already closed by another thread
        if conn is not None:
            conn.close()
        with self._lock:
            if self._process is process:
                self._process, self._conn, self.loaded = None, None, None
                self._current = NO_REQUEST

    def __enter__(self) -> RuntimeClient:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests ------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop the current request (generation or load) as soon as the host notices."""
        current, flag = self._current, self._cancel_id  # read once: other threads change them
        if flag is not None and current != NO_REQUEST:
            flag.value = current

    def load(self, path: str, params: LoadParams,
             on_progress: Callable[[float], None] | None = None) -> ev.LoadedModel:
        """Load a model into the host (starting it if needed), reporting progress 0..1.

        Raises:
            OndolError: the typed error the host reported (corrupt file, cancelled, ...).
            RuntimeCrashedError: the host died while loading.
        """
        self.start()
        self.loaded = None
        for event in self._events(*self._send(lambda rid: rq.LoadRequest(rid, str(path), params))):
            if isinstance(event, ev.LoadProgress) and on_progress is not None:
                on_progress(event.fraction)
            elif isinstance(event, ev.Loaded):
                self.loaded = event.model
                return event.model
        raise RuntimeCrashedError("The runtime ended the load without an answer.",
                                  reason="no_answer")

    def generate(self, sampling: SamplingParams, messages: Sequence[ChatMessage] | None = None,
                 prompt: str | None = None,
                 overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
                 answer_reserve: int | None = None,
                 tools: Sequence[dict[str, Any]] | None = None
                 ) -> Iterator[ev.PromptReady | ev.Delta | ev.Stats | ev.Done]:
        """Stream an answer: ``PromptReady``, ``Delta`` and ``Stats`` events, then exactly one
        ``Done``. The host fits ``messages`` to the context window by ``overflow_policy``,
        keeping ``answer_reserve`` tokens (None: the default rule) for the answer; the chat
        template offers the model ``tools`` (OpenAI's function dicts) when given.

        Raises:
            OndolError: the typed error the host reported (no model, context overflow, ...).
            RuntimeCrashedError: the host died mid-stream.
        """
        msgs = tuple(copy_message(m) for m in messages) if messages is not None else None
        if msgs and has_images(msgs) and not (self.loaded and self.loaded.vision):
            raise DocumentError("This model reads no images.", reason="no_vision")
        # Sent now, not on the first next(): a cancel right after this call is not lost.
        sent = self._send(lambda rid: rq.GenerateRequest(
            rid, sampling, messages=msgs, prompt=prompt, overflow_policy=overflow_policy,
            answer_reserve=answer_reserve, tools=tuple(tools) if tools else None))
        return self._events(*sent)

    def tokenize(self, text: str) -> list[int]:
        """Token ids for ``text``.

        Raises:
            OndolError: no model loaded, or the host died.
        """
        return self._call(lambda rid: rq.TokenizeRequest(rid, text))

    def detokenize(self, token_ids: list[int]) -> str:
        """Text for token ids.

        Raises:
            OndolError: no model loaded, or the host died.
        """
        return self._call(lambda rid: rq.DetokenizeRequest(rid, tuple(token_ids)))

    def count_chat_tokens(self, messages: Sequence[ChatMessage],
                          tools: Sequence[dict[str, Any]] | None = None) -> int:
        """Tokens ``messages`` take through the chat template (with the generation prompt,
        offering ``tools`` when given), as a generation's prompt would take.

        Raises:
            OndolError: no model loaded, template error, or the host died.
        """
        msgs = tuple(copy_message(m) for m in messages)
        offered = tuple(tools) if tools else None
        return self._call(lambda rid: rq.CountChatTokensRequest(rid, msgs, tools=offered))

    def embeddings(self, inputs: Sequence[str | Sequence[int]],
                   dimensions: int | None = None, truncate: bool = False) -> Embeddings:
        """One L2-normalised vector per input (a text, or its token ids), shortened to
        ``dimensions`` when given, with the tokens the inputs took. The model must have been
        loaded with ``LoadParams(embedding=True)``. With ``truncate``, an input longer than the
        context window is cut to it instead of refused.

        Raises:
            OndolError: the typed error the host reported (not in embedding mode, a model that
                cannot embed, an input too long, a bad token id, ``dimensions`` out of range).
            RuntimeCrashedError: the host died.
        """
        items = tuple(item if isinstance(item, str) else tuple(int(t) for t in item)
                      for item in inputs)
        return self._call(lambda rid: rq.EmbedRequest(rid, items, dimensions, truncate))

    def embed(self, texts: Sequence[str | Sequence[int]]) -> list[list[float]]:
        """One L2-normalised vector per text (see ``embeddings``).

        Raises:
            OndolError: as ``embeddings``.
        """
        return self.embeddings(texts).vectors()

    def unload(self) -> None:
        """Free the model but keep the host.

        Raises:
            RuntimeCrashedError: the host died.
        """
        if self.alive:
            self._call(lambda rid: rq.UnloadRequest(rid))
        self.loaded = None

    def _call(self, make: Callable[[int], Any]) -> Any:
        for event in self._events(*self._send(make)):
            if isinstance(event, ev.Result):
                return event.value
        raise RuntimeCrashedError("The runtime ended a request without an answer.",
                                  reason="no_answer")

    def _send(self, make: Callable[[int], Any]) -> tuple[int, int]:
        """Send one request now; return its id and the host generation it went to.

        Raises:
            RuntimeBusyError: another request has not ended yet (one at a time per host).
            RuntimeCrashedError: the host is not running.
        """
        with self._lock:
            if not self.alive or self._conn is None:
                self._raise_crashed()
            if self._current != NO_REQUEST:
                raise RuntimeBusyError("The model is still busy with another request.",
                                       request_id=self._current)
            request_id = next(self._ids)
            try:
                self._conn.send(make(request_id))
            except (OSError, ValueError):
                self._raise_crashed()
            self._current = request_id
            return request_id, self._epoch

    def _events(self, request_id: int, epoch: int) -> Iterator[Any]:
        """The events of one sent request, up to and including its terminal one.

        The lock is not held while the caller consumes events, so ``cancel`` and ``close`` from
        other threads stay immediate; a stream left unfinished is cancelled and drained.
        """
        finished = False
        try:
            while True:
                event = self._receive(epoch)
                if isinstance(event, ev.Log):
                    native_logger.log(event.level, "%s", event.message)
                    continue
                if getattr(event, "request_id", request_id) != request_id:
                    continue  # a straggler from an earlier, abandoned request
                if isinstance(event, ev.Failed):
                    finished = True
                    raise OndolError.from_dict(event.error)
                if isinstance(event, ev.TERMINAL):
                    finished = True
                yield event
                if finished:
                    return
        finally:
            if epoch == self._epoch:  # never touch a host started after this request
                if not finished and self.alive:
                    self._abandon(request_id, epoch)
                if self._current == request_id:
                    self._current = NO_REQUEST

    def _abandon(self, request_id: int, epoch: int) -> None:
        """The caller stopped reading: cancel the request and drain it, within a deadline."""
        self._cancel_id.value = request_id
        deadline = time.monotonic() + ABANDON_SECONDS
        try:
            while time.monotonic() < deadline:
                event = self._receive(epoch, timeout=deadline - time.monotonic())
                if event is None:
                    break
                if getattr(event, "request_id", None) == request_id and isinstance(
                        event, ev.TERMINAL):
                    return
        except RuntimeCrashedError:
            logger.warning("The runtime died while a request was being abandoned.")
            return
        logger.warning("The runtime did not stop within %.0f s; ending it.", ABANDON_SECONDS)
        self.close(timeout=0.5)

    def _receive(self, epoch: int, timeout: float | None = None) -> Any:
        """The next event (None after ``timeout``); ``RuntimeCrashedError`` if the host dies
        or was replaced while we waited."""
        conn, process = self._conn, self._process
        if epoch != self._epoch or conn is None or process is None:
            raise RuntimeCrashedError(
                "The model runtime was closed while a request was running.",
                reason="closed_during_request")
        while True:
            try:
                ready = multiprocessing.connection.wait([conn, process.sentinel], timeout)
            except (OSError, ValueError):
                self._raise_crashed()
            if not ready:
                return None
            if conn in ready:
                try:
                    return conn.recv()
                except (EOFError, OSError, ValueError):
                    self._raise_crashed()
            if process.sentinel in ready and not conn.poll():
                self._raise_crashed()

    def _raise_crashed(self) -> None:
        process, conn = self._process, self._conn
        exit_code = None
        if process is not None:
            try:
                process.join(2.0)
                exit_code = process.exitcode
            except ValueError:
                pass  # closed by another thread meanwhile
            self._reap(process, conn)
        facts: dict[str, Any] = {"exit_code": exit_code}
        if exit_code is not None and exit_code < 0:
            try:
                facts["signal"] = signal.Signals(-exit_code).name
            except ValueError:
                facts["signal"] = str(-exit_code)
            how = f"was stopped by {facts['signal']}"
        elif exit_code is None:
            how = "is not running"
        else:
            how = f"exited with code {exit_code}"
        raise RuntimeCrashedError(
            f"The model runtime {how}. The model is no longer loaded; load it again to go on.",
            reason="not_running" if exit_code is None else "exited", **facts)
