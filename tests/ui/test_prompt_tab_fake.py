"""The prompt tab on a scripted runtime (which cannot render a template): it asks off the GUI
thread, says in words what went wrong, and every control has a name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.words.prompt import source_text, tokens_text
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.widget_walk import interactive_widgets


def test_the_tab_asks_off_the_gui_thread_and_says_why_it_failed(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime) -> None:
    window = make_window(fake)
    tab = window.inside_page.prompt
    window.pages.setCurrentWidget(window.inside_page)
    with qtbot.waitSignal(tab.renderFailed, timeout=10_000):
        window.inside_page.setCurrentWidget(tab)
        # The question went to the runtime worker; the window did not wait for its answer.
        assert tab.deps.calls.pending >= 1 and not tab.message.isVisible()
    assert tab.message.isVisible() and tab.message.text().strip()
    assert tab.message.property("role") == "error"
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    names = {w: w.accessibleName() for w in interactive_widgets(window) if tab.isAncestorOf(w)}
    assert len(names) >= 6 and all(names.values()), names


def test_the_words() -> None:
    assert tokens_text(1234) == "1,234 tokens"
    assert source_text("fallback:chatml").startswith("Ondol’s ChatML format")
    assert source_text("override") == "Your chat template, saved for this model"
