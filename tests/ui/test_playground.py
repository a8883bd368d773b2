"""The decoding playground on the scripted runtime: words when no model is loaded or the
runtime cannot give a distribution, names for every control, and Tab through them all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.core.types.params import SamplingParams
from app.ui.inside.playground_knobs import KnobsPanel
from app.ui.inside.playground_tab import PlaygroundTab
from app.ui.main_window import MainWindow
from app.ui.words import decoding as words
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.widget_walk import interactive_widgets, spoken_name, tab_walk


def _open(window: MainWindow) -> PlaygroundTab:
    window.pages.setCurrentWidget(window.inside_page)
    window.inside_page.setCurrentWidget(window.inside_page.playground)
    return window.inside_page.playground


def test_a_runtime_without_distributions_is_said_in_words(qtbot: QtBot,
                                                          make_window: MakeWindow,
                                                          fake: FakeRuntime) -> None:
    window = make_window(fake)
    tab = _open(window)
    qtbot.waitUntil(lambda: tab.message.text().startswith(
        words.failed("").split("{")[0].rstrip()), timeout=10_000)
    assert tab.message.isVisible() and tab.message.property("role") == "error"
    assert tab.prompt.toPlainText() == words.example_prompt()  # a new chat: no question
    assert tab.before.rows == []


def test_no_model_is_said_in_a_sentence(qtbot: QtBot, make_window: MakeWindow,
                                        fake: FakeRuntime) -> None:
    window = make_window(fake)
    window.models.eject()
    qtbot.waitUntil(lambda: not window.models.ready, timeout=10_000)
    tab = _open(window)
    qtbot.waitUntil(lambda: tab.message.text() == words.no_model(), timeout=10_000)
    assert not tab.answers.generate_button.isEnabled()
    assert tab.before.rows == [] and tab.after.rows == []


def test_every_control_is_named_and_reached_by_tab(qtbot: QtBot, make_window: MakeWindow,
                                                   fake: FakeRuntime) -> None:
    window = make_window(fake)
    tab = _open(window)
    qtbot.waitUntil(lambda: tab.message.isVisible(), timeout=10_000)
    labels = tab.findChildren(QLabel)
    controls = [w for w in interactive_widgets(window) if tab.isAncestorOf(w)
                and w.isEnabled() and w.isVisible()]
    assert len(controls) >= 9  # prompt, button, 4 sliders, Generate, 3 answers
    assert all(spoken_name(w, labels) for w in controls), [
        w for w in controls if not spoken_name(w, labels)]
    visited = tab_walk(qtbot, tab.prompt)
    missing = [w for w in controls if w not in visited]
    assert not missing, missing


def test_the_sliders_take_the_panel_values_and_give_them_back(qtbot: QtBot) -> None:
    knobs = KnobsPanel()
    qtbot.addWidget(knobs)
    knobs.set_values(SamplingParams(temperature=0.7, top_k=40, top_p=0.9, min_p=0.05))
    assert knobs.values() == SamplingParams(temperature=0.7, top_k=40, top_p=0.9, min_p=0.05)
    with qtbot.waitSignal(knobs.changed):
        qtbot.keyClick(knobs.sliders["top_p"], Qt.Key.Key_Left)
    assert knobs.values().top_p == 0.89
    QApplication.processEvents()
