"""An ONNX model whose configuration states a trained context under 16 tokens is described as
such, not planned with that context (the load would then blame the user's setting)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CorruptModelError
from app.core.formats.onnx_folder import read_onnx_metadata
from tests import bad_models

_GENAI = ('{{"model": {{"type": "llama", "context_length": {context}, "vocab_size": 49152,'
          ' "decoder": {{"filename": "model.onnx", "num_hidden_layers": 30,'
          ' "num_attention_heads": 9, "num_key_value_heads": 3,'
          ' "hidden_size": 576, "head_size": 64}}}}}}')


@pytest.mark.parametrize("context", [0, 1, 15])
def test_a_context_shorter_than_16_is_named(tmp_path: Path, context: int) -> None:
    folder = bad_models.onnx_genai_folder(tmp_path / "m", _GENAI.format(context=context))
    with pytest.raises(CorruptModelError) as info:
        read_onnx_metadata(folder)
    facts = info.value.facts
    assert facts["reason"] == "context_too_small" and facts["context_length"] == context
    assert facts["key"] == "model.context_length" and facts["minimum"] == 16


def test_optimum_max_position_embeddings_under_16_is_named(tmp_path: Path) -> None:
    folder = bad_models.onnx_optimum_folder(tmp_path / "o", '{"max_position_embeddings": 8}')
    with pytest.raises(CorruptModelError) as info:
        read_onnx_metadata(folder)
    assert info.value.facts["reason"] == "context_too_small"
    assert info.value.facts["key"] == "max_position_embeddings"


def test_a_context_of_16_is_read(tmp_path: Path) -> None:
    folder = bad_models.onnx_genai_folder(tmp_path / "m", _GENAI.format(context=16))
    assert read_onnx_metadata(folder).context_length == 16
