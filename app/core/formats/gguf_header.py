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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gguf

GGUF_MAGIC = b"GGUF"
_SUPPORTED_VERSIONS = (2, 3)  # v1 used 32-bit lengths; llama.cpp dropped it long ago
_MAX_DIMS = 4  # GGML_MAX_DIMS
_KEEP_ARRAY_ITEMS = 4096  # numeric arrays up to this long are decoded (per-layer values)
# llama.cpp reads no array of arrays at all; a few levels are allowed (the format permits them)
# so that a deeper nest is refused as damage rather than walked by recursion.
_MAX_ARRAY_DEPTH = 4
# Real headers hold a few dozen entries; every key is remembered to catch duplicates.
_MAX_KV_COUNT = 1 << 16
# Every tensor's name and shape is kept. The largest real files (unmerged MoE experts) hold
# about 15,000 tensors; llama.cpp refuses names of GGML_MAX_NAME (64) bytes or more.
MAX_TENSOR_COUNT = 1 << 16
_MAX_TENSOR_NAME_BYTES = 63
# BOS/EOS texts are a few bytes in every real vocabulary; a longer one is not read at all.
MAX_TOKEN_TEXT_BYTES = 256
ALIGNMENT_KEY = "general.alignment"
# A string array keeps where every this-many-th string starts, not every string: a crafted
# array of millions of empty strings would otherwise cost far more memory than the file.
STRING_MARK_EVERY = 256
_MIN_KV_BYTES = 8 + 4 + 1  # key length, value type, smallest value
_MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8  # name length, n_dims, type, offset
# No real header comes near this (the largest vocabularies take ~20 MB). A length or count
# beyond it is damage; a plausible one that runs past the end of the file is a cut-short file.
_MAX_HEADER_BYTES = 1 << 30
# Text that is read into memory: a damaged length within that bound would still cost as much
# memory as it claims. Keys are limited by the GGUF specification (tensor names by llama.cpp to
# far less); kept values (names, the chat template) are kilobytes in real files.
_MAX_KEY_BYTES = (1 << 16) - 1
_MAX_KEPT_TEXT_BYTES = 4 << 20

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


class BadAlignment(Damaged):
    """``general.alignment`` is not one uint32 power of two, or it puts the tensor data past
    the end of the file. llama.cpp refuses zero and non-powers of two, and aborts the whole
    process on any other value type (it reads the key with an asserting ``gguf_get_val_u32``).
    """

    def __init__(self, alignment: Any, detail: str) -> None:
        super().__init__(detail)
        shown = repr(alignment)
        self.alignment = shown if len(shown) <= 40 else shown[:37] + "..."


@dataclass(frozen=True)
class ArrayValue:
    """A metadata array, kept small: numeric values only when short, strings as marks."""

    item_type: int
    count: int
    values: list[Any] | None  # numeric arrays of at most _KEEP_ARRAY_ITEMS items
    # Kept string arrays: where string 0, STRING_MARK_EVERY, 2 * STRING_MARK_EVERY... start.
    string_marks: tuple[int, ...] | None


@dataclass(frozen=True, slots=True)  # one per tensor, up to MAX_TENSOR_COUNT of them
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
    """Walks the GGUF header in ``buf`` (the whole file, mapped) once, front to back.

    Only the values of keys ``keep`` accepts are kept (``None``: all); the others are checked
    and skipped, so memory stays small whatever the file holds.
    """

    def __init__(self, buf: mmap.mmap | bytes, size: int,
                 keep: Callable[[str], bool] | None = None) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0
        self.order = "<"
        self.keep = keep
        # Where each kept value lies in the file (start, end): a reader may hash a long array
        # (the vocabulary) straight from the mapped bytes without decoding it.
        self.spans: dict[str, tuple[int, int]] = {}

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
        if kv_count > _MAX_KV_COUNT:
            raise Damaged(f"{kv_count} metadata entries cannot be right")
        self._check_count(tensor_count, _MIN_TENSOR_INFO_BYTES, "tensors")
        if tensor_count > MAX_TENSOR_COUNT:
            raise Damaged(f"{tensor_count} tensors cannot be right")

        fields: dict[str, Any] = {}
        seen: set[str] = set()
        alignment_type: int | None = None
        for _ in range(kv_count):
            key_at = self.pos
            try:
                key = self._string(limit=_MAX_KEY_BYTES).decode("utf-8")
            except UnicodeDecodeError as err:
                raise Damaged(f"metadata key at byte {key_at} is not text") from err
            if not key:  # llama.cpp aborts on an empty key rather than refusing the file
                raise Damaged(f"metadata key at byte {key_at} is empty")
            if key in seen:
                raise Damaged(f"metadata key {key!r} appears twice")
            seen.add(key)
            (value_type,) = self._unpack("I")
            if key == ALIGNMENT_KEY:
                alignment_type = value_type
            if self.keep is None or key == ALIGNMENT_KEY or self.keep(key):
                start = self.pos
                fields[key] = self._value(value_type, keep=True)
                self.spans[key] = (start, self.pos)
            else:
                self._value(value_type, keep=False)
        alignment = _alignment(fields, alignment_type)  # checked before the tensors, as llama.cpp

        tensors = [self._tensor_info() for _ in range(tensor_count)]

        data_start = -(-self.pos // alignment) * alignment
        if tensors and data_start > self.size and alignment > gguf.GGUF_DEFAULT_ALIGNMENT:
            # The header itself is all there: the padding, not a cut, ends past the file.
            raise BadAlignment(alignment, f"an alignment of {alignment} bytes puts the tensor "
                                          f"data at byte {data_start:,}, past the end of the file")
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

    def _string(self, keep: bool = True, limit: int = _MAX_KEPT_TEXT_BYTES) -> bytes:
        (length,) = self._unpack("Q")
        self._check_count(length, 1, "bytes of text")
        if keep and length > limit:
            raise Damaged(f"a text of {length} bytes at byte {self.pos - 8} cannot be right")
        end = self.pos + length
        if end > self.size:
            raise Truncated(end)
        data = bytes(self.buf[self.pos : end]) if keep else b""
        self.pos = end
        return data

    def string_item(self, array: ArrayValue, index: int, limit: int) -> str | None:
        """Item ``index`` of a kept string array (its strings were already checked by the walk),
        found from the nearest mark before it; ``None`` when it is longer than ``limit`` bytes
        (a stated length is not read into memory whole).

        Raises:
            nothing: the walk checked every length against the file already.
        """
        assert array.string_marks is not None
        read_length = _struct(self.order + "Q").unpack_from
        offset = array.string_marks[index // STRING_MARK_EVERY]
        for _ in range(index % STRING_MARK_EVERY):
            offset += 8 + read_length(self.buf, offset)[0]
        (length,) = read_length(self.buf, offset)
        if length > limit:
            return None
        return bytes(self.buf[offset + 8 : offset + 8 + length]).decode("utf-8", "replace")

    # -- values -------------------------------------------------------------------------------

    def _value(self, value_type: int, keep: bool) -> Any:
        fmt = _SCALAR_FORMATS.get(value_type)
        if fmt is not None:
            return self._unpack(fmt)[0]
        if value_type == _VT.STRING:
            return self._string(keep).decode("utf-8", "replace")
        if value_type == _VT.ARRAY:
            return self._array(keep)
        raise Damaged(f"unknown metadata value type {value_type} at byte {self.pos - 4}")

    def _array(self, keep: bool, depth: int = 1) -> ArrayValue:
        if depth > _MAX_ARRAY_DEPTH:
            raise Damaged(f"arrays nested more than {_MAX_ARRAY_DEPTH} deep at byte {self.pos}")
        item_type, count = self._unpack("IQ")
        fmt = _SCALAR_FORMATS.get(item_type)
        if fmt is not None:
            item_size = _struct(self.order + fmt).size
            self._check_count(count, item_size, "array items")
            end = self.pos + count * item_size
            if end > self.size:
                raise Truncated(end)
            values = None
            if keep and count <= _KEEP_ARRAY_ITEMS:
                values = list(_struct(f"{self.order}{count}{fmt}").unpack_from(self.buf, self.pos))
            self.pos = end  # long numeric arrays (scores, token types) are skipped unread
            return ArrayValue(item_type, count, values, None)
        if item_type == _VT.STRING:
            self._check_count(count, 8, "array items")
            marks = self._skip_strings(count)
            return ArrayValue(item_type, count, None, marks if keep else None)
        if item_type == _VT.ARRAY:
            self._check_count(count, 12, "array items")
            for _ in range(count):
                self._array(False, depth + 1)  # no reader uses nested arrays: skipped
            return ArrayValue(item_type, count, None, None)
        raise Damaged(f"unknown array item type {item_type} at byte {self.pos - 12}")

    def _skip_strings(self, count: int) -> tuple[int, ...]:
        """Check and skip ``count`` strings; returns where every STRING_MARK_EVERY-th starts."""
        # The hot loop (a vocabulary is up to ~262k strings): locals, no method calls.
        read_length = _struct(self.order + "Q").unpack_from
        buf, size, pos = self.buf, self.size, self.pos
        marks: list[int] = []
        for start in range(0, count, STRING_MARK_EVERY):
            marks.append(pos)
            for _ in range(min(STRING_MARK_EVERY, count - start)):
                if pos + 8 > size:
                    raise Truncated(pos + 8)
                (length,) = read_length(buf, pos)
                if length > _MAX_HEADER_BYTES:
                    raise Damaged(f"a {length}-byte string cannot be right")
                pos += 8 + length
        if pos > size:
            raise Truncated(pos)
        self.pos = pos
        return tuple(marks)

    def _tensor_info(self) -> TensorInfo:
        name = self._string(limit=_MAX_TENSOR_NAME_BYTES).decode("utf-8", "replace")
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


def _alignment(fields: dict[str, Any], value_type: int | None) -> int:
    """The data alignment: ``general.alignment`` when set (one uint32 power of two), else 32.

    Raises:
        BadAlignment: it is set but stored as another type, or is 0 or not a power of two.
    """
    if value_type is None:
        return gguf.GGUF_DEFAULT_ALIGNMENT
    alignment = fields[ALIGNMENT_KEY]
    if value_type != _VT.UINT32:
        # (an unknown value type was refused by the walk already)
        raise BadAlignment(alignment, f"general.alignment is stored as "
                                      f"{_VT(value_type).name.lower()}, not as uint32")
    if alignment == 0 or alignment & (alignment - 1):
        raise BadAlignment(alignment, f"general.alignment is {alignment}, not a power of two")
    return int(alignment)


def lookup_token_strings(parser: HeaderParser, fields: dict[str, Any]) -> dict[str, str]:
    """The BOS/EOS token texts, read while the file is still mapped.

    A text longer than ``MAX_TOKEN_TEXT_BYTES`` is left out (unknown): no real special token
    comes near it, and a cut-off text would be a wrong one.
    """
    tokens = fields.get("tokenizer.ggml.tokens")
    found: dict[str, str] = {}
    if not isinstance(tokens, ArrayValue) or tokens.string_marks is None:
        return found
    for which in ("bos", "eos"):
        token_id = fields.get(f"tokenizer.ggml.{which}_token_id")
        if is_int(token_id) and 0 <= token_id < tokens.count:
            text = parser.string_item(tokens, token_id, MAX_TOKEN_TEXT_BYTES)
            if text is not None:
                found[which] = text
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
