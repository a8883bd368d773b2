"""Blocking calls off the GUI thread, with an answer on it: ``Background.run(fn, on_done,
on_failed)``.

``fn`` runs on Qt's global thread pool; its result, or the ``OndolError`` it raised, comes back
to the GUI thread through a queued signal. An unexpected exception (a bug) is logged and turned
into a typed ``OndolError``, so a caller never waits for ever on an answer that will not come.
Nothing starts once the window is closing, and an answer whose receiver is gone (the window
closed, the widget deleted) is dropped instead of calling into a deleted object.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)

from app.core.errors import GenerationError, OndolError

logger = logging.getLogger(__name__)

T = TypeVar("T")
Wrap = Callable[[Exception], OndolError]


def unexpected(err: Exception) -> OndolError:
    """The default typed error for a bug in a background call."""
    return GenerationError(f"Unexpected error: {err!r}", reason="unexpected", detail=repr(err))


def guarded(fn: Callable[[], T], wrap: Wrap = unexpected) -> tuple[bool, T | OndolError]:
    """Run ``fn``: ``(True, result)``, or ``(False, error)`` with any exception as an
    ``OndolError`` (a bug is logged with its traceback, then wrapped by ``wrap``)."""
    try:
        return True, fn()
    except OndolError as err:
        return False, err
    except Exception as err:  # a background failure would otherwise vanish
        logger.exception("background call failed")
        return False, wrap(err)


def _alive(callback: Callable[..., Any]) -> bool:
    """False when ``callback`` is a method of a Qt object that has been deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Bridge(QObject):
    """Carries one answer from the pool thread to the GUI thread, where it was made."""

    answered = Signal(bool, object)  # ok, result or OndolError

    def __init__(self, owner: Background, on_done: Callable[[Any], None],
                 on_failed: Callable[[OndolError], None]) -> None:
        super().__init__()
        self._owner, self._on_done, self._on_failed = owner, on_done, on_failed
        # Emitted on a pool thread; this object lives on the GUI thread: a queued call.
        self.answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        _IN_FLIGHT.discard(self)
        try:
            owner = self._owner
            if not shiboken6.isValid(owner) or owner.closing:
                return  # the window is closing or gone: nobody wants the answer
            callback = self._on_done if ok else self._on_failed
            if _alive(callback):
                callback(value)
        finally:
            self.deleteLater()


_IN_FLIGHT: set[_Bridge] = set()  # bridges kept alive until their answer is delivered


class Background(QObject):
    """Runs blocking calls for one window; ``close`` stops new ones, ``wait`` lets the running
    ones end (bounded)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closing = False
        self._running = 0
        self._lock = threading.Lock()

    @property
    def closing(self) -> bool:
        """The window is closing: nothing new starts."""
        return self._closing

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None],
            on_failed: Callable[[OndolError], None], wrap: Wrap = unexpected) -> bool:
        """Call ``fn()`` on a pool thread, then ``on_done(result)`` or ``on_failed(error)`` on
        this object's (the GUI) thread. Returns False, starting nothing, once closing."""
        if self._closing:
            return False
        bridge = _Bridge(self, on_done, on_failed)
        _IN_FLIGHT.add(bridge)

        def task() -> None:
            try:
                ok, value = guarded(fn, wrap)
                bridge.answered.emit(ok, value)
            finally:
                with self._lock:
                    self._running -= 1

        with self._lock:
            self._running += 1
        QThreadPool.globalInstance().start(task)
        return True

    @property
    def running(self) -> int:
        """Calls started and not yet returned."""
        with self._lock:
            return self._running

    def close(self) -> None:
        """The window is closing: start nothing more, and drop answers that still arrive."""
        self._closing = True

    def wait(self, milliseconds: int = 2000) -> bool:
        """Wait (bounded, Qt's events still served) for the calls still running; True when
        every one has returned."""
        deadline = time.monotonic() + milliseconds / 1000
        while self.running and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents,
                                           20)
            time.sleep(0.005)
        return not self.running
