"""A model still downloading (or one whose file failed its check) is never offered."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.catalog.library import scan_all, scan_library


def test_a_split_gguf_is_listed_once_and_only_when_complete(tmp_path: Path,
                                                            smollm2_path: Path) -> None:
    folder = tmp_path / "models" / "pub" / "Big-GGUF"
    folder.mkdir(parents=True)
    os.link(smollm2_path, folder / "big-Q8_0-00001-of-00002.gguf")
    (folder / "big-Q8_0-00002-of-00002.gguf.part").write_bytes(b"half")
    assert scan_library(tmp_path / "models") == []
    (folder / "big-Q8_0-00002-of-00002.gguf.part").rename(folder / "big-Q8_0-00002-of-00002.gguf")
    (model,) = scan_library(tmp_path / "models")
    assert model.name == "pub/Big-GGUF/big-Q8_0-00001-of-00002.gguf"


def test_an_onnx_folder_with_a_part_file_is_not_a_model_yet(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "pub" / "tiny-onnx"
    folder.mkdir(parents=True)
    (folder / "genai_config.json").write_text('{"model": {"decoder": {"filename": "m.onnx"}}}')
    (folder / "m.onnx").write_bytes(b"graph")
    (folder / "m.onnx.data.part").write_bytes(b"weights, half")
    assert [m for m in scan_all(tmp_path / "models", include_external=False)] == []
    (folder / "m.onnx.data.part").rename(folder / "m.onnx.data")
    (model,) = scan_all(tmp_path / "models", include_external=False)
    assert model.format == "onnx"
