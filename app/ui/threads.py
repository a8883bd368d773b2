"""Waiting for a worker thread to end without blocking Qt (``QThread.wait`` on the GUI thread
aborted under xcb in a probe, and a nested loop waiting for ``finished`` can miss it)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QThread


def wait_for_thread(thread: QThread, milliseconds: int) -> bool:
    """Process events until ``thread`` has finished or the time is up; True when it finished."""
    deadline = time.monotonic() + milliseconds / 1000
    while not thread.isFinished() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    return thread.isFinished()
