"""The decoding playground on the real runtime and the starter model: the charts show what the
host computed, the greyed tokens are exactly those the decoding steps cut, and the greedy
answer is the model's temperature-0 answer, all three with one seed."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core.runtime import events as ev
from app.core.types.params import SamplingParams
from app.ui.inside.bars import BarState
from app.ui.inside.playground_answers import MAX_TOKENS
from app.ui.inside.playground_rows import token_label
from app.ui.inside.playground_tab import PlaygroundTab
from app.ui.main_window import MainWindow
from tests.child_processes import check_no_leftovers, snapshot
from tests.ui.conftest import close_window


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        QApplication.processEvents()
        time.sleep(0.005)


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    """The window lives for the whole module (one model load); checked when it closes."""
    yield


@pytest.fixture(autouse=True)
def no_processes_left_behind() -> Iterator[None]:
    """The runtime host lives for the whole module; checked when the window closes."""
    yield


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    from app.ui.app import create_window

    before = snapshot()
    win = create_window(client=None, show_welcome=False)
    win.show()
    _wait(lambda: win.models.ready)
    yield win

    class _Bot:  # close_window only needs waitUntil
        @staticmethod
        def waitUntil(condition: Callable[[], bool], timeout: int) -> None:
            _wait(condition, timeout / 1000)

    close_window(_Bot(), win)  # type: ignore[arg-type]
    QApplication.processEvents()
    check_no_leftovers(before)


@pytest.fixture
def tab(window: MainWindow) -> PlaygroundTab:
    window.pages.setCurrentWidget(window.inside_page)
    window.inside_page.setCurrentWidget(window.inside_page.playground)
    playground = window.inside_page.playground
    _wait(lambda: playground.view is not None and playground._call is None)
    return playground


def _ask(window: MainWindow, work: Callable[[Any], Any]) -> Any:
    """Run ``work(client)`` on the runtime's thread, as the tab does, and wait for it."""
    got: list[Any] = []
    window.inside_page.playground.deps.calls.run(work, got.append, got.append)
    _wait(lambda: bool(got))
    assert not isinstance(got[0], Exception), got[0]
    return got[0]


def _settle(tab: PlaygroundTab, knobs: SamplingParams) -> None:
    tab.knobs.set_values(knobs)
    tab.refresh()
    _wait(lambda: tab._call is None and tab.view is not None and tab.knobs.values() == knobs)


def test_the_chart_is_the_hosts_top_twenty_and_the_rest(window: MainWindow,
                                                        tab: PlaygroundTab) -> None:
    messages = tab.messages()
    view = _ask(window, lambda c: c.next_token_distribution(messages=messages, top_n=20))
    rows = tab.before.rows
    assert len(rows) == 21 and rows[-1].state == BarState.REST
    assert [r.label for r in rows[:20]] == [token_label(c.token, c.token_id)
                                            for c in view.candidates]
    assert [r.probability for r in rows[:20]] == pytest.approx([c.prob for c in view.candidates],
                                                               abs=1e-9)
    assert rows[-1].probability == pytest.approx(view.rest, abs=1e-9)
    assert 0 < rows[-1].probability < 1


def test_lowering_top_p_greys_exactly_what_the_step_cuts(window: MainWindow,
                                                        tab: PlaygroundTab) -> None:
    _settle(tab, SamplingParams(temperature=1.0, top_k=0, top_p=1.0, min_p=0.0))
    assert not [r for r in tab.after.rows if r.state == BarState.CUT]
    everything = tab.view.steps[-1].kept_count
    assert everything == tab.view.n_vocab
    knobs = SamplingParams(temperature=1.0, top_k=0, top_p=0.5, min_p=0.0)
    _settle(tab, knobs)
    messages = tab.messages()
    view = _ask(window, lambda c: c.next_token_distribution(messages=messages, top_n=20,
                                                              sampling=knobs))
    step = next(s for s in view.steps if s.name == "top_p")
    greyed = [r.state == BarState.CUT for r in tab.after.rows[:20]]
    assert greyed == [not kept for kept in step.kept]
    assert any(greyed)  # a spread prompt: top-p 0.5 leaves a few tokens
    assert tab.view.steps[-1].kept_count == step.kept_count < everything
    assert str(step.kept_count) in tab.kept.text().replace(",", "")


def test_the_greedy_answer_is_the_models_temperature_zero_answer(window: MainWindow,
                                                                 tab: PlaygroundTab) -> None:
    panel = window.params_ctl.sampling
    assert panel.seed is None  # so the tab chooses one and says it
    tab.answers.generate_button.click()
    _wait(lambda: not tab.answers.busy, timeout=120)
    seed = tab.answers.seed
    assert seed is not None and str(seed) in tab.answers.seed_label.text()
    assert {s.seed for s in tab.answers.settings.values()} == {seed}
    assert tab.answers.settings["greedy"].temperature == 0
    assert tab.answers.settings["hot"].temperature > tab.answers.settings["panel"].temperature
    messages = tab.messages()
    greedy = dataclasses.replace(panel, temperature=0.0, max_tokens=MAX_TOKENS, seed=seed)

    def generate(client: Any) -> str:
        return "".join(e.text for e in client.generate(greedy, messages=messages)
                       if isinstance(e, ev.Delta))

    expected = _ask(window, generate)
    assert expected.strip()
    assert tab.answers.boxes["greedy"].toPlainText() == expected.strip()
    texts = [box.toPlainText() for box in tab.answers.boxes.values()]
    assert all(t and t != "…" for t in texts)


def test_the_panels_seed_is_the_one_all_three_use(window: MainWindow,
                                                  tab: PlaygroundTab) -> None:
    window.params.seed.setValue(1234)
    _wait(lambda: window.params_ctl.sampling.seed == 1234)
    try:
        tab.answers.generate_button.click()
        assert {s.seed for s in tab.answers.settings.values()} == {1234}
        assert "1234" in tab.answers.seed_label.text().replace(",", "")
        tab.answers.stop_button.click()
        assert not tab.answers.busy
    finally:
        window.params.seed.setValue(-1)
