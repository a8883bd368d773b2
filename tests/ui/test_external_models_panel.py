"""Ollama's models in the window: listed in My models as Ollama's, in the picker, never deleted."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def ollama_store(original: Path, root: Path) -> Path:
    """An Ollama store in its documented layout around ``original``; its blob is returned."""
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    blob = root / "blobs" / f"sha256-{digest}"
    blob.parent.mkdir(parents=True)
    try:
        os.link(original, blob)
    except OSError:
        shutil.copyfile(original, blob)
    tag = root / "manifests" / "registry.ollama.ai" / "library" / "smollm2" / "135m"
    tag.parent.mkdir(parents=True)
    tag.write_text(json.dumps({"schemaVersion": 2, "layers": [
        {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"}]}))
    return blob


def test_my_models_lists_ollamas_model_read_only(
        qtbot: QtBot, make_window: MakeWindow, smollm2_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    blob = ollama_store(smollm2_path, tmp_path / "ollama")
    monkeypatch.setenv("OLLAMA_MODELS", str(tmp_path / "ollama"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no other app's real folders
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "no-cache"))
    window = make_window(FakeRuntime())
    panel = window.models_page.local
    qtbot.waitUntil(lambda: any(m.source == "ollama" for m in panel.models), timeout=20_000)
    row = next(i for i, m in enumerate(panel.models) if m.source == "ollama")
    assert panel.table.item(row, 0).text() == "smollm2:135m"
    assert panel.table.item(row, 3).text() == "Q4_1"
    assert panel.table.item(row, 6).text() == "Ollama"
    assert any(m.name == "smollm2:135m" for m in window.models.library)
    panel.table.selectRow(row)
    panel._delete()
    assert "belongs to another app" in panel.message.text() and blob.is_file()
