"""Header facts that make a GGUF unusable are described as what they are: a trained context too
short to hold a conversation, an alignment llama.cpp refuses (or aborts on), too many tensors or
over-long tensor names; BOS/EOS texts are read only up to a small bound."""

from __future__ import annotations

import struct
import tracemalloc
from pathlib import Path

import pytest

from app.core.errors import CorruptModelError
from app.core.formats.gguf_reader import read_gguf_metadata
from tests import bad_models

_UINT32, _INT32, _STRING, _ARRAY, _UINT64 = 4, 5, 8, 9, 10
_F32 = 0


def _text(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def _tensor(name: str | bytes, dims: tuple[int, ...] = (8,), offset: int = 0) -> bytes:
    """One tensor info: an F32 tensor of shape ``dims`` at ``offset`` in the data section."""
    return (_text(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
            + struct.pack("<IQ", _F32, offset))


def _gguf(path: Path, entries: list[bytes], tensors: list[bytes], size: int | None = None) -> Path:
    """A llama GGUF with raw key/value ``entries`` and tensor infos, zero-extended to ``size``
    (default: just past the padding after the header)."""
    arch = _text("general.architecture") + struct.pack("<I", _STRING) + _text("llama")
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), 1 + len(entries))
    with open(path, "wb") as f:
        f.write(b"".join([head, arch, *entries, *tensors]))
        f.truncate(size if size is not None else f.tell() + 64)  # sparse: data reads as zeros
    return path


def _reason(path: Path) -> CorruptModelError:
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    return info.value


def _peak(path: Path) -> tuple[int, BaseException | None]:
    """Peak Python allocation while reading ``path``, and the error it raised, if any."""
    tracemalloc.start()
    try:
        read_gguf_metadata(path)
        error = None
    except CorruptModelError as err:
        error = err
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, error


# -- trained context length -------------------------------------------------------------------


@pytest.mark.parametrize("context", [0, 1, 8, 15])
def test_a_context_shorter_than_16_makes_the_file_unusable(tmp_path: Path, context: int) -> None:
    entry = _text("llama.context_length") + struct.pack("<II", _UINT32, context)
    error = _reason(bad_models.tiny_gguf(tmp_path / "short.gguf", [entry]))
    assert error.facts["reason"] == "context_too_small"
    assert error.facts["context_length"] == context and error.facts["minimum"] == 16
    assert error.facts["key"] == "llama.context_length"
    assert f"context length of {context}" in error.message


def test_a_negative_context_is_too_small_too(tmp_path: Path) -> None:
    entry = _text("llama.context_length") + struct.pack("<Ii", _INT32, -4096)
    assert _reason(bad_models.tiny_gguf(tmp_path / "neg.gguf", [entry])).facts["reason"] == (
        "context_too_small")


def test_a_context_of_16_is_read(tmp_path: Path) -> None:
    entry = _text("llama.context_length") + struct.pack("<II", _UINT32, 16)
    assert read_gguf_metadata(bad_models.tiny_gguf(tmp_path / "c.gguf", [entry])).context_length \
        == 16


# -- general.alignment ------------------------------------------------------------------------


def _aligned(path: Path, value_type: int, fmt: str, value: object, size: int = 4096) -> Path:
    entry = _text("general.alignment") + struct.pack(f"<I{fmt}", value_type, value)
    return _gguf(path, [entry], [_tensor("w")], size=size)


@pytest.mark.parametrize(("value_type", "fmt", "value", "said"), [
    (_UINT64, "Q", 2**40, "stored as uint64"),
    (_UINT64, "Q", 2**63, "stored as uint64"),
    (_UINT64, "Q", 32, "stored as uint64"),  # llama.cpp aborts on any type but uint32
    (_INT32, "i", 32, "stored as int32"),
    (_UINT32, "I", 0, "not a power of two"),
    (_UINT32, "I", 3, "not a power of two"),
    (_UINT32, "I", 96, "not a power of two"),
    (_UINT32, "I", 2**31, "past the end of the file"),  # a power of two, but the data is gone
])
def test_an_impossible_alignment_is_named(tmp_path: Path, value_type: int, fmt: str,
                                          value: int, said: str) -> None:
    error = _reason(_aligned(tmp_path / "a.gguf", value_type, fmt, value))
    assert error.facts["reason"] == "bad_alignment", error.facts
    assert error.facts["alignment"] == str(value) and not error.facts["truncated"]
    assert said in error.facts["detail"] and "alignment" in error.message


def test_an_alignment_array_is_named(tmp_path: Path) -> None:
    entry = _text("general.alignment") + struct.pack("<IIQI", _ARRAY, _UINT32, 1, 32)
    error = _reason(_gguf(tmp_path / "arr.gguf", [entry], [_tensor("w")], size=4096))
    assert error.facts["reason"] == "bad_alignment"


def test_a_valid_alignment_is_used(tmp_path: Path) -> None:
    meta = read_gguf_metadata(_aligned(tmp_path / "ok.gguf", _UINT32, "I", 4096, size=8192))
    assert meta.tensor_data_bytes == 32


def test_a_cut_file_with_the_default_alignment_is_still_truncated(tmp_path: Path) -> None:
    error = _reason(_gguf(tmp_path / "cut.gguf", [], [_tensor("w", (2**20,))], size=4096))
    assert error.facts["reason"] == "truncated_data"


# -- tensors ----------------------------------------------------------------------------------


def test_too_many_tensors_are_refused_before_they_are_kept(tmp_path: Path) -> None:
    # 70,000 tiny tensor infos (2.8 MB) used to be read and kept whole.
    tensors = [_tensor(f"t{i}", (0,)) for i in range(70_000)]
    peak, error = _peak(_gguf(tmp_path / "many.gguf", [], tensors))
    assert isinstance(error, CorruptModelError)
    assert error.facts["reason"] == "damaged_header" and "70000 tensors" in error.facts["detail"]
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_many_tensors_below_the_cap_are_read_in_bounded_memory(tmp_path: Path) -> None:
    tensors = [_tensor(f"blk.{i}.ffn_up.weight", (0,)) for i in range(60_000)]
    peak, error = _peak(_gguf(tmp_path / "ok.gguf", [], tensors))
    assert error is None
    assert peak < 32 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_a_tensor_name_longer_than_llama_cpp_allows_is_damage(tmp_path: Path) -> None:
    # 300 names of 60 KB each used to be kept whole (18 MB); llama.cpp allows 63 bytes.
    tensors = [_tensor(f"{i:05d}".encode() + b"x" * 60_000, (0,)) for i in range(300)]
    peak, error = _peak(_gguf(tmp_path / "names.gguf", [], tensors))
    assert isinstance(error, CorruptModelError) and error.facts["reason"] == "damaged_header"
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_a_63_byte_tensor_name_is_read(tmp_path: Path) -> None:
    meta = read_gguf_metadata(_gguf(tmp_path / "n.gguf", [], [_tensor("n" * 63)], size=4096))
    assert meta.tensor_data_bytes == 32


def test_an_empty_metadata_key_is_damage(tmp_path: Path) -> None:
    # llama.cpp aborts the whole process on an empty key instead of refusing the file.
    entry = _text("") + struct.pack("<II", _UINT32, 1)
    error = _reason(bad_models.tiny_gguf(tmp_path / "empty-key.gguf", [entry]))
    assert error.facts["reason"] == "damaged_header" and "empty" in error.facts["detail"]


# -- BOS/EOS token texts ----------------------------------------------------------------------


def _tokens_file(path: Path, bos_length: int, eos: bytes) -> Path:
    """A vocabulary of [a ``bos_length``-byte BOS (zeros), ``eos``, "x"], written sparse."""
    ids = [_text(f"tokenizer.ggml.{which}_token_id") + struct.pack("<II", _UINT32, token)
           for which, token in (("bos", 0), ("eos", 1))]
    array_head = _text("tokenizer.ggml.tokens") + struct.pack("<IIQ", _ARRAY, _STRING, 3)
    arch = _text("general.architecture") + struct.pack("<I", _STRING) + _text("llama")
    with open(path, "wb") as f:
        f.write(b"GGUF" + struct.pack("<IQQ", 3, 0, 4) + arch + b"".join(ids) + array_head)
        f.write(struct.pack("<Q", bos_length))
        f.seek(bos_length, 1)  # the BOS text: a hole of zeros
        f.write(_text(eos) + _text("x"))
    return path


def test_a_huge_bos_text_is_not_read(tmp_path: Path) -> None:
    peak, error = _peak(_tokens_file(tmp_path / "huge.gguf", 64 * 2**20, b"</s>"))
    assert error is None
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"  # it was read whole: 128+ MiB
    meta = read_gguf_metadata(tmp_path / "huge.gguf")
    assert meta.bos_token is None and meta.eos_token == "</s>" and meta.vocab_size == 3


def test_token_texts_up_to_256_bytes_are_read(tmp_path: Path) -> None:
    meta = read_gguf_metadata(_tokens_file(tmp_path / "t.gguf", 256, b"e" * 257))
    assert meta.bos_token == "\0" * 256 and meta.eos_token is None
