"""Parameters on their way from the panel: to the runtime, into the chat (and back when it is
reopened), and planning that never runs on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, close_window, send, wait_idle


def type_into(qtbot: QtBot, box: Any, value: float) -> None:
    """Select the spin box's text, type ``value`` and press Enter, as a user does."""
    text = f"{value:.2f}".replace(".", box.locale().decimalPoint())
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def click_chat(qtbot: QtBot, window: Any, chat_id: int) -> None:
    """Click a chat in the sidebar's list."""
    sidebar = window.sidebar
    rect = sidebar.list.visualRect(sidebar.index_of(chat_id))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.chat.summary.id == chat_id, timeout=2_000)


def test_temperature_typed_in_the_panel_reaches_the_runtime(qtbot: QtBot,
                                                            make_window: MakeWindow,
                                                            fake: FakeRuntime) -> None:
    window = make_window(fake)
    box = window.params.temperature
    assert box.value() != pytest.approx(0.35)
    type_into(qtbot, box, 0.35)
    assert box.value() == pytest.approx(0.35)
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    assert fake.requests[-1]["sampling"].temperature == pytest.approx(0.35)
    # The chat keeps the values its answer was made with.
    saved = window.store.get_chat(window.chat.summary.id).params
    assert saved["temperature"] == pytest.approx(0.35)

    # Changed again, with nothing typed into the box now: the next answer uses the new value.
    type_into(qtbot, box, 1.25)
    window.composer.edit.setFocus()
    send(qtbot, window, "Again")
    wait_idle(qtbot, window)
    assert fake.requests[-1]["sampling"].temperature == pytest.approx(1.25)


def test_reopening_a_chat_restores_its_parameters(qtbot: QtBot, make_window: MakeWindow,
                                                  fake: FakeRuntime) -> None:
    window = make_window(fake)
    panel = window.params
    panel.temperature.setValue(0.35)
    panel.top_k.setValue(7)
    send(qtbot, window, "First chat")
    wait_idle(qtbot, window)
    first = window.chat.summary.id

    # A new chat starts from the model's values with the user's latest changes.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.summary.id != first
    assert panel.temperature.value() == pytest.approx(0.35) and panel.top_k.value() == 7
    panel.temperature.setValue(1.5)
    panel.max_tokens.setValue(30)
    send(qtbot, window, "Second chat")
    wait_idle(qtbot, window)
    second = window.chat.summary.id
    assert fake.requests[-1]["sampling"].temperature == pytest.approx(1.5)

    click_chat(qtbot, window, first)
    assert panel.temperature.value() == pytest.approx(0.35) and panel.top_k.value() == 7
    send(qtbot, window, "Back in the first chat")
    wait_idle(qtbot, window)
    sampling = fake.requests[-1]["sampling"]
    assert sampling.temperature == pytest.approx(0.35) and sampling.top_k == 7
    assert sampling.max_tokens != 30

    click_chat(qtbot, window, second)
    assert panel.temperature.value() == pytest.approx(1.5) and panel.max_tokens.value() == 30

    # After a restart the open chat's values come back too (the model's defaults do not
    # replace them when it loads).
    click_chat(qtbot, window, first)
    close_window(qtbot, window)
    again = make_window(FakeRuntime())
    assert again.chat.summary.id == first
    assert again.params.temperature.value() == pytest.approx(0.35)
    assert again.params.top_k.value() == 7


def test_planning_runs_off_the_gui_thread(qtbot: QtBot, make_window: MakeWindow,
                                          fake: FakeRuntime,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.context import AppContext
    from app.ui import welcome
    from app.ui.app import _welcome

    gui_thread = threading.get_ident()
    planned_on: list[int] = []
    plan = AppContext.plan

    def recording(self: AppContext, *args: Any, **kwargs: Any) -> Any:
        planned_on.append(threading.get_ident())
        return plan(self, *args, **kwargs)

    monkeypatch.setattr(AppContext, "plan", recording)
    window = make_window(fake)  # the first model's load was planned
    assert len(planned_on) == 1

    with qtbot.waitSignal(window.models.loaded, timeout=10_000):
        window.top_bar.load_button.click()  # loading again from the top bar
    window.params.advanced_button.click()  # the load settings are under Advanced
    window.params.n_ctx.setValue(1024)
    assert window.params.apply_load.isVisibleTo(window)
    with qtbot.waitSignal(window.models.loaded, timeout=10_000):
        window.params.apply_load.click()  # a changed load setting: plan, then load again
    assert fake.loaded is not None and fake.loaded.n_ctx == 1024

    shown: list[bool] = []
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: shown.append(True) or 1)
    _welcome(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)

    assert len(planned_on) >= 5  # start, Load, the reload's automatic plan and its own, welcome
    assert gui_thread not in planned_on


def test_candidates_per_token_are_chosen_in_the_panel_and_kept(qtbot: QtBot,
                                                                make_window: MakeWindow,
                                                                fake: FakeRuntime) -> None:
    window = make_window(fake)
    box = window.params.candidates
    assert box.value() == window.settings.chat_logprobs_k == 5  # the default, shown
    window.params.advanced_button.setChecked(True)
    box.setValue(3)
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    assert fake.requests[-1]["sampling"].top_logprobs == 3  # the next answer keeps 3
    window.params_ctl.save_settings()
    saved = window.params_ctl.store.load()
    assert saved.chat_logprobs_k == 3  # and the next start does too
    box.setValue(0)
    send(qtbot, window, "Again")
    wait_idle(qtbot, window)
    assert fake.requests[-1]["sampling"].top_logprobs == 0  # none asked for
