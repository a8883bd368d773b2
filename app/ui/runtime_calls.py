"""Asking the runtime host something from a page, without blocking the window.

The host runs one request at a time on the runtime worker's thread; a page's question (split a
text into tokens, the next-token distribution, a short answer) waits its turn there, behind an
answer that is streaming, and its result comes back to the GUI thread through a callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.errors import OndolError
from app.ui.runtime_worker import RuntimeWorker

Work = Callable[[Any], Any]  # given the runtime client, on the worker's thread


class RuntimeCalls(QObject):
    """Runs ``work(client)`` on the runtime worker's thread; calls back on the GUI thread."""

    _request = Signal(int, object)  # call id, work

    def __init__(self, worker: RuntimeWorker) -> None:
        super().__init__()
        self._next_id = 0
        self._waiting: dict[int, tuple[Callable[[Any], None], Callable[[OndolError], None]]] = {}
        self._request.connect(worker.call)  # queued: the worker lives on its own thread
        worker.called.connect(self._on_called)
        worker.callFailed.connect(self._on_failed)

    def run(self, work: Work, done: Callable[[Any], None],
            failed: Callable[[OndolError], None]) -> int:
        """Queue ``work``; ``done(result)`` or ``failed(error)`` follows on the GUI thread.
        Returns the call's id (for ``forget``)."""
        self._next_id += 1
        self._waiting[self._next_id] = (done, failed)
        self._request.emit(self._next_id, work)
        return self._next_id

    def forget(self, call_id: int) -> None:
        """Drop the callbacks of a call whose answer no longer matters (it still runs)."""
        self._waiting.pop(call_id, None)

    @property
    def pending(self) -> int:
        """Calls whose answer has not come back yet."""
        return len(self._waiting)

    def _on_called(self, call_id: int, result: Any) -> None:
        callbacks = self._waiting.pop(call_id, None)
        if callbacks is not None:
            callbacks[0](result)

    def _on_failed(self, call_id: int, error: OndolError) -> None:
        callbacks = self._waiting.pop(call_id, None)
        if callbacks is not None:
            callbacks[1](error)
