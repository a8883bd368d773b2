"""The Loading group before and after the first model is planned."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.types.params import LoadParams
from app.ui.params_panel import ParamsPanel


def test_loading_shows_dashes_until_a_model_is_planned(qtbot: QtBot) -> None:
    panel = ParamsPanel()
    qtbot.addWidget(panel)
    edits: list[object] = []
    panel.loadEdited.connect(lambda: edits.append(True))
    boxes = (panel.n_ctx, panel.n_threads, panel.n_batch, panel.n_gpu_layers)
    # Not the boxes' minimums (256 / 1 / 16 / all) as if they were the settings in use.
    assert [box.text() for box in boxes] == ["—"] * 4
    assert not panel.load_group.isEnabled()
    assert panel.gauge.text() == "—"

    panel.set_load(LoadParams(n_ctx=4096, n_threads=2, n_batch=256, n_gpu_layers=-1))
    panel.set_context_usage(0, 4096)
    assert [box.text() for box in boxes] == ["4096", "2", "256", "all"]
    assert panel.load_group.isEnabled()
    assert panel.gauge.text() == "0 / 4096 tokens"
    # A minimum that is the real value reads as that value, not a dash.
    panel.set_load(LoadParams(n_ctx=256, n_threads=1, n_batch=16, n_gpu_layers=0))
    assert [box.text() for box in boxes] == ["256", "1", "16", "0"]
    assert edits == []  # showing values is not an edit
