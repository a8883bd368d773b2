"""The Models page shows each variant's longest context and estimated speed here, and the first
answer with a loaded model teaches the estimate."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.catalog.starter import SMOLLM2
from app.core.planning import speed
from tests.fake_runtime import FakeRuntime
from tests.fakehub import FakeHub, fixtures
from tests.fakehub.fixtures import STARTER_REPO
from tests.ui.conftest import MakeWindow, send, wait_idle

fake_hub = fixtures.fake_hub
PROBE = 22e9


def test_variant_rows_show_context_and_speed(qtbot: QtBot, make_window: MakeWindow,
                                             fake_hub: FakeHub,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed, "probe_copy_bandwidth", lambda: PROBE)
    window = make_window(FakeRuntime())
    window.sidebar.modelsPageRequested.emit()
    page = window.models_page
    page.search.repoChosen.emit(STARTER_REPO)
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    table = page.repo.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[3:] == ["On this computer", "Longest context", "Speed here"]
    assert table.item(0, 4).text() == "8,192 tokens"
    tps = PROBE * speed.DECODE_EFFICIENCY / SMOLLM2.size_bytes
    assert table.item(0, 5).text() == f"≈ {tps:.0f} tok/s"
    assert "estimate" in table.horizontalHeaderItem(5).toolTip().lower()


def test_the_first_answer_teaches_the_speed_estimate(qtbot: QtBot, make_window: MakeWindow
                                                     ) -> None:
    window = make_window(FakeRuntime())
    models = window.models
    store = speed.speed_store(models.ctx.paths.data_dir)
    machine = models.selector.machine
    assert store.runs(machine) == []
    send(qtbot, window, "Hello there")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: len(store.runs(machine)) == 1, timeout=10_000)
    send(qtbot, window, "And again")  # only the first answer after a load is learned from
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: models.background.running == 0, timeout=10_000)
    (learned,) = store.runs(machine)
    assert learned.weights_bytes == models.plan.estimate.weights_bytes > 0
    assert learned.threads == models.plan.params.n_threads and learned.decode_tps > 0
