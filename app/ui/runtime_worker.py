"""The bridge between the runtime client (blocking) and the GUI (never blocks).

A ``RuntimeWorker`` lives on its own ``QThread`` and does everything that waits on the runtime
host: loading and reading the event stream. It emits
coalesced text at most ~30 times a second, each signal tagged with the job id the GUI gave it,
so the GUI can drop anything stale. Stopping is not a message to this thread (it is busy
reading the stream): the GUI sets the client's cancel flag directly.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from app.core.errors import (
    GenerationCancelledError,
    GenerationError,
    ModelLoadError,
    NoModelLoadedError,
    OndolError,
)
from app.core.runtime import events as ev
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams

EMIT_INTERVAL = 1 / 30  # at most ~30 text updates a second reach the GUI


class RuntimeLike(Protocol):
    """What the worker needs from a runtime client (the real one, or a scripted fake)."""

    loaded: ev.LoadedModel | None

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> ev.LoadedModel: ...
    def generate(self, sampling: SamplingParams, messages: list[ChatMessage] | None = None,
                 prompt: str | None = None,
                 overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST) -> Any: ...
    def cancel(self) -> None: ...
    def unload(self) -> None: ...
    def close(self, timeout: float = 3.0) -> None: ...


class RuntimeWorker(QObject):
    """Runs runtime requests one at a time on its thread; reports through signals."""

    loadProgress = Signal(int, float)  # job id, 0..1
    loaded = Signal(int, object)  # job id, LoadedModel
    loadFailed = Signal(int, object)  # job id, OndolError (load or unload)
    unloaded = Signal(int)
    promptReady = Signal(int, int, int)  # job id, prompt tokens, context length
    chunk = Signal(int, str)  # job id, new text
    # job id, [(pieces, logprobs)] per runtime delta: the tokens of the chunk that follows
    tokens = Signal(int, object)
    stats = Signal(int, object)  # job id, Stats (running)
    toolCalls = Signal(int, object)  # job id, ((call id, name, arguments JSON), ...)
    finished = Signal(int, object)  # job id, Done
    failed = Signal(int, object)  # job id, OndolError (generation)
    called = Signal(int, object)  # call id, what ``call``'s work returned
    callFailed = Signal(int, object)  # call id, OndolError

    def __init__(self, client: RuntimeLike) -> None:
        super().__init__()
        self.client = client
        self._cancelled_upto = 0  # jobs up to this id are cancelled (set from the GUI thread)
        self._closing = False

    def cancel_job(self, job_id: int) -> None:
        """Stop job ``job_id`` wherever it is: queued, counting tokens, or streaming.

        Called on the GUI thread while this thread is busy: a plain int write, and the
        runtime's own cancel flag for a stream already running.
        """
        self._cancelled_upto = max(self._cancelled_upto, job_id)
        self.client.cancel()

    def _is_cancelled(self, job_id: int) -> bool:
        return self._closing or job_id <= self._cancelled_upto

    def stop_everything(self) -> None:
        """The window is closing: whatever runs stops, and whatever is queued never starts.

        Called on the GUI thread; plain attribute writes plus the runtime's cancel flag.
        """
        self._closing = True
        self.client.cancel()

    @Slot(int, str, object)
    def load(self, job_id: int, path: str, params: LoadParams) -> None:
        """Load a model, reporting progress."""
        if self._closing:
            self.loadFailed.emit(job_id, GenerationCancelledError("The window is closing.",
                                                                  reason="window_closing"))
            return
        try:
            model = self.client.load(path, params,
                                     lambda fraction: self.loadProgress.emit(job_id, fraction))
        except OndolError as err:
            self.loadFailed.emit(job_id, err)
            return
        except Exception as err:  # a bug must not leave the window waiting for ever
            self.loadFailed.emit(job_id, ModelLoadError(
                f"Unexpected error: {err!r}", reason="unexpected", detail=repr(err)))
            return
        self.loaded.emit(job_id, model)

    @Slot(int)
    def unload(self, job_id: int) -> None:
        """Free the model."""
        try:
            self.client.unload()
        except OndolError as err:
            self.loadFailed.emit(job_id, err)
            return
        self.unloaded.emit(job_id)

    @Slot(int, object, object, str, object)
    def generate_tools(self, job_id: int, messages: list[ChatMessage], sampling: SamplingParams,
                       policy: str, tools: list[dict[str, Any]] | None) -> None:
        """``generate``, offering the model ``tools`` (OpenAI function specs) when given."""
        self.generate(job_id, messages, sampling, policy, tools)

    @Slot(int, object, object, str)
    def generate(self, job_id: int, messages: list[ChatMessage], sampling: SamplingParams,
                 policy: str, tools: list[dict[str, Any]] | None = None) -> None:
        """Stream the answer to ``messages`` in coalesced chunks; the runtime host fits them
        to the context window by ``policy`` (an ``OverflowPolicy`` value)."""
        try:
            if self.client.loaded is None:
                raise NoModelLoadedError("Load a model first.")
            if self._is_cancelled(job_id):  # stopped before the answer began
                self.finished.emit(job_id, ev.Done(0, "cancelled", ev.Stats(0)))
                return
            offered = {"tools": tools} if tools else {}  # no tools: every client takes that
            stream = self.client.generate(sampling, messages=messages,
                                          overflow_policy=OverflowPolicy(policy), **offered)
            if self._is_cancelled(job_id):  # stopped between the check above and the send
                self.client.cancel()
            self._read(job_id, stream)
        except OndolError as err:
            self.failed.emit(job_id, err)
        except Exception as err:  # a bug must not leave the window waiting for ever
            self.failed.emit(job_id, GenerationError(
                f"Unexpected error: {err!r}", reason="unexpected", detail=repr(err)))

    def _read(self, job_id: int, stream: Any) -> None:
        pending: list[str] = []
        steps: list[tuple[Any, Any]] = []  # the tokens of the text in pending, if asked for
        last_emit = 0.0
        try:
            for event in stream:
                if isinstance(event, ev.Delta):
                    pending.append(event.text)
                    if event.logprobs and event.pieces is not None:
                        steps.append((event.pieces, event.logprobs))
                    now = time.monotonic()
                    if now - last_emit >= EMIT_INTERVAL:
                        self._emit_tokens(job_id, steps)
                        self.chunk.emit(job_id, "".join(pending))
                        pending.clear()
                        last_emit = now
                elif isinstance(event, ev.PromptReady):
                    self.promptReady.emit(job_id, event.prompt_tokens, event.n_ctx)
                elif isinstance(event, ev.Done):
                    self._emit_tokens(job_id, steps)
                    if pending:
                        self.chunk.emit(job_id, "".join(pending))
                        pending.clear()
                    self.finished.emit(job_id, event)
                elif isinstance(event, ev.Stats):
                    self.stats.emit(job_id, event)
                elif isinstance(event, ev.ToolCalls):  # the text before them goes first
                    self._emit_tokens(job_id, steps)
                    if pending:
                        self.chunk.emit(job_id, "".join(pending))
                        pending.clear()
                    self.toolCalls.emit(job_id, event.calls)
        finally:
            self._emit_tokens(job_id, steps)
            if pending:  # text that arrived before a failure is not lost
                self.chunk.emit(job_id, "".join(pending))

    def _emit_tokens(self, job_id: int, steps: list[tuple[Any, Any]]) -> None:
        if steps:  # before the chunk with their text, so the two always match
            self.tokens.emit(job_id, steps[:])
            steps.clear()

    @Slot(int, object)
    def call(self, call_id: int, work: Any) -> None:
        """Run ``work(client)`` here, between the other requests (a tokenization, a next-token
        distribution...); its result or its error comes back tagged with ``call_id``."""
        if self._closing:
            self.callFailed.emit(call_id, GenerationCancelledError("The window is closing.",
                                                                   reason="window_closing"))
            return
        try:
            result = work(self.client)
        except OndolError as err:
            self.callFailed.emit(call_id, err)
            return
        except Exception as err:  # a bug must not leave a page waiting for ever
            self.callFailed.emit(call_id, GenerationError(
                f"Unexpected error: {err!r}", reason="unexpected", detail=repr(err)))
            return
        self.called.emit(call_id, result)

    @Slot()
    def shutdown(self) -> None:
        """Close the runtime host, then end this thread (queued after any running request)."""
        try:
            self.client.close(timeout=1.0)
        finally:
            thread = self.thread()
            if thread is not None:
                thread.quit()
