"""Korean input: Enter while a Hangul syllable is being composed sends the message once, whole.

The events are the ones Qt delivers from a Korean input method: the syllable being composed
arrives as preedit text, and on Enter the input method commits it — before the Enter key event
(IBus, Windows) or after it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from pytestqt.qtbot import QtBot

from app.ui.chat.composer import COMMIT_WAIT_MS, Composer
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, wait_idle


def ime(widget: object, commit: str = "", preedit: str = "") -> None:
    """One input-method event: ``commit`` goes into the text, ``preedit`` is shown pending."""
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(commit)
    QCoreApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def composer_with_syllable_pending(qtbot: QtBot) -> tuple[Composer, list[str]]:
    """A composer holding "안녕하" with "세" still being composed; and what it sends."""
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    composer.edit.setFocus()
    sent: list[str] = []
    composer.sendRequested.connect(sent.append)
    composer.sendRequested.connect(lambda _t: composer.edit.clear())  # as the window does
    for step in ("ㅇ", "아", "안"):
        ime(composer.edit, preedit=step)
    ime(composer.edit, commit="안", preedit="ㄴ")
    ime(composer.edit, commit="", preedit="녀")
    ime(composer.edit, commit="", preedit="녕")
    ime(composer.edit, commit="녕", preedit="하")
    ime(composer.edit, commit="하", preedit="세")
    assert composer.edit.toPlainText() == "안녕하" and composer.edit.composing
    return composer, sent


def test_commit_before_enter_sends_the_whole_text_once(qtbot: QtBot) -> None:
    composer, sent = composer_with_syllable_pending(qtbot)
    ime(composer.edit, commit="세")  # the input method commits on Enter…
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)  # …then Qt delivers the key
    assert sent == ["안녕하세"]
    assert composer.edit.toPlainText() == ""


def test_enter_before_commit_waits_for_the_last_syllable(qtbot: QtBot) -> None:
    composer, sent = composer_with_syllable_pending(qtbot)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)  # Enter while "세" is still shown
    assert sent == []  # not without its last syllable
    ime(composer.edit, commit="세")  # the input method commits after the key
    assert sent == ["안녕하세"]
    qtbot.wait(COMMIT_WAIT_MS + 100)  # the fallback must not send it again
    assert sent == ["안녕하세"] and composer.edit.toPlainText() == ""


def test_enter_pressed_twice_while_composing_sends_once(qtbot: QtBot) -> None:
    composer, sent = composer_with_syllable_pending(qtbot)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    ime(composer.edit, commit="세")
    assert sent == ["안녕하세"]


def test_an_input_method_that_never_commits_still_sends_the_shown_syllable(qtbot: QtBot
                                                                          ) -> None:
    composer, sent = composer_with_syllable_pending(qtbot)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(sent), timeout=5_000)
    assert sent == ["안녕하세"] and not composer.edit.composing


def test_shift_enter_while_plain_typing_still_adds_a_line(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    sent: list[str] = []
    composer.sendRequested.connect(sent.append)
    ime(composer.edit, commit="첫 줄")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    ime(composer.edit, commit="둘째 줄")
    assert sent == [] and composer.edit.toPlainText() == "첫 줄\n둘째 줄"


def test_the_window_stores_one_whole_message_when_enter_comes_first(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime) -> None:
    window = make_window(fake)
    edit = window.composer.edit
    edit.setFocus()
    ime(edit, commit="안녕하", preedit="세")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    ime(edit, commit="세")
    wait_idle(qtbot, window)
    questions = [m.content for m in window.chat.conversation.active_path() if m.role == "user"]
    assert questions == ["안녕하세"]
    assert edit.toPlainText() == "" and len(fake.requests) == 1
