"""The first start: typing while the welcome box is shown lands in the message box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.welcome import WelcomeDialog
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import close_window, wait_idle


def first_start(qtbot: QtBot, fake: FakeRuntime) -> MainWindow:
    """The window as on the very first start, its model loaded."""
    from app.ui.app import create_window

    window = create_window(client=fake, show_welcome=False)
    window.show()
    qtbot.waitUntil(lambda: window.models.ready, timeout=30_000)
    assert not window.settings.first_run_done
    return window


def test_typing_right_after_the_window_opens_goes_to_the_composer(qtbot: QtBot,
                                                                  fake: FakeRuntime) -> None:
    window = first_start(qtbot, fake)
    assert QApplication.focusWidget() is window.composer.edit
    qtbot.keyClicks(QApplication.focusWidget(), "hello")
    assert window.composer.edit.toPlainText() == "hello"
    close_window(qtbot, window)


def test_words_typed_while_the_welcome_is_shown_are_sent_not_swallowed(
        qtbot: QtBot, fake: FakeRuntime) -> None:
    from app.ui.app import _welcome

    window = first_start(qtbot, fake)
    typed: list[str] = []

    def type_into_the_welcome() -> None:
        # Runs inside the welcome's own event loop: keys go where the keyboard is.
        box = QApplication.activeModalWidget()
        if not isinstance(box, WelcomeDialog):
            QTimer.singleShot(20, type_into_the_welcome)
            return
        # The box holds its own focus (an offscreen screen may not activate it).
        qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_H)
        typed.append("still shown" if box.isVisible() else "closed")
        box.reject()  # (so a failure ends the test instead of leaving it waiting)

    QTimer.singleShot(0, type_into_the_welcome)
    _welcome(window)  # the facts are found off the GUI thread, then the box is shown (modal)
    qtbot.waitUntil(lambda: window.settings.first_run_done, timeout=30_000)
    assert typed == ["closed"]  # the first key closed it and went on
    # (the window becomes active again a moment after the box closes)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.composer.edit, timeout=5_000)
    qtbot.keyClicks(QApplication.focusWidget(), "ello")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    questions = [m.content for m in window.chat.conversation.active_path() if m.role == "user"]
    assert questions == ["hello"]
    close_window(qtbot, window)


def test_enter_in_the_welcome_does_not_press_start_chatting_by_itself(
        qtbot: QtBot, fake: FakeRuntime) -> None:
    window = first_start(qtbot, fake)
    window.composer.edit.setPlainText("Hi")
    box = WelcomeDialog(window.ctx.profile, None, window)
    assert not box.start_button.isDefault() and not box.start_button.autoDefault()
    box.show()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # goes on to the message box: "Hi" is sent
    wait_idle(qtbot, window)
    questions = [m.content for m in window.chat.conversation.active_path() if m.role == "user"]
    assert questions == ["Hi"] and not box.isVisible()
    close_window(qtbot, window)


def test_korean_composed_in_the_welcome_reaches_the_composer_whole(qtbot: QtBot,
                                                                   fake: FakeRuntime) -> None:
    window = first_start(qtbot, fake)
    box = WelcomeDialog(window.ctx.profile, None, window)
    box.show()
    for step in ("ㅇ", "아", "안"):
        QCoreApplication.sendEvent(box, QInputMethodEvent(step, []))
        assert box.isVisible()  # a syllable is still being composed
    commit = QInputMethodEvent("", [])
    commit.setCommitString("안")
    QCoreApplication.sendEvent(box, commit)
    assert not box.isVisible() and window.composer.edit.toPlainText() == "안"
    close_window(qtbot, window)
