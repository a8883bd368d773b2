"""ONNX model folders (both layouts) whose JSON files hold every JSON type in every field.

Property: ``read_onnx_metadata`` returns metadata or raises an OndolError, never anything else,
within 5 s and 64 MiB of Python allocations (tests/fuzz/bounds.py); the folder is unchanged.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.core.formats.onnx_folder import read_onnx_metadata
from tests.bad_models import onnx_genai_folder, onnx_optimum_folder
from tests.fuzz.bounds import bounded
from tests.fuzz.strategies import JSON

# Mostly plausible values, so that later fields are reached past the first bad one.
FIELD = st.one_of(st.integers(1, 4096), JSON)

_GENAI_DECODER = ("num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                  "hidden_size", "head_size", "filename", "sliding_window")
_GENAI_MODEL = ("type", "context_length", "vocab_size", "bos_token_id", "eos_token_id")
_OPTIMUM = ("num_hidden_layers", "num_attention_heads", "num_key_value_heads", "hidden_size",
            "head_dim", "max_position_embeddings", "vocab_size", "model_type", "bos_token_id",
            "eos_token_id", "sliding_window")
_TOKENIZER = ("bos_token", "eos_token", "chat_template")


def _fields(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={key: FIELD for key in keys})


def _dump(value: Any) -> str:
    return json.dumps(value)  # NaN and Infinity as Python writes them; json.loads takes them


@st.composite
def _genai(draw: st.DrawFn) -> dict[str, str]:
    decoder = draw(_fields(_GENAI_DECODER))
    if "filename" in decoder and draw(st.booleans()):
        decoder["filename"] = "model.onnx"
    model = {**draw(_fields(_GENAI_MODEL)), "decoder": draw(st.one_of(st.just(decoder), JSON))}
    top = draw(st.one_of(st.just({"model": model}), JSON))
    return {"genai_config.json": _dump(top)}


@st.composite
def _optimum(draw: st.DrawFn) -> dict[str, str]:
    config = draw(_fields(_OPTIMUM))
    if draw(st.booleans()):
        config = {"text_config": draw(st.one_of(st.just(config), JSON)), "model_type": "x"}
    top = draw(st.one_of(st.just(config), JSON))
    return {"config.json": _dump(top),
            "generation_config.json": _dump({"eos_token_id": draw(FIELD)})}


@st.composite
def _case(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    layout = draw(st.sampled_from(["genai", "optimum"]))
    files = draw(_genai() if layout == "genai" else _optimum())
    files["tokenizer_config.json"] = _dump(draw(st.one_of(_fields(_TOKENIZER), JSON)))
    return layout, files


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@given(_case())
def test_any_json_gives_metadata_or_typed_error(case: tuple[str, dict[str, str]]) -> None:
    """Bounds: 5 s and 64 MiB per read; every file of the folder byte-identical afterwards."""
    layout, files = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        if layout == "genai":
            onnx_genai_folder(folder, files.pop("genai_config.json"))
        else:
            onnx_optimum_folder(folder, files.pop("config.json"))
        for name, text in files.items():
            (folder / name).write_text(text)
        before = _snapshot(folder)
        bounded(lambda: read_onnx_metadata(folder))
        assert _snapshot(folder) == before
        assert [p.name for p in Path(tmp).iterdir()] == ["model"]
