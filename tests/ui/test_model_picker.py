"""The model picker popup: typing filters, arrows move, Enter loads, Esc closes; each model shows
its size, format, fit here and when it was last used."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.settings.paths import AppPaths
from app.ui.main_window import MainWindow
from app.ui.model_picker import FIT, FORMAT, NAME, SIZE, USED, ModelPicker
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, send, wait_idle


def _second_model(gemma3_path: Path) -> None:
    """Gemma 3 in the library beside the starter model (linked, not copied)."""
    folder = AppPaths.from_environment().ensure().models_dir / "unsloth" / "gemma-3-270m-GGUF"
    folder.mkdir(parents=True)
    os.symlink(gemma3_path, folder / gemma3_path.name)


def _open(qtbot: QtBot, window: MainWindow, by_button: bool = False) -> ModelPicker:
    picker: ModelPicker = window.model_picker  # type: ignore[attr-defined]
    if by_button:
        window.top_bar.find_button.click()
    else:
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(picker.isVisible, timeout=5_000)
    # Fit and last use are read off the GUI thread.
    qtbot.waitUntil(lambda: all(picker.list.topLevelItem(r).text(USED)
                                for r in range(picker.list.topLevelItemCount())),
                    timeout=30_000)
    return picker


def _row(picker: ModelPicker, word: str) -> int:
    return next(r for r in range(picker.list.topLevelItemCount())
                if word in picker.list.topLevelItem(r).text(NAME).lower())


def test_typing_filters_and_enter_loads_the_chosen_model(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, gemma3_path: Path) -> None:
    _second_model(gemma3_path)
    window = make_window(fake)
    qtbot.waitUntil(lambda: window.top_bar.models.rowCount() == 2, timeout=30_000)
    send(qtbot, window, "Hello")  # the starter model answers: it has been used
    wait_idle(qtbot, window)
    picker = _open(qtbot, window)
    assert picker.search.hasFocus() and picker.list.topLevelItemCount() == 2
    smol, gemma = _row(picker, "smollm2"), _row(picker, "gemma")
    for row in (smol, gemma):
        item = picker.list.topLevelItem(row)
        assert item.text(FORMAT) == "GGUF" and item.text(SIZE).endswith("MiB")
        assert item.text(FIT) in ("Fits in RAM (CPU)", "Full GPU offload", "Partial GPU offload")
        assert item.toolTip(FIT)  # the planner's sentence, as the top bar says it
    assert picker.list.topLevelItem(gemma).text(USED) == "Never"
    assert picker.list.topLevelItem(smol).text(USED) not in ("", "Never")

    qtbot.keyClicks(picker.search, "gem")
    assert picker.visible_rows() == [gemma]
    qtbot.keyClicks(picker.search, "zz")
    assert picker.visible_rows() == [] and picker.empty.isVisibleTo(picker)
    picker.search.setText("gemma")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert not picker.isVisible()
    qtbot.waitUntil(lambda: window.models.ready and "gemma" in window.models.model_name,
                    timeout=30_000)
    assert fake.loaded is not None and fake.loaded.path == str(
        window.models.current.path)  # type: ignore[union-attr]
    assert "gemma" in window.top_bar.picker.currentText().lower()


def test_arrows_move_and_escape_closes_without_loading(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, gemma3_path: Path) -> None:
    _second_model(gemma3_path)
    window = make_window(fake)
    qtbot.waitUntil(lambda: window.top_bar.models.rowCount() == 2, timeout=30_000)
    loaded = window.models.model_name
    picker = _open(qtbot, window, by_button=True)  # the top bar's search button opens it too
    first = picker.list.indexOfTopLevelItem(picker.list.currentItem())
    qtbot.keyClick(picker.search, Qt.Key.Key_Down if first == 0 else Qt.Key.Key_Up)
    assert picker.list.indexOfTopLevelItem(picker.list.currentItem()) != first
    assert picker.search.hasFocus()  # the arrows did not take the keyboard away
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=5_000)
    assert window.models.model_name == loaded and window.models.ready


def test_fit_ranks_follow_the_planners_labels() -> None:
    from app.core.planning.fit import FitLabel
    from app.core.planning.reasons import CODES
    from app.ui import picker_facts

    assert [label.value for label in FitLabel] == picker_facts._ORDER
    plan_codes = {code for code in CODES if code.startswith("plan.")}
    assert plan_codes == set(picker_facts._LABEL_BY_PLAN)
