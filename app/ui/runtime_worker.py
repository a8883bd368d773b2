"""The bridge between the runtime client (blocking) and the GUI (never blocks).

A ``RuntimeWorker`` lives on its own ``QThread`` and does everything that waits on the runtime
host: loading, counting tokens for the context policy, reading the event stream. It emits
coalesced text at most ~30 times a second, each signal tagged with the job id the GUI gave it,
so the GUI can drop anything stale. Stopping is not a message to this thread (it is busy
reading the stream): the GUI sets the client's cancel flag directly.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from app.core.backends.params import LoadParams, SamplingParams
from app.core.chat.session import ChatSession, OverflowPolicy
from app.core.errors import OndolError
from app.core.runtime import events as ev

EMIT_INTERVAL = 1 / 30  # at most ~30 text updates a second reach the GUI


class RuntimeLike(Protocol):
    """What the worker needs from a runtime client (the real one, or a scripted fake)."""

    loaded: ev.LoadedModel | None

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> ev.LoadedModel: ...
    def generate(self, sampling: SamplingParams, messages: list[dict[str, Any]] | None = None,
                 prompt: str | None = None) -> Any: ...
    def count_chat_tokens(self, messages: list[dict[str, Any]]) -> int: ...
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
    stats = Signal(int, object)  # job id, Stats (running)
    finished = Signal(int, object)  # job id, Done
    failed = Signal(int, object)  # job id, OndolError (generation)

    def __init__(self, client: RuntimeLike) -> None:
        super().__init__()
        self.client = client

    @Slot(int, str, object)
    def load(self, job_id: int, path: str, params: LoadParams) -> None:
        """Load a model, reporting progress."""
        try:
            model = self.client.load(path, params,
                                     lambda fraction: self.loadProgress.emit(job_id, fraction))
        except OndolError as err:
            self.loadFailed.emit(job_id, err)
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

    @Slot(int, object, object, str)
    def generate(self, job_id: int, session: ChatSession, sampling: SamplingParams,
                 policy: str) -> None:
        """Fit the conversation to the context, then stream the answer in coalesced chunks."""
        try:
            loaded = self.client.loaded
            if loaded is None:
                from app.core.errors import NoModelLoadedError

                raise NoModelLoadedError("Load a model first.")
            session.policy = OverflowPolicy(policy)
            n_ctx = loaded.n_ctx
            reserve = min(sampling.max_tokens or n_ctx // 4, n_ctx // 2)
            messages = session.messages_for_prompt(self.client.count_chat_tokens, n_ctx, reserve)
            self._stream(job_id, messages, sampling, n_ctx)
        except OndolError as err:
            self.failed.emit(job_id, err)

    def _stream(self, job_id: int, messages: list[dict[str, str]], sampling: SamplingParams,
                n_ctx: int) -> None:
        pending: list[str] = []
        last_emit = 0.0
        for event in self.client.generate(sampling, messages=messages):
            if isinstance(event, ev.Delta):
                pending.append(event.text)
                now = time.monotonic()
                if now - last_emit >= EMIT_INTERVAL:
                    self.chunk.emit(job_id, "".join(pending))
                    pending.clear()
                    last_emit = now
            elif isinstance(event, ev.Done):
                if pending:
                    self.chunk.emit(job_id, "".join(pending))
                self.promptReady.emit(job_id, event.stats.prompt_tokens, n_ctx)
                self.finished.emit(job_id, event)
            elif isinstance(event, ev.Stats):
                self.stats.emit(job_id, event)

    @Slot()
    def shutdown(self) -> None:
        """Close the runtime host, then end this thread (queued after any running request)."""
        try:
            self.client.close(timeout=1.0)
        finally:
            thread = self.thread()
            if thread is not None:
                thread.quit()
