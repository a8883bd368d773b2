"""Where the parameter panel shows, and its Advanced section (closed at first, remembered)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from app.ui.icons import NAME_PROPERTY
from app.ui.main_window import MainWindow
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, close_window


def panel_toggle(window: MainWindow) -> QAction:
    """View → Parameters panel, found by its shortcut."""
    return next(a for a in window.findChildren(QAction)
                if a.shortcut() == QKeySequence("Ctrl+Shift+P"))


def test_the_panel_shows_on_the_chat_page_only(qtbot: QtBot, make_window: MakeWindow,
                                               fake: FakeRuntime) -> None:
    window = make_window(fake)
    panel, toggle = window.params, panel_toggle(window)
    assert panel.isVisible() and toggle.isChecked()
    window.sidebar.modelsPageRequested.emit()
    assert window.pages.currentIndex() == 1 and not panel.isVisible()
    window.sidebar.serverPageRequested.emit()
    assert not panel.isVisible()
    window.sidebar.chatPageRequested.emit()
    assert panel.isVisible()

    toggle.trigger()  # hidden by the user: stays hidden on every page
    assert not toggle.isChecked() and not panel.isVisible()
    window.sidebar.modelsPageRequested.emit()
    window.sidebar.chatPageRequested.emit()
    assert not panel.isVisible()
    toggle.trigger()  # shown again, but only where it applies
    assert panel.isVisible()
    window.sidebar.modelsPageRequested.emit()
    toggle.trigger()
    toggle.trigger()  # switched off and on while away from the chat page
    assert toggle.isChecked() and not panel.isVisible()
    window.sidebar.chatPageRequested.emit()
    assert panel.isVisible()


def test_advanced_is_closed_at_first_and_opening_it_is_remembered(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime) -> None:
    window = make_window(fake)
    panel = window.params
    button = panel.advanced_button
    # The basic knobs show; the rest wait behind a closed, keyboard-reachable header.
    for basic in (panel.system_prompt, panel.temperature, panel.max_tokens, panel.gauge):
        assert basic.isVisible(), basic.accessibleName()
    for advanced in (panel.top_k, panel.top_p, panel.min_p, panel.repeat_penalty, panel.seed,
                     panel.stop, panel.n_ctx):
        assert not advanced.isVisible(), advanced.accessibleName()
    assert not button.isChecked() and button.property(NAME_PROPERTY) == "chevron-right"
    assert button.accessibleName() == "Advanced" and button.accessibleDescription()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus

    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # opened from the keyboard
    assert button.isChecked() and button.property(NAME_PROPERTY) == "chevron-down"
    assert panel.top_p.isVisible() and panel.n_ctx.isVisible()
    close_window(qtbot, window)

    again = make_window(FakeRuntime())  # the next start, same config folder
    assert again.params.advanced_button.isChecked() and again.params.top_p.isVisible()
    again.params.advanced_button.click()  # closed again: remembered too
    close_window(qtbot, again)
    third = make_window(FakeRuntime())
    assert not third.params.advanced_button.isChecked()
    assert not third.params.top_p.isVisible()
