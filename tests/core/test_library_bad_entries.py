"""One bad model never hides the library: each entry is read on its own, a bad one is listed
as unusable with its reason, and the rest load (Ondol's folder, LM Studio's, the HF cache)."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

import pytest

from app.core.catalog import external
from app.core.catalog.library import LocalModel, scan_all
from app.core.formats import gguf_reader
from app.core.formats.onnx_folder import read_onnx_metadata
from tests import bad_models


def _good_gguf(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return bad_models.tiny_gguf(path, [])


def _by_name(models: list[LocalModel]) -> dict[str, LocalModel]:
    return {m.name: m for m in models}


def _unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Opening ``name`` is refused as chmod 000 would refuse it (tests run as root, where
    permissions do not stop reading, so the refusal is simulated at ``open``)."""

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(os.fsdecode(file)).name == name:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(gguf_reader, "open", refusing_open, raising=False)


GENAI_BAD = {
    "string": '{"model": {"context_length": "2048", "decoder": {"filename": "model.onnx"}}}',
    "nan": '{"model": {"decoder": {"filename": "model.onnx", "num_hidden_layers": NaN}}}',
    "huge": '{"model": {"decoder": {"filename": "model.onnx", "hidden_size": 1e999}}}',
    "negative": '{"model": {"vocab_size": -5, "decoder": {"filename": "model.onnx"}}}',
    "bool": '{"model": {"decoder": {"filename": "model.onnx", "head_size": true}}}',
}


def test_each_bad_entry_is_listed_with_its_reason(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    _good_gguf(models / "pub" / "good" / "good.gguf")
    (models / "pub" / "nested").mkdir(parents=True)
    bad_models.nested_arrays(models / "pub" / "nested")
    _good_gguf(models / "pub" / "locked" / "locked.gguf")
    _unreadable(monkeypatch, "locked.gguf")
    bad_models.onnx_genai_folder(models / "onnx" / "ok")
    for kind, text in GENAI_BAD.items():
        bad_models.onnx_genai_folder(models / "onnx" / kind, text)
    bad_models.onnx_genai_folder(models / "onnx" / "deep", bad_models.deep_json())
    bad_models.onnx_optimum_folder(models / "onnx" / "optimum-bad",
                                   '{"text_config": {"num_attention_heads": "nine"}}')

    listed = _by_name(scan_all(models, include_external=False))

    assert listed["pub/good/good.gguf"].usable
    assert listed["onnx/ok"].usable and listed["onnx/ok"].metadata.block_count == 30
    nested = listed["pub/nested/nested.gguf"].error
    assert nested is not None and nested.facts["reason"] == "damaged_header"
    locked = listed["pub/locked/locked.gguf"]
    assert locked.error is not None and locked.error.code == "corrupt_model"
    assert locked.error.facts["reason"] == "unreadable_file" and locked.size_bytes > 0
    for kind in GENAI_BAD:
        error = listed[f"onnx/{kind}"].error
        assert error is not None and error.facts["reason"] == "bad_config_value", kind
        assert error.facts["file"] == "genai_config.json"
    assert listed["onnx/string"].error.facts["key"] == "model.context_length"
    assert listed["onnx/huge"].error.facts["key"] == "model.decoder.hidden_size"
    assert listed["onnx/deep"].error.facts["reason"] == "unreadable_file"
    optimum = listed["onnx/optimum-bad"].error
    assert optimum is not None and optimum.facts["key"] == "text_config.num_attention_heads"


def test_valid_onnx_numbers_still_reach_the_metadata(tmp_path: Path) -> None:
    folder = bad_models.onnx_optimum_folder(
        tmp_path / "m", '{"model_type": "llama", "num_hidden_layers": 30, "hidden_size": 576,'
        ' "num_attention_heads": 9, "num_key_value_heads": 3, "sliding_window": null,'
        ' "max_position_embeddings": 8192, "vocab_size": 49152}')
    meta = read_onnx_metadata(folder)
    assert (meta.block_count, meta.head_count_kv, meta.key_length) == (30, 3, 64)
    assert meta.context_length == 8192 and meta.sliding_window is None


def test_lmstudio_and_hf_cache_scans_keep_the_good_entries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lmstudio = tmp_path / "lmstudio"
    _good_gguf(lmstudio / "pub" / "repo" / "good.gguf")
    (lmstudio / "pub" / "bad").mkdir(parents=True)
    bad_models.nested_arrays(lmstudio / "pub" / "bad")
    _good_gguf(lmstudio / "pub" / "repo" / "locked.gguf")
    _unreadable(monkeypatch, "locked.gguf")
    listed = _by_name(external.scan_lmstudio([lmstudio]))
    assert listed["pub/repo/good.gguf"].usable
    assert listed["pub/bad/nested.gguf"].error.facts["reason"] == "damaged_header"
    assert listed["pub/repo/locked.gguf"].error.facts["reason"] == "unreadable_file"
    assert all(m.read_only and m.source == "lmstudio" for m in listed.values())

    cache = tmp_path / "hub"
    snapshot = cache / "models--org--name" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    (cache / "models--org--name" / "refs").mkdir()
    (cache / "models--org--name" / "refs" / "main").write_text("a" * 40)
    _good_gguf(snapshot / "good.gguf")
    bad_models.nested_arrays(snapshot)
    found = _by_name(external.scan_hf_cache(cache))
    assert found["org/name/good.gguf"].usable
    assert found["org/name/nested.gguf"].error.facts["reason"] == "damaged_header"
