"""The low-level walk of a GGUF header: metadata key/values and tensor infos.

The header is walked with ``struct`` over a read-only ``mmap``: arrays that are not needed (the
vocabulary, merges, scores) are skipped, and no tensor data is touched. ``gguf.GGUFReader`` is not
used for this because it makes one numpy view per array element (about a million for a 262k-token
vocabulary), which costs seconds per file, and the library scan reads every file. The tables
that must match llama.cpp (value types, tensor types and their sizes, file types) come from
the ``gguf`` package.

Failures are the private-to-``formats`` exceptions ``Truncated``, ``Damaged`` and ``OldVersion``;
``gguf_reader`` turns them into the typed errors callers see. Two readings that need the
mapped file or the tensor-type tables also live here: the BOS/EOS token texts and the file type.
"""

from __future__ import annotations

import functools
import math
import mmap
import struct
from collections import Counter
from dataclasses import dataclass
from typing import Any

import gguf

GGUF_MAGIC = b"GGUF"
_SUPPORTED_VERSIONS = (2, 3)  # v1 used 32-bit lengths; llama.cpp dropped it long ago
_MAX_DIMS = 4  # GGML_MAX_DIMS
_KEEP_ARRAY_ITEMS = 4096  # numeric arrays up to this long are decoded (per-layer values)
_MIN_KV_BYTES = 8 + 4 + 1  # key length, value type, smallest value
_MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8  # name length, n_dims, type, offset
# No real header comes near this (the largest vocabularies take ~20 MB). A length or count
# beyond it is damage; a plausible one that runs past the end of the file is a cut-short file.
_MAX_HEADER_BYTES = 1 << 30

_VT = gguf.GGUFValueType
_SCALAR_FORMATS: dict[int, str] = {
    _VT.UINT8: "B",
    _VT.INT8: "b",
    _VT.UINT16: "H",
    _VT.INT16: "h",
    _VT.UINT32: "I",
    _VT.INT32: "i",
    _VT.FLOAT32: "f",
    _VT.BOOL: "?",
    _VT.UINT64: "Q",
    _VT.INT64: "q",
    _VT.FLOAT64: "d",
}


class Truncated(Exception):
    """The header runs past the end of the file; ``needed`` is the first byte it lacks."""

    def __init__(self, needed: int) -> None:
        super().__init__(needed)
        self.needed = needed


class Damaged(Exception):
    """The header holds a value no writer would produce (an impossible length, type, ...)."""


class OldVersion(Exception):
    """GGUF version 1, which llama.cpp no longer reads."""


@dataclass(frozen=True)
class ArrayValue:
    """A metadata array, kept small: numeric values only when short, strings as offsets."""

    item_type: int
    count: int
    values: list[Any] | None  # numeric arrays of at most _KEEP_ARRAY_ITEMS items
    string_offsets: list[int] | None  # string arrays: where each string's length starts


@dataclass(frozen=True)
class TensorInfo:
    name: str
    n_dims: int
    type_id: int
    n_elements: int
    n_bytes: int | None  # None for a tensor type this ``gguf`` version does not know
    offset: int  # relative to the start of the data section


@dataclass(frozen=True)
class Header:
    version: int
    fields: dict[str, Any]
    tensors: list[TensorInfo]
    data_start: int


class HeaderParser:
    """Walks the GGUF header in ``buf`` (the whole file, mapped) once, front to back."""

    def __init__(self, buf: mmap.mmap | bytes, size: int) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0
        self.order = "<"

    def parse(self) -> Header:
        self.pos = len(GGUF_MAGIC)
        (version,) = self._unpack("I")
        if version & 0xFFFF == 0:
            # Written on a big-endian machine (the low half would be the version).
            self.order = ">"
            version = int.from_bytes(version.to_bytes(4, "little"), "big")
        if version == 1:
            raise OldVersion
        if version not in _SUPPORTED_VERSIONS:
            raise Damaged(f"unknown GGUF version {version}")
        tensor_count, kv_count = self._unpack("QQ")
        self._check_count(kv_count, _MIN_KV_BYTES, "metadata entries")
        self._check_count(tensor_count, _MIN_TENSOR_INFO_BYTES, "tensors")

        fields: dict[str, Any] = {}
        for _ in range(kv_count):
            key_at = self.pos
            try:
                key = self._string().decode("utf-8")
            except UnicodeDecodeError as err:
                raise Damaged(f"metadata key at byte {key_at} is not text") from err
            if key in fields:
                raise Damaged(f"metadata key {key!r} appears twice")
            (value_type,) = self._unpack("I")
            fields[key] = self._value(value_type)

        tensors = [self._tensor_info() for _ in range(tensor_count)]

        alignment = fields.get("general.alignment", gguf.GGUF_DEFAULT_ALIGNMENT)
        if not is_int(alignment) or alignment <= 0 or alignment & (alignment - 1):
            raise Damaged(f"general.alignment is {alignment!r}, not a power of two")
        data_start = -(-self.pos // alignment) * alignment
        return Header(version, fields, tensors, data_start)

    # -- primitives ---------------------------------------------------------------------------

    def _unpack(self, fmt: str) -> tuple[Any, ...]:
        st = _struct(self.order + fmt)
        end = self.pos + st.size
        if end > self.size:
            raise Truncated(end)
        values = st.unpack_from(self.buf, self.pos)
        self.pos = end
        return values

    def _check_count(self, count: int, min_item_bytes: int, what: str) -> None:
        # An impossible count is damage; a truncated header still holds plausible numbers, it
        # just ends early (and then reading raises Truncated).
        if count * min_item_bytes > _MAX_HEADER_BYTES:
            raise Damaged(f"{count} {what} cannot be right")

    def _string(self) -> bytes:
        (length,) = self._unpack("Q")
        self._check_count(length, 1, "bytes of text")
        end = self.pos + length
        if end > self.size:
            raise Truncated(end)
        data = self.buf[self.pos : end]
        self.pos = end
        return bytes(data)

    def string_at(self, offset: int) -> str:
        """The string whose length field starts at ``offset`` (already checked by the walk)."""
        (length,) = _struct(self.order + "Q").unpack_from(self.buf, offset)
        return bytes(self.buf[offset + 8 : offset + 8 + length]).decode("utf-8", "replace")

    # -- values -------------------------------------------------------------------------------

    def _value(self, value_type: int) -> Any:
        fmt = _SCALAR_FORMATS.get(value_type)
        if fmt is not None:
            return self._unpack(fmt)[0]
        if value_type == _VT.STRING:
            return self._string().decode("utf-8", "replace")
        if value_type == _VT.ARRAY:
            return self._array()
        raise Damaged(f"unknown metadata value type {value_type} at byte {self.pos - 4}")

    def _array(self) -> ArrayValue:
        item_type, count = self._unpack("IQ")
        fmt = _SCALAR_FORMATS.get(item_type)
        if fmt is not None:
            item_size = _struct(self.order + fmt).size
            self._check_count(count, item_size, "array items")
            end = self.pos + count * item_size
            if end > self.size:
                raise Truncated(end)
            values = None
            if count <= _KEEP_ARRAY_ITEMS:
                values = list(_struct(f"{self.order}{count}{fmt}").unpack_from(self.buf, self.pos))
            self.pos = end  # long numeric arrays (scores, token types) are skipped unread
            return ArrayValue(item_type, count, values, None)
        if item_type == _VT.STRING:
            self._check_count(count, 8, "array items")
            return ArrayValue(item_type, count, None, self._skip_strings(count))
        if item_type == _VT.ARRAY:
            self._check_count(count, 12, "array items")
            for _ in range(count):
                self._array()
            return ArrayValue(item_type, count, None, None)
        raise Damaged(f"unknown array item type {item_type} at byte {self.pos - 12}")

    def _skip_strings(self, count: int) -> list[int]:
        # The hot loop (a vocabulary is up to ~262k strings): locals, no method calls.
        read_length = _struct(self.order + "Q").unpack_from
        buf, size, pos = self.buf, self.size, self.pos
        offsets: list[int] = []
        append = offsets.append
        for _ in range(count):
            if pos + 8 > size:
                raise Truncated(pos + 8)
            (length,) = read_length(buf, pos)
            if length > _MAX_HEADER_BYTES:
                raise Damaged(f"a {length}-byte string cannot be right")
            append(pos)
            pos += 8 + length
        if pos > size:
            raise Truncated(pos)
        self.pos = pos
        return offsets

    def _tensor_info(self) -> TensorInfo:
        name = self._string().decode("utf-8", "replace")
        (n_dims,) = self._unpack("I")
        if n_dims > _MAX_DIMS:
            raise Damaged(f"tensor {name!r} claims {n_dims} dimensions")
        dims = self._unpack(f"{n_dims}Q")
        type_id, offset = self._unpack("IQ")
        n_elements = math.prod(dims)
        n_bytes: int | None = None
        try:
            block_size, type_size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(type_id)]
            n_bytes = n_elements * type_size // block_size
        except (ValueError, KeyError):
            pass  # a tensor type newer than this gguf package: size unknown, not an error
        return TensorInfo(name, n_dims, type_id, n_elements, n_bytes, offset)


@functools.lru_cache(maxsize=64)
def _struct(fmt: str) -> struct.Struct:
    return struct.Struct(fmt)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lookup_token_strings(parser: HeaderParser, fields: dict[str, Any]) -> dict[str, str]:
    """The BOS/EOS token texts, read while the file is still mapped."""
    tokens = fields.get("tokenizer.ggml.tokens")
    found: dict[str, str] = {}
    if not isinstance(tokens, ArrayValue) or tokens.string_offsets is None:
        return found
    for which in ("bos", "eos"):
        token_id = fields.get(f"tokenizer.ggml.{which}_token_id")
        if is_int(token_id) and 0 <= token_id < tokens.count:
            found[which] = parser.string_at(tokens.string_offsets[token_id])
    return found


def file_type_name(value: Any, tensors: list[TensorInfo]) -> str | None:
    """``general.file_type`` as llama.cpp names it ("Q4_K_M"), else the dominant tensor type."""
    if is_int(value):
        try:
            file_type = gguf.LlamaFileType(value & ~gguf.LlamaFileType.GUESSED)
        except ValueError:
            file_type = None
        if file_type is not None:
            return file_type.name.removeprefix("MOSTLY_").removeprefix("ALL_")
    # No (known) file type: name the type holding most weight bytes. 1-D tensors (norms) stay
    # F32 in every file, and the embedding/output matrices are often kept at higher precision.
    weights = [t for t in tensors if t.n_dims >= 2 and t.n_bytes is not None]
    main = [t for t in weights if t.name not in ("token_embd.weight", "output.weight")]
    by_bytes: Counter[int] = Counter()
    for t in main or weights:
        by_bytes[t.type_id] += t.n_bytes or 0
    if not by_bytes:
        return None
    return gguf.GGMLQuantizationType(by_bytes.most_common(1)[0][0]).name
