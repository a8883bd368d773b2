"""Crafted GGUF headers cost bounded stack and memory: deep nesting is refused as damage, and
what the reader does not use (long string arrays, unused keys) is skipped, not kept."""

from __future__ import annotations

import struct
import tracemalloc
from pathlib import Path

import pytest

from app.core.errors import CorruptModelError
from app.core.formats.gguf_reader import read_gguf_metadata
from tests import bad_models


def _peak_bytes_reading(path: Path) -> int:
    tracemalloc.start()
    try:
        read_gguf_metadata(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _text(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def test_deeply_nested_arrays_are_refused_as_damage(tmp_path: Path) -> None:
    path = bad_models.nested_arrays(tmp_path, depth=5000)
    assert 50_000 < path.stat().st_size < 70_000
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(path)
    assert info.value.facts["reason"] == "damaged_header"
    assert "nested" in info.value.facts["detail"]


def test_shallow_nested_arrays_are_still_read(tmp_path: Path) -> None:
    meta = read_gguf_metadata(bad_models.nested_arrays(tmp_path, depth=3))
    assert meta.architecture == "llama"


def test_millions_of_empty_strings_take_little_memory(tmp_path: Path) -> None:
    count = 2_000_000
    path = bad_models.many_empty_strings(tmp_path, count)
    assert path.stat().st_size > 8 * count
    peak = _peak_bytes_reading(path)
    # Keeping an offset per string took about 36 bytes each (70+ MB here); marks take ~0.
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    meta = read_gguf_metadata(path)
    assert meta.vocab_size == count and meta.bos_token == ""


def test_unused_keys_are_skipped_without_keeping_their_values(tmp_path: Path) -> None:
    # 2,000 unused keys, each a 4,096-item byte array: decoding them kept 64+ MB of lists.
    entries = [_text(f"custom.blob{i}") + struct.pack("<IIQ", 9, 0, 4096) + bytes(4096)
               for i in range(2000)]
    path = bad_models.tiny_gguf(tmp_path / "stuffed.gguf", entries)
    peak = _peak_bytes_reading(path)
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_token_texts_are_found_past_the_marks(tmp_path: Path) -> None:
    words = [f"tok{i}" for i in range(1000)]
    tokens = _text("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, len(words))
    tokens += b"".join(_text(w) for w in words)
    ids = [_text(f"tokenizer.ggml.{which}_token_id") + struct.pack("<II", 4, token)
           for which, token in (("bos", 0), ("eos", 777))]
    meta = read_gguf_metadata(bad_models.tiny_gguf(tmp_path / "t.gguf", [tokens, *ids]))
    assert (meta.bos_token, meta.eos_token, meta.vocab_size) == ("tok0", "tok777", 1000)


def test_a_duplicate_unused_key_is_still_damage(tmp_path: Path) -> None:
    entry = _text("custom.note") + struct.pack("<I", 8) + _text("x")
    path = bad_models.tiny_gguf(tmp_path / "dup.gguf", [entry, entry])
    with pytest.raises(CorruptModelError, match="appears twice"):
        read_gguf_metadata(path)


def test_an_absurd_number_of_metadata_entries_is_damage(tmp_path: Path) -> None:
    entries = [_text(f"k{i}") + struct.pack("<IB", 0, 0) for i in range(70_000)]
    with pytest.raises(CorruptModelError) as info:
        read_gguf_metadata(bad_models.tiny_gguf(tmp_path / "many.gguf", entries))
    assert "metadata entries" in info.value.facts["detail"]
