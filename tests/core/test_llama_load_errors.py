"""llama.cpp's load failures name the cause, not its last, generic log line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.backends.llama.backend import LlamaCppBackend
from app.core.backends.llama.native import NativeLog, meaningful_line
from app.core.errors import ModelLoadError
from app.core.types.params import LoadParams
from tests import bad_models


def test_duplicate_tensor_name_is_what_the_error_says(smollm2_path: Path,
                                                      tmp_path: Path) -> None:
    bad = bad_models.duplicate_tensor_name(smollm2_path, tmp_path)
    backend = LlamaCppBackend(log_sink=lambda _level, _line: None)
    with pytest.raises(ModelLoadError) as info:
        backend.load(str(bad), LoadParams(n_ctx=256, n_threads=2), lambda _f: True)
    facts = info.value.facts
    assert facts["reason"] == "llama_refused"
    assert "duplicate tensor name 'blk.0.attn_q.weight'" in facts["detail"]
    assert "duplicate tensor name" in info.value.message
    assert any("failed to load model" in line for line in facts["native_log"])


@pytest.mark.parametrize(("lines", "expected"), [
    (["llama_model_loader: loaded meta data", "llama_model_load: error loading model: "
      "error loading model architecture: unknown model architecture: 'zzzzz'",
      "llama_model_load_from_file_impl: failed to load model"],
     "error loading model: error loading model architecture: unknown model architecture: "
     "'zzzzz'"),
    (["load: control token 1 not marked as EOG", "llama_model_load: error loading model: "
      "tensor 'x' data is not within the file bounds, model is corrupted or incomplete",
      "llama_model_load_from_file_impl: failed to load model"],
     "error loading model: tensor 'x' data is not within the file bounds, model is corrupted "
     "or incomplete"),
    (["llama_model_load_from_file_impl: failed to load model"], "failed to load model"),
    ([], None),
])
def test_meaningful_line(lines: list[str], expected: str | None) -> None:
    assert meaningful_line(lines) == expected


def test_errors_win_over_warnings() -> None:
    log = NativeLog(sink=lambda _level, _line: None)
    log._on_log(3, b"load: missing pre-tokenizer type, using: 'default'\n", None)
    log._on_log(4, b"llama_model_load: error loading model: tensor 'x' has wrong shape\n", None)
    log._on_log(4, b"llama_model_load_from_file_impl: failed to load model\n", None)
    assert log.failure_detail() == "error loading model: tensor 'x' has wrong shape"
    assert len(log.take_recent()) == 3 and log.failure_detail() is None
