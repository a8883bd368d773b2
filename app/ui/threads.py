"""Worker threads: the runtime worker's own ``QThread``, and waiting for a thread to end without
blocking Qt (``QThread.wait`` on the GUI thread aborted under xcb in a probe, and a nested loop
waiting for ``finished`` can miss it)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, Signal

from app.ui.runtime_worker import RuntimeLike, RuntimeWorker


def wait_for_thread(thread: QThread, milliseconds: int) -> bool:
    """Process events until ``thread`` has finished or the time is up; True when it finished."""
    deadline = time.monotonic() + milliseconds / 1000
    while not thread.isFinished() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    return thread.isFinished()


class RuntimeThread(QObject):
    """The ``RuntimeWorker`` on a thread of its own; ``shutdown`` ends both, bounded."""

    _shutdownRequested = Signal()

    def __init__(self, client: RuntimeLike) -> None:
        super().__init__()
        self.worker = RuntimeWorker(client)
        self.thread: QThread | None = None

    def start(self, owner: QObject) -> None:
        """Start the worker's thread, a child of ``owner`` (the window)."""
        self.thread = QThread(owner)
        self.thread.setObjectName("ondol-runtime-worker")
        self.worker.moveToThread(self.thread)
        self._shutdownRequested.connect(self.worker.shutdown)
        self.thread.start()

    def stop_everything(self) -> None:
        """A load or an answer in flight stops; nothing queued starts."""
        self.worker.stop_everything()

    def shutdown(self) -> None:
        """Close the runtime and let the worker's thread end without blocking Qt for long."""
        if self.thread is None:
            return
        self._shutdownRequested.emit()  # the worker closes the runtime, then ends its thread
        if not wait_for_thread(self.thread, 2000):
            # Still busy (a load that ignores cancel): end the runtime from here, which makes
            # the worker's blocking call return, then let the thread finish.
            self.worker.client.close(timeout=0.5)
            wait_for_thread(self.thread, 3000)
