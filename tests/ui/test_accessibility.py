"""Screen readers: every control has a name, a finished answer and an error are read out once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.core.errors import ContextOverflowError
from app.ui import announce
from tests.fake_runtime import FakeRuntime, scripted_tokens
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.widget_walk import interactive_widgets, spoken_name


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, str]]:
    """Every announcement made to screen readers: (who said it, what)."""
    said: list[tuple[object, str]] = []
    original = announce.QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append((event.object(), event.message()))
        original(event)

    monkeypatch.setattr(announce.QAccessible, "updateAccessibility", staticmethod(record))
    return said


def test_every_control_on_every_page_has_a_name(qtbot: QtBot, make_window: MakeWindow,
                                                fake: FakeRuntime) -> None:
    window = make_window(fake)
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    for page in range(window.pages.count()):  # each page drawn once, as a user would open it
        window.pages.setCurrentIndex(page)
        qtbot.wait(10)
    window.pages.setCurrentIndex(0)
    labels = window.findChildren(QLabel)
    controls = interactive_widgets(window)
    assert len(controls) > 20  # the walk found the window's controls
    nameless = [f"{type(w).__name__} in {type(w.parentWidget()).__name__}"
                for w in controls if not spoken_name(w, labels)]
    assert not nameless, f"controls without an accessible name: {nameless}"


def test_a_streamed_answer_is_announced_once_when_it_ends(
        qtbot: QtBot, make_window: MakeWindow, announced: list[tuple[object, str]]) -> None:
    fake = FakeRuntime(tokens=scripted_tokens(80), tokens_per_second=400)
    window = make_window(fake)
    for question in ("First", "Second"):
        send(qtbot, window, question)
        wait_idle(qtbot, window)
    answers = [m.content for m in window.chat.conversation.active_path()
               if m.role == "assistant"]
    from_view = [text for source, text in announced if source is window.view]
    assert from_view == answers  # one announcement per answer, whole, not per token
    assert len(answers) == 2 and all(answers)


def test_errors_on_the_status_line_are_announced(
        qtbot: QtBot, make_window: MakeWindow, announced: list[tuple[object, str]]) -> None:
    fake = FakeRuntime(fail_with=ContextOverflowError(
        "Core English, never shown.", tokens_needed=5000, n_ctx=4096, reason="conversation"))
    window = make_window(fake)
    send(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    said = window.status_label.text()
    assert said and (window.status_label, said) in announced
    assert not [text for source, text in announced if source is window.view]  # no answer
