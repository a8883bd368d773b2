"""``read_gguf_metadata`` on real models and on bad files made from them.

The real files come from the ``smollm2_path`` / ``gemma3_path`` fixtures; every bad file is
made on the fly in ``tmp_path``. Most bad files are a copy of the real header extended with
zeros to the real size (a sparse file): the reader never looks at tensor data, so this is the
same to it as a full copy, and it keeps the tests fast.
"""

from __future__ import annotations

import json
import random
import struct
import time
from pathlib import Path

import pytest

from app.core.errors import (
    CorruptModelError,
    ModelNotFoundError,
    NotAModelFileError,
    OndolError,
    UnsupportedArchitectureError,
)
from app.core.formats.gguf_reader import is_known_architecture, read_gguf_metadata
from app.core.formats.metadata import ModelMetadata
from tests.bad_models import header_copy as _header_copy
from tests.bad_models import patch as _patch

SMOLLM2_SIZE = 98_362_432
GEMMA3_SIZE = 253_113_024


def _assert_typed(err: OndolError, path: Path) -> None:
    """Every error names the file, reads as a sentence and survives the runtime pipe."""
    assert err.facts["path"] == str(path)
    assert err.message.endswith((".", ")"))
    json.dumps(err.to_dict())


# -- real models ----------------------------------------------------------------------------


def test_smollm2_facts(smollm2_path: Path) -> None:
    meta = read_gguf_metadata(smollm2_path)
    assert isinstance(meta, ModelMetadata)
    assert meta.path == smollm2_path
    assert meta.format == "gguf"
    assert meta.file_size_bytes == SMOLLM2_SIZE
    assert meta.architecture == "llama"
    assert meta.name == "Smollm2 135M 8k Lc100K Mix1 Ep2"
    assert meta.parameter_count == 134_515_008  # sum of tensor elements (no explicit key)
    assert meta.file_type == "Q4_1"
    assert meta.block_count == 30
    assert meta.embedding_length == 576
    assert meta.head_count == 9
    assert meta.head_count_kv == 3
    assert meta.key_length is None and meta.value_length is None
    assert meta.head_dim_k == 64  # 576 / 9
    assert meta.context_length == 8192
    assert meta.sliding_window is None and meta.sliding_window_pattern is None
    assert meta.vocab_size == 49152
    assert meta.chat_template is not None and "<|im_start|>" in meta.chat_template
    assert (meta.bos_token_id, meta.bos_token) == (1, "<|im_start|>")
    assert (meta.eos_token_id, meta.eos_token) == (2, "<|im_end|>")
    assert meta.tensor_data_bytes == 96_576_768
    assert meta.to_dict()["has_chat_template"] is True


def test_gemma3_facts(gemma3_path: Path) -> None:
    meta = read_gguf_metadata(gemma3_path)
    assert meta.file_size_bytes == GEMMA3_SIZE
    assert meta.architecture == "gemma3"
    assert meta.name == "Gemma 3 270m"
    assert meta.parameter_count == 268_098_176
    assert meta.file_type == "Q4_K_M"
    assert meta.block_count == 18
    assert meta.embedding_length == 640
    assert meta.head_count == 4
    assert meta.head_count_kv == 1
    assert meta.key_length == 256 and meta.value_length == 256
    assert meta.context_length == 32768
    assert meta.sliding_window == 512
    assert meta.sliding_window_pattern == 6  # not in the file: llama.cpp's gemma3 default
    assert meta.vocab_size == 262144
    assert meta.chat_template is None  # the base model's GGUF carries no template
    assert (meta.bos_token_id, meta.bos_token) == (2, "<bos>")
    assert (meta.eos_token_id, meta.eos_token) == (1, "<eos>")
    assert meta.tensor_data_bytes == 246_587_904


def test_header_read_is_fast(gemma3_path: Path) -> None:
    # A 262k-token vocabulary and 250 MB of weights: the header alone is read, in milliseconds
    # (the limit is generous for slow CI machines; gguf.GGUFReader needs seconds here).
    start = time.perf_counter()
    read_gguf_metadata(gemma3_path)
    assert time.perf_counter() - start < 2.0


@pytest.mark.slow
def test_agrees_with_gguf_reader(smollm2_path: Path) -> None:
    gguf = pytest.importorskip("gguf")
    reader = gguf.GGUFReader(smollm2_path, "r")
    meta = read_gguf_metadata(smollm2_path)
    assert meta.architecture == reader.get_field("general.architecture").contents()
    assert meta.parameter_count == sum(t.n_elements for t in reader.tensors)
    assert meta.tensor_data_bytes == sum(t.n_bytes for t in reader.tensors)
    assert meta.chat_template == reader.get_field("tokenizer.chat_template").contents()
    assert meta.vocab_size == len(reader.get_field("tokenizer.ggml.tokens").data)
    assert max(t.data_offset + t.n_bytes for t in reader.tensors) == meta.file_size_bytes


def test_header_copy_reads_like_the_real_file(smollm2_path: Path, tmp_path: Path) -> None:
    # Guards the sparse-copy trick the bad-file tests rely on.
    copy = _header_copy(smollm2_path, tmp_path / "copy.gguf")
    real, copied = read_gguf_metadata(smollm2_path), read_gguf_metadata(copy)
    assert {**real.to_dict(), "path": ""} == {**copied.to_dict(), "path": ""}


def test_known_architectures() -> None:
    assert is_known_architecture("llama")
    assert is_known_architecture("gemma3")
    assert not is_known_architecture("zzzzz")
    assert not is_known_architecture("")


# -- bad input ------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.gguf"
    with pytest.raises(ModelNotFoundError) as info:
        read_gguf_metadata(path)
    assert isinstance(info.value, FileNotFoundError)
    _assert_typed(info.value, path)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "model.gguf"
    folder.mkdir()
    with pytest.raises(NotAModelFileError) as info:
        read_gguf_metadata(folder)
    assert info.value.facts["reason"] == "directory"
    _assert_typed(info.value, folder)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    with pytest.raises(NotAModelFileError, match="empty") as info:
        read_gguf_metadata(path)
    _assert_typed(info.value, path)


def test_png_renamed_gguf(tmp_path: Path) -> None:
    path = tmp_path / "cat.gguf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200))
    with pytest.raises(NotAModelFileError) as info:
        read_gguf_metadata(path)
    err = info.value
    assert "not a GGUF model file" in err.message and "PNG image" in err.message
    assert err.facts["looks_like"] == "a PNG image"
    assert err.facts["first_bytes"] == "89504e470d0a1a0a"
    _assert_typed(err, path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (struct.pack("<Q", 30) + b'{"__metadata__":{}}' + bytes(40), "safetensors"),
        (b"PK\x03\x04" + bytes(60), "ZIP archive"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n", "Git LFS pointer"),
        (b"\n<!DOCTYPE html><html><body>Not found</body></html>", "web page"),
        (struct.pack("<I", 0x67676A74) + bytes(60), "GGJT"),
        (b"hello, this is just some text" * 4, None),
    ],
)
def test_other_files_renamed_gguf(tmp_path: Path, content: bytes, expected: str | None) -> None:
    path = tmp_path / "thing.gguf"
    path.write_bytes(content)
    with pytest.raises(NotAModelFileError) as info:
        read_gguf_metadata(path)
    looks_like = info.value.facts["looks_like"]
    if expected is None:
        assert looks_like is None
        assert "does not start with the GGUF signature" in info.value.message
    else:
        assert expected in looks_like
    _assert_typed(info.value, path)


def test_truncated_to_half(smollm2_path: Path, tmp_path: Path) -> None:
    path = _header_copy(smollm2_path, tmp_path / "half.gguf", SMOLLM2_SIZE // 2)
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    err = info.value
    assert err.facts["truncated"] is True
    assert err.facts["expected_bytes"] == SMOLLM2_SIZE
    assert err.facts["actual_bytes"] == SMOLLM2_SIZE // 2
    assert "incomplete" in err.message
    _assert_typed(err, path)


def test_real_truncated_download(smollm2_path: Path, tmp_path: Path) -> None:
    # The real bytes, cut at half (not the sparse copy), as an interrupted download leaves it.
    path = tmp_path / "cut.gguf"
    with open(smollm2_path, "rb") as src, open(path, "wb") as dst:
        dst.write(src.read(SMOLLM2_SIZE // 2))
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["truncated"] is True
    assert info.value.facts["expected_bytes"] == SMOLLM2_SIZE


def test_truncated_inside_header(gemma3_path: Path, tmp_path: Path) -> None:
    path = _header_copy(gemma3_path, tmp_path / "stub.gguf", 100_000)  # inside the vocabulary
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    err = info.value
    assert err.facts["truncated"] is True
    assert err.facts["actual_bytes"] == 100_000
    assert err.facts["needed_at_least_bytes"] > 100_000
    assert "header" in err.message
    _assert_typed(err, path)


def test_absurd_kv_count(smollm2_path: Path, tmp_path: Path) -> None:
    path = _header_copy(smollm2_path, tmp_path / "kv.gguf")
    _patch(path, 16, struct.pack("<Q", 2**62))  # magic, version, tensor count, *kv count*
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["truncated"] is False
    assert "damaged" in info.value.message
    _assert_typed(info.value, path)


def test_damaged_value_type(smollm2_path: Path, tmp_path: Path) -> None:
    path = _header_copy(smollm2_path, tmp_path / "type.gguf")
    key = b"general.architecture"
    # First entry: key length (8) + key, then the value type (4 bytes) we break.
    assert path.read_bytes()[24 + 8 : 24 + 8 + len(key)] == key
    _patch(path, 24 + 8 + len(key), struct.pack("<I", 0xDEAD))
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["truncated"] is False
    assert "unknown metadata value type" in info.value.facts["detail"]


def test_gguf_version_1(smollm2_path: Path, tmp_path: Path) -> None:
    path = _header_copy(smollm2_path, tmp_path / "v1.gguf")
    _patch(path, 4, struct.pack("<I", 1))
    with pytest.raises(NotAModelFileError, match="version 1") as info:
        read_gguf_metadata(path)
    _assert_typed(info.value, path)


def test_unknown_architecture(smollm2_path: Path, tmp_path: Path) -> None:
    path = _header_copy(smollm2_path, tmp_path / "zzz.gguf")
    # The general.architecture entry exactly: key, type STRING (8), length 5, "llama".
    entry = struct.pack("<Q", 20) + b"general.architecture" + struct.pack("<IQ", 8, 5) + b"llama"
    data = path.read_bytes()
    assert data.count(entry) == 1
    _patch(path, data.index(entry) + len(entry) - 5, b"zzzzz")
    with pytest.raises(UnsupportedArchitectureError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["architecture"] == "zzzzz"
    assert "zzzzz" in info.value.message
    _assert_typed(info.value, path)


def test_random_header_damage_gives_typed_errors(smollm2_path: Path, tmp_path: Path) -> None:
    # Whatever a damaged header holds, the answer is metadata or an OndolError, never a raw
    # struct/ValueError/IndexError. Damage lands in the metadata before the vocabulary.
    path = _header_copy(smollm2_path, tmp_path / "fuzz.gguf")
    original = path.read_bytes()[:2048]
    rng = random.Random(1234)
    outcomes: set[str] = set()
    for _ in range(300):
        offset = rng.randrange(4, len(original))
        width = rng.choice((1, 4, 8))
        _patch(path, offset, rng.randbytes(width))
        try:
            read_gguf_metadata(path)
            outcomes.add("ok")
        except OndolError as err:
            outcomes.add(type(err).__name__)
            json.dumps(err.to_dict())
        finally:
            _patch(path, offset, original[offset : offset + width])
    assert "CorruptModelError" in outcomes
