"""The model picker names the draft model that would speed up the highlighted model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.planning.reasons import CODES, Reason
from app.core.planning.words import english
from app.core.settings.paths import AppPaths
from app.ui.i18n import install_translator
from app.ui.model_picker import ModelPicker
from app.ui.words.planning import reason_text
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.test_model_picker import _open, _row
from tests.vocab_models import vocab_model


def test_the_picker_names_a_draft_with_the_same_vocabulary(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, smollm2_path: Path) -> None:
    models = AppPaths.from_environment().ensure().models_dir
    vocab_model(models / "pub" / "tinydraft" / "tinydraft.gguf", smollm2_path,
                smollm2_path.stat().st_size // 4)
    window = make_window(fake)
    qtbot.waitUntil(lambda: window.top_bar.models.rowCount() == 2, timeout=30_000)
    picker: ModelPicker = _open(qtbot, window)
    picker.list.setCurrentItem(picker.list.topLevelItem(_row(picker, "smollm2")))
    qtbot.waitUntil(lambda: picker.draft.isVisibleTo(picker), timeout=30_000)
    text = picker.draft.text()
    assert text.startswith("Draft: ") and "tinydraft" in text.lower()
    assert text.endswith(" — same vocabulary, 25% of the size")
    # The draft itself has nothing smaller to draft for it: no line.
    picker.list.setCurrentItem(picker.list.topLevelItem(_row(picker, "tinydraft")))
    assert not picker.draft.isVisibleTo(picker) and picker.draft.text() == ""
    picker.list.setCurrentItem(picker.list.topLevelItem(_row(picker, "smollm2")))
    assert picker.draft.text() == text  # read once, shown again
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=5_000)


def test_the_window_says_every_draft_reason_as_the_command_line_does(qapp: QApplication) -> None:
    install_translator(qapp, "en")
    samples = {"share": 0.4398, "limit_percent": 50, "tokens": 49152, "target_tokens": 151936,
               "key": "tokenizer.ggml.eos_token_id", "format": "ONNX"}
    drafts = [code for code in CODES if code.startswith("draft.")]
    assert len(drafts) == 14
    for code in drafts:
        sample = Reason(code, {name: samples[name] for name in CODES[code]})
        assert reason_text(sample) == english(sample), code
    assert english(Reason("draft.same_vocab", {"share": 0.4398})) == \
        "same vocabulary, 44% of the size"
