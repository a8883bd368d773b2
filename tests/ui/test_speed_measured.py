"""A model run here shows, where the user looks at it, the speed it measured beside the speed the
estimate predicted: in My models and on its repository's page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.catalog.starter import SMOLLM2
from app.core.planning import speed
from tests.fake_runtime import FakeRuntime
from tests.fakehub import FakeHub, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO
from tests.ui.conftest import MakeWindow, send, wait_idle

fake_hub = fixtures.fake_hub
STARTER = f"{STARTER_REPO}/{STARTER_FILE}"
OTHER_MB = 200


def prepare_store(window) -> float:
    """The starter model measured at 93 tok/s, another model at 10 GB/s: the starter's
    prediction (from the other model alone) is returned."""
    store = speed.speed_store(window.models.ctx.paths.data_dir)
    machine = window.models.selector.machine
    store.add_run(machine, speed.SpeedRun("llama.cpp", "CPU", 0, OTHER_MB * 1_000_000, 50.0,
                                          model="someone/other/other.gguf"))
    store.add_run(machine, speed.SpeedRun("llama.cpp", "CPU", 0, SMOLLM2.size_bytes, 93.0,
                                          model=STARTER))
    return 10e9 / SMOLLM2.size_bytes


def library_speed(window, name: str) -> str:
    panel = window.models_page.local
    row = next(i for i, model in enumerate(panel.models) if model.name == name)
    item = panel.table.item(row, panel.SPEED)
    return item.text() if item is not None else ""


def test_a_variant_run_here_shows_measured_and_predicted(qtbot: QtBot, make_window: MakeWindow,
                                                         fake_hub: FakeHub) -> None:
    window = make_window(FakeRuntime())
    predicted = prepare_store(window)
    window.sidebar.modelsPageRequested.emit()
    page = window.models_page
    page.open_repo(STARTER_REPO)
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    cell = page.repo.table.item(0, 5)
    assert cell.text() == f"93 tok/s measured here (predicted ≈ {predicted:.0f})"
    assert "measured" in cell.toolTip().lower()

    page.setCurrentWidget(page.local)  # shown: read again from the store
    assert library_speed(window, STARTER) == cell.text()
    header = page.local.table.horizontalHeaderItem(page.local.SPEED)
    assert header.text() == "Speed here" and "prediction" in header.toolTip()


def test_a_model_never_run_here_shows_a_dash_and_the_estimate(
        qtbot: QtBot, make_window: MakeWindow, fake_hub: FakeHub) -> None:
    window = make_window(FakeRuntime())
    page = window.models_page
    page.open_repo(STARTER_REPO)
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    assert page.repo.table.item(0, 5).text().startswith("≈ ")
    page.setCurrentWidget(page.local)
    assert library_speed(window, STARTER) == "–"


def test_the_first_answer_is_shown_in_my_models(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    models = window.models
    store = speed.speed_store(models.ctx.paths.data_dir)
    send(qtbot, window, "Hello there")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: len(store.runs(models.selector.machine)) == 1, timeout=10_000)
    (learned,) = store.runs(models.selector.machine)
    assert learned.model == models.current.name
    window.sidebar.modelsPageRequested.emit()
    page = window.models_page
    page.setCurrentWidget(page.local)
    assert "tok/s measured here (predicted ≈ " in library_speed(window, learned.model)
