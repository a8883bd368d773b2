"""The Korean window after a failed load says why in Korean: no English sentence from the core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.catalog.library import LocalModel
from app.core.errors import ModelLoadError
from app.core.types.params import LoadParams
from tests import bad_models
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.test_error_words import korean_only


class LoadFails(FakeRuntime):
    """The runtime refuses every load, as llama.cpp does with a file it cannot use."""

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> Any:
        raise ModelLoadError(f"llama.cpp could not load {path}: llama_model_load: error loading "
                             "model: tensor 'blk.0.attn_q.weight' data is not within the file "
                             "bounds", path=path, native_log=["error loading model"])


@pytest.fixture
def korean_settings() -> None:
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore

    store = SettingsStore(AppPaths.from_environment().ensure().settings_file)
    settings = store.load()
    settings.language = "ko"
    store.save(settings)


def test_a_file_broken_since_the_scan_is_refused_in_korean(
        qtbot: QtBot, make_window: MakeWindow, korean_settings: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append(
        f"{title}\n{text}"))
    window = make_window(FakeRuntime())
    bad = bad_models.png_renamed(tmp_path)  # real bytes, read by the real core
    window.models.load(LocalModel("picture.gguf", bad, bad.stat().st_size))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    status = window.status_label.text()
    assert "PNG 이미지" in status and korean_only(status, "picture.gguf"), status
    assert shown[0].startswith("모델을 불러올 수 없습니다") and status in shown[0]
    assert window.models.ready  # the model that was loaded stays loaded
    chats = window.sidebar.chats
    assert chats.data(chats.index(0)) == "새 대화"  # the core's placeholder title, in Korean


def test_a_load_the_runtime_refuses_is_told_in_korean(qtbot: QtBot, make_window: MakeWindow,
                                                      korean_settings: None) -> None:
    window = make_window(LoadFails(), wait_for_model=False)
    qtbot.waitUntil(lambda: "불러올 수 없습니다" in window.top_bar.status.text(), timeout=30_000)
    said = window.top_bar.status.text()
    assert korean_only(said, "SmolLM2-135M-Instruct.Q4_1.gguf"), said
    assert "tensor" not in said and "llama_model_load" not in said
    assert korean_only(window.status_label.text(), "SmolLM2-135M-Instruct.Q4_1.gguf")
    assert window.top_bar.load_button.isEnabled() and not window.models.ready
