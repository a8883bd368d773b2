"""GGUF headers mutated from the real starter model's header.

Property: ``read_gguf_metadata`` returns metadata or raises an OndolError, never anything else,
within 5 s and 64 MiB of Python allocations per file (tests/fuzz/bounds.py); it writes nothing.
"""

from __future__ import annotations

import struct
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.catalog.starter import find_packaged_file
from app.core.errors import CorruptModelError
from app.core.formats.gguf_reader import read_gguf_metadata
from tests.fuzz.bounds import bounded

_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9


class _Layout:
    """Where the real header keeps its lengths/counts (uint64) and value types (uint32)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.lengths: list[int] = [8, 16]  # tensor count, key/value count
        self.types: list[int] = [4]  # the version sits where a type would
        self.pos = 24
        tensors, kvs = struct.unpack_from("<QQ", data, 8)
        for _ in range(kvs):
            self._string()
            self.types.append(self.pos)
            kind = self._u32()
            self._value(kind)
        self.tensors_at = self.pos  # the first tensor's name length
        for _ in range(tensors):
            self._string()
            self.lengths.append(self.pos)  # n_dims is a count too
            dims = self._u32()
            for _ in range(dims):
                self.lengths.append(self.pos)
                self.pos += 8
            self.types.append(self.pos)  # the tensor's ggml type
            self.pos += 4
            self.lengths.append(self.pos)  # data offset
            self.pos += 8
        self.end = self.pos

    def _u32(self) -> int:
        value = struct.unpack_from("<I", self.data, self.pos)[0]
        self.pos += 4
        return value

    def _string(self) -> None:
        self.lengths.append(self.pos)
        size = struct.unpack_from("<Q", self.data, self.pos)[0]
        self.pos += 8 + size

    def _value(self, kind: int) -> None:
        if kind == _STRING:
            self._string()
        elif kind == _ARRAY:
            self.types.append(self.pos)
            inner = self._u32()
            self.lengths.append(self.pos)
            count = struct.unpack_from("<Q", self.data, self.pos)[0]
            self.pos += 8
            if inner in _SCALAR_SIZES:
                self.pos += count * _SCALAR_SIZES[inner]
            else:
                for _ in range(count):
                    self._value(inner)
        else:
            self.pos += _SCALAR_SIZES[kind]


@cache
def _real() -> tuple[_Layout, int]:
    """The starter model's header bytes, parsed once, and the model's full size."""
    path = find_packaged_file()
    with open(path, "rb") as f:
        data = f.read(4 * 1024 * 1024)
    return _Layout(data), path.stat().st_size


_INTERESTING = [0, 1, 2, 7, 255, 2**16, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**62, 2**63,
                2**64 - 1]


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[bytes, int]:
    """Header bytes with a few mutations, and the size of the file to make of them."""
    layout, full_size = _real()
    data = bytearray(layout.data[:layout.end])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["bit", "length", "type", "byte"]))
        if kind == "bit":
            offset = draw(st.integers(0, layout.end - 1))
            data[offset] ^= 1 << draw(st.integers(0, 7))
        elif kind == "length":
            offset = draw(st.sampled_from(layout.lengths))
            value = draw(st.sampled_from(_INTERESTING) | st.integers(0, 2**64 - 1))
            data[offset:offset + 8] = struct.pack("<Q", value)
        elif kind == "type":
            offset = draw(st.sampled_from(layout.types))
            value = draw(st.integers(0, 40) | st.integers(0, 2**32 - 1))
            data[offset:offset + 4] = struct.pack("<I", value)
        else:
            offset = draw(st.integers(0, layout.end - 1))
            data[offset] = draw(st.integers(0, 255))
    size = draw(st.sampled_from(["full", "header", "cut"]))
    if size == "cut":
        return bytes(data[:draw(st.integers(0, layout.end))]), -1
    return bytes(data), full_size if size == "full" else len(data)


def _write(folder: Path, data: bytes, size: int) -> Path:
    path = folder / "model.gguf"
    with open(path, "wb") as f:
        f.write(data)
        if size >= 0:
            f.truncate(size)  # sparse: the tensor data reads as zeros
    return path


@given(_mutated())
def test_mutated_header_gives_metadata_or_typed_error(case: tuple[bytes, int]) -> None:
    """Bounds: 5 s and 64 MiB of Python allocations per read; the file is left as it was."""
    data, size = case
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), data, size)
        before = path.stat()
        bounded(lambda: read_gguf_metadata(path))
        assert path.stat().st_mtime_ns == before.st_mtime_ns
        assert path.stat().st_size == before.st_size
        assert [p.name for p in Path(folder).iterdir()] == ["model.gguf"]


def test_unmutated_header_reads() -> None:
    """The generator's base case is a valid model (so mutations start from something real)."""
    layout, full_size = _real()
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), layout.data[:layout.end], full_size)
        metadata = read_gguf_metadata(path)
        assert metadata.architecture == "llama"


def _template_length_at(layout: _Layout) -> int:
    key = b"tokenizer.chat_template"
    return layout.data.index(struct.pack("<Q", len(key)) + key) + 8 + len(key) + 4


@pytest.mark.parametrize("where", ["first key", "first tensor name", "chat template"])
def test_a_huge_text_length_is_damage_without_the_memory(where: str) -> None:
    """A length of 22 MB that still fits in the file: it was read whole, 64+ MiB at peak."""
    layout, full_size = _real()
    offset = {"first key": 24, "first tensor name": layout.tensors_at,
              "chat template": _template_length_at(layout)}[where]
    data = bytearray(layout.data[:layout.end])
    data[offset:offset + 8] = struct.pack("<Q", 22_384_187)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), bytes(data), full_size)
        outcome = bounded(lambda: read_gguf_metadata(path), memory=16 * 1024 * 1024)
        assert isinstance(outcome, CorruptModelError)
