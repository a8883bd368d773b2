"""A model that sees images (a vision projector beside it) carries an eye with "Sees images"
in the model picker and the library table; one without a projector does not."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.catalog.library import scan_all
from app.core.settings.paths import AppPaths
from app.ui.background import Background
from app.ui.browser.library_panel import LibraryPanel
from app.ui.model_picker import FORMAT, NAME
from tests.core.test_projector_pairing import projector
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.test_model_picker import _open, _row


def _vision_gemma(gemma3_path: Path) -> Path:
    """Gemma 3 in the library (linked) with a projector header beside it."""
    models = AppPaths.from_environment().ensure().models_dir
    folder = models / "unsloth" / "gemma-3-270m-GGUF"
    folder.mkdir(parents=True)
    os.symlink(gemma3_path, folder / gemma3_path.name)
    projector(folder / "mmproj-gemma-3-270m-f16.gguf")
    return models


def test_the_picker_marks_the_model_that_sees_images(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, gemma3_path: Path) -> None:
    _vision_gemma(gemma3_path)
    window = make_window(fake)
    qtbot.waitUntil(lambda: window.top_bar.models.rowCount() == 2, timeout=30_000)
    picker = _open(qtbot, window)
    assert picker.list.topLevelItemCount() == 2  # the projector is no model of its own
    gemma = picker.list.topLevelItem(_row(picker, "gemma"))
    smol = picker.list.topLevelItem(_row(picker, "smollm2"))
    assert gemma.toolTip(FORMAT) == "Sees images" and not gemma.icon(FORMAT).isNull()
    assert gemma.data(FORMAT, Qt.ItemDataRole.AccessibleTextRole) == "GGUF, Sees images"
    assert smol.toolTip(FORMAT) == "" and smol.icon(FORMAT).isNull()
    assert "mmproj" not in gemma.text(NAME).lower()
    picker.hide()


def test_the_library_table_marks_it_too(qtbot: QtBot, gemma3_path: Path,
                                        smollm2_path: Path) -> None:
    models = _vision_gemma(gemma3_path)
    panel = LibraryPanel(models, Background())
    qtbot.addWidget(panel)
    panel.set_models(scan_all(models, include_external=False))
    cells = {panel.table.item(r, 0).text(): panel.table.item(r, 0)
             for r in range(panel.table.rowCount())}
    (name,) = cells
    assert "gemma" in name and not cells[name].icon().isNull()
    assert cells[name].toolTip().endswith("\nSees images")
    assert cells[name].data(Qt.ItemDataRole.AccessibleTextRole) == f"{name}, Sees images"
