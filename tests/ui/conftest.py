"""Window fixtures: a real MainWindow, offscreen, on a scripted or the real runtime."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from tests.child_processes import check_no_leftovers, snapshot
from tests.fake_runtime import FakeRuntime

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    """Build windows (closed at the end); ``client=None`` means the real runtime."""
    from app.ui.app import create_window

    windows: list[MainWindow] = []

    def make(client: object | None = None, wait_for_model: bool = True) -> MainWindow:
        window = create_window(client=client, show_welcome=False)  # type: ignore[arg-type]
        window.show()
        windows.append(window)
        if wait_for_model:
            qtbot.waitUntil(lambda: window.models.ready, timeout=60_000)
        return window

    yield make
    for window in windows:
        close_window(qtbot, window)


def close_window(qtbot: QtBot, window: MainWindow) -> None:
    """Close the way a user does, and wait (without blocking Qt) for the worker thread."""
    if getattr(window, "closed_by_test", False):
        return
    window.closed_by_test = True  # type: ignore[attr-defined]
    window.close()
    qtbot.waitUntil(window.thread_.isFinished, timeout=5_000)
    window.store.close()
    window.deleteLater()


@pytest.fixture
def fake() -> FakeRuntime:
    """A scripted runtime: 60 tokens at 200 tok/s."""
    return FakeRuntime()


@pytest.fixture(autouse=True)
def no_leaks(qapp: QApplication) -> Iterator[None]:
    """Every window test ends with no visible top-level window and no running worker thread."""
    yield
    QApplication.processEvents()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not visible, f"windows left open: {visible}"
    running = [t for w in QApplication.topLevelWidgets() for t in w.findChildren(QThread)
               if t.isRunning()]
    assert not running, f"threads left running: {running}"


@pytest.fixture(autouse=True)
def no_processes_left_behind() -> Iterator[None]:
    """Every window test ends with no runtime host (or other child) of its own still running."""
    before = snapshot()
    yield
    check_no_leftovers(before)


def send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type ``text`` and press Enter, as a user would."""
    from PySide6.QtCore import Qt

    window.composer.edit.setFocus()
    window.composer.edit.setPlainText(text)
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 60_000) -> None:
    """Until the answer in flight has ended."""
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=timeout)
