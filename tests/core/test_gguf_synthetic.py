"""``read_gguf_metadata`` on synthetic headers (split parts, per-layer values, sliding-window
patterns), and ``quant`` names."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from app.core.errors import CorruptModelError, NotAModelFileError
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.formats.quant import bits_per_weight, quant_from_filename


def _gguf_bytes(kvs: dict[str, object], *, version: int = 3) -> bytes:
    """A tensor-less GGUF holding ``kvs`` (str, int as uint32, list[int] as int32, list[bool])."""

    def string(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    out = [b"GGUF", struct.pack("<IQQ", version, 0, len(kvs))]
    for key, value in kvs.items():
        out.append(string(key))
        if isinstance(value, str):
            out.append(struct.pack("<I", 8) + string(value))
        elif isinstance(value, bool):
            out.append(struct.pack("<I?", 7, value))
        elif isinstance(value, int):
            out.append(struct.pack("<II", 4, value))
        elif isinstance(value, list) and all(isinstance(v, bool) for v in value):
            out.append(struct.pack(f"<IIQ{len(value)}?", 9, 7, len(value), *value))
        elif isinstance(value, list):
            out.append(struct.pack(f"<IIQ{len(value)}i", 9, 5, len(value), *value))
        else:
            raise TypeError(value)
    return b"".join(out)



# -- synthetic headers: split parts, per-layer values, sliding-window patterns ---------------


def test_later_split_part(tmp_path: Path) -> None:
    path = tmp_path / "m-00002-of-00003.gguf"
    path.write_bytes(_gguf_bytes({"split.no": 1, "split.count": 3, "split.tensors.count": 9}))
    with pytest.raises(NotAModelFileError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["split_part"] == 2
    assert info.value.facts["split_count"] == 3
    assert "part 2 of 3" in info.value.message


def test_missing_architecture(tmp_path: Path) -> None:
    path = tmp_path / "noarch.gguf"
    path.write_bytes(_gguf_bytes({"general.name": "x"}))
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["missing_key"] == "general.architecture"


def test_per_layer_head_count_kv_takes_max(tmp_path: Path) -> None:
    path = tmp_path / "hybrid.gguf"
    path.write_bytes(
        _gguf_bytes(
            {
                "general.architecture": "llama",
                "general.file_type": 15,
                "llama.attention.head_count": [16, 16, 16, 16],
                "llama.attention.head_count_kv": [0, 8, 0, 4],
            }
        )
    )
    meta = read_gguf_metadata(path)
    assert meta.head_count == 16
    assert meta.head_count_kv == 8
    assert meta.file_type == "Q4_K_M"
    assert meta.parameter_count is None and meta.tensor_data_bytes is None


@pytest.mark.parametrize(
    ("arch", "kvs", "pattern"),
    [
        ("gemma3", {"gemma3.attention.sliding_window": 512}, 6),
        ("gemma3", {}, None),  # no window, no pattern
        ("gemma2", {"gemma2.attention.sliding_window": 4096}, 2),
        ("llama", {"llama.attention.sliding_window": 4096}, None),  # no known default
        (
            "gemma3",
            {
                "gemma3.attention.sliding_window": 1024,
                "gemma3.attention.sliding_window_pattern": 4,
            },
            4,
        ),
        (
            "gemma3",
            {
                "gemma3.attention.sliding_window": 1024,
                "gemma3.attention.sliding_window_pattern": [True, True, True, False] * 3,
            },
            4,
        ),
        (
            "cohere2",
            {
                "cohere2.attention.sliding_window": 4096,
                "cohere2.attention.sliding_window_pattern": [False, True, True] * 2,
            },
            3,
        ),
        (
            "gemma3",
            {
                "gemma3.attention.sliding_window": 1024,
                "gemma3.attention.sliding_window_pattern": [False, True, False, True, True, False],
            },
            None,  # irregular: unknown
        ),
    ],
)
def test_sliding_window_pattern(
    tmp_path: Path, arch: str, kvs: dict[str, object], pattern: int | None
) -> None:
    path = tmp_path / "swa.gguf"
    path.write_bytes(_gguf_bytes({"general.architecture": arch, **kvs}))
    assert read_gguf_metadata(path).sliding_window_pattern == pattern


def test_file_type_guessed_flag_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "ft.gguf"
    path.write_bytes(_gguf_bytes({"general.architecture": "llama", "general.file_type": 1024 | 7}))
    assert read_gguf_metadata(path).file_type == "Q8_0"


# -- quantisation names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
        ("model-q4_k_m.gguf", "Q4_K_M"),
        ("x-IQ4_XS.gguf", "IQ4_XS"),
        ("x.F16.gguf", "F16"),
        ("x-bf16-00001-of-00003.gguf", "BF16"),
        ("gemma-3-270m-q4_k_m.gguf", "Q4_K_M"),
        ("Qwen2.5-7B-Instruct-Q8_0.gguf", "Q8_0"),
        ("Meta-Llama-3.1-8B-Instruct-Q6_K.gguf", "Q6_K"),
        ("Llama-3.2-1B-Instruct-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("Qwen3-30B-A3B-UD-Q4_K_XL.gguf", "Q4_K_XL"),
        ("gpt-oss-20b-MXFP4.gguf", "MXFP4"),
        ("phi-2.fp16.gguf", "F16"),
        ("models/some/dir/Mistral-7B-v0.1.IQ2_XXS.gguf", "IQ2_XXS"),
        ("Qwen2.5-7B-Instruct.gguf", None),
        ("tinyllama.gguf", None),
    ],
)
def test_quant_from_filename(name: str, quant: str | None) -> None:
    assert quant_from_filename(name) == quant


def test_bits_per_weight() -> None:
    assert bits_per_weight("Q4_K_M") == 4.85
    assert bits_per_weight("q8_0") == 8.5
    assert bits_per_weight("BF16") == 16
    assert bits_per_weight("fp16") == 16
    assert bits_per_weight("IQ4_XS") == 4.25
    assert bits_per_weight("Q9_Z") is None
    # A sane ordering, so size estimates rank files the way downloads will.
    order = ["IQ2_XXS", "Q2_K", "Q3_K_M", "IQ4_XS", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0", "F16"]
    values = [bits_per_weight(q) for q in order]
    assert values == sorted(values)
