"""Read what a GGUF model file's header says (architecture, sizes, tokenizer bits), quickly.

The header is walked with ``struct`` over a read-only ``mmap``: arrays that are not needed (the
vocabulary, merges, scores) are skipped, and no tensor data is touched. ``gguf.GGUFReader`` is not
used for this because it makes one numpy view per array element (about a million for a 262k-token
vocabulary), which costs seconds per file, and the library scan reads every file. The tables
that must match llama.cpp (value types, tensor types and their sizes, file types, architecture
names) come from the ``gguf`` package.

Bad files give typed errors (see ``read_gguf_metadata``), never a raw ``struct``/``ValueError``.
"""

from __future__ import annotations

import functools
import itertools
import math
import mmap
import os
import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf

from app.core.errors import (
    CorruptModelError,
    ModelNotFoundError,
    NotAModelFileError,
    UnsupportedArchitectureError,
)
from app.core.formats.metadata import ModelMetadata

GGUF_MAGIC = b"GGUF"
_SUPPORTED_VERSIONS = (2, 3)  # v1 used 32-bit lengths; llama.cpp dropped it long ago
_MAX_DIMS = 4  # GGML_MAX_DIMS
_KEEP_ARRAY_ITEMS = 4096  # numeric arrays up to this long are decoded (per-layer values)
_MIN_KV_BYTES = 8 + 4 + 1  # key length, value type, smallest value
_MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8  # name length, n_dims, type, offset
# No real header comes near this (the largest vocabularies take ~20 MB). A length or count
# beyond it is damage; a plausible one that runs past the end of the file is a cut-short file.
_MAX_HEADER_BYTES = 1 << 30

# Sliding-window pattern llama.cpp assumes when the file has no
# ``{arch}.attention.sliding_window_pattern`` (src/models/<arch>.cpp, ``load_swa_pattern``).
# Every Nth layer is global; the others only cache the window.
_DEFAULT_SWA_PATTERN: dict[str, int] = {
    "gemma2": 2,
    "gemma3": 6,
    "gemma3n": 5,
    "gemma-embedding": 6,
    "cohere2": 4,
    "gpt-oss": 2,
    "olmo2": 4,
}

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


class _Truncated(Exception):
    """The header runs past the end of the file; ``needed`` is the first byte it lacks."""

    def __init__(self, needed: int) -> None:
        super().__init__(needed)
        self.needed = needed


class _Damaged(Exception):
    """The header holds a value no writer would produce (an impossible length, type, ...)."""


class _OldVersion(Exception):
    """GGUF version 1, which llama.cpp no longer reads."""


@dataclass(frozen=True)
class _Array:
    """A metadata array, kept small: numeric values only when short, strings as offsets."""

    item_type: int
    count: int
    values: list[Any] | None  # numeric arrays of at most _KEEP_ARRAY_ITEMS items
    string_offsets: list[int] | None  # string arrays: where each string's length starts


@dataclass(frozen=True)
class _Tensor:
    name: str
    n_dims: int
    type_id: int
    n_elements: int
    n_bytes: int | None  # None for a tensor type this ``gguf`` version does not know
    offset: int  # relative to the start of the data section


@dataclass(frozen=True)
class _Header:
    version: int
    fields: dict[str, Any]
    tensors: list[_Tensor]
    data_start: int


class _HeaderParser:
    """Walks the GGUF header in ``buf`` (the whole file, mapped) once, front to back."""

    def __init__(self, buf: mmap.mmap | bytes, size: int) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0
        self.order = "<"

    def parse(self) -> _Header:
        self.pos = len(GGUF_MAGIC)
        (version,) = self._unpack("I")
        if version & 0xFFFF == 0:
            # Written on a big-endian machine (the low half would be the version).
            self.order = ">"
            version = int.from_bytes(version.to_bytes(4, "little"), "big")
        if version == 1:
            raise _OldVersion
        if version not in _SUPPORTED_VERSIONS:
            raise _Damaged(f"unknown GGUF version {version}")
        tensor_count, kv_count = self._unpack("QQ")
        self._check_count(kv_count, _MIN_KV_BYTES, "metadata entries")
        self._check_count(tensor_count, _MIN_TENSOR_INFO_BYTES, "tensors")

        fields: dict[str, Any] = {}
        for _ in range(kv_count):
            key_at = self.pos
            try:
                key = self._string().decode("utf-8")
            except UnicodeDecodeError as err:
                raise _Damaged(f"metadata key at byte {key_at} is not text") from err
            if key in fields:
                raise _Damaged(f"metadata key {key!r} appears twice")
            (value_type,) = self._unpack("I")
            fields[key] = self._value(value_type)

        tensors = [self._tensor_info() for _ in range(tensor_count)]

        alignment = fields.get("general.alignment", gguf.GGUF_DEFAULT_ALIGNMENT)
        if not _is_int(alignment) or alignment <= 0 or alignment & (alignment - 1):
            raise _Damaged(f"general.alignment is {alignment!r}, not a power of two")
        data_start = -(-self.pos // alignment) * alignment
        return _Header(version, fields, tensors, data_start)

    # -- primitives ---------------------------------------------------------------------------

    def _unpack(self, fmt: str) -> tuple[Any, ...]:
        st = _struct(self.order + fmt)
        end = self.pos + st.size
        if end > self.size:
            raise _Truncated(end)
        values = st.unpack_from(self.buf, self.pos)
        self.pos = end
        return values

    def _check_count(self, count: int, min_item_bytes: int, what: str) -> None:
        # An impossible count is damage; a truncated header still holds plausible numbers, it
        # just ends early (and then reading raises _Truncated).
        if count * min_item_bytes > _MAX_HEADER_BYTES:
            raise _Damaged(f"{count} {what} cannot be right")

    def _string(self) -> bytes:
        (length,) = self._unpack("Q")
        self._check_count(length, 1, "bytes of text")
        end = self.pos + length
        if end > self.size:
            raise _Truncated(end)
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
        raise _Damaged(f"unknown metadata value type {value_type} at byte {self.pos - 4}")

    def _array(self) -> _Array:
        item_type, count = self._unpack("IQ")
        fmt = _SCALAR_FORMATS.get(item_type)
        if fmt is not None:
            item_size = _struct(self.order + fmt).size
            self._check_count(count, item_size, "array items")
            end = self.pos + count * item_size
            if end > self.size:
                raise _Truncated(end)
            values = None
            if count <= _KEEP_ARRAY_ITEMS:
                values = list(_struct(f"{self.order}{count}{fmt}").unpack_from(self.buf, self.pos))
            self.pos = end  # long numeric arrays (scores, token types) are skipped unread
            return _Array(item_type, count, values, None)
        if item_type == _VT.STRING:
            self._check_count(count, 8, "array items")
            return _Array(item_type, count, None, self._skip_strings(count))
        if item_type == _VT.ARRAY:
            self._check_count(count, 12, "array items")
            for _ in range(count):
                self._array()
            return _Array(item_type, count, None, None)
        raise _Damaged(f"unknown array item type {item_type} at byte {self.pos - 12}")

    def _skip_strings(self, count: int) -> list[int]:
        # The hot loop (a vocabulary is up to ~262k strings): locals, no method calls.
        read_length = _struct(self.order + "Q").unpack_from
        buf, size, pos = self.buf, self.size, self.pos
        offsets: list[int] = []
        append = offsets.append
        for _ in range(count):
            if pos + 8 > size:
                raise _Truncated(pos + 8)
            (length,) = read_length(buf, pos)
            if length > _MAX_HEADER_BYTES:
                raise _Damaged(f"a {length}-byte string cannot be right")
            append(pos)
            pos += 8 + length
        if pos > size:
            raise _Truncated(pos)
        self.pos = pos
        return offsets

    def _tensor_info(self) -> _Tensor:
        name = self._string().decode("utf-8", "replace")
        (n_dims,) = self._unpack("I")
        if n_dims > _MAX_DIMS:
            raise _Damaged(f"tensor {name!r} claims {n_dims} dimensions")
        dims = self._unpack(f"{n_dims}Q")
        type_id, offset = self._unpack("IQ")
        n_elements = math.prod(dims)
        n_bytes: int | None = None
        try:
            block_size, type_size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(type_id)]
            n_bytes = n_elements * type_size // block_size
        except (ValueError, KeyError):
            pass  # a tensor type newer than this gguf package: size unknown, not an error
        return _Tensor(name, n_dims, type_id, n_elements, n_bytes, offset)


@functools.lru_cache(maxsize=64)
def _struct(fmt: str) -> struct.Struct:
    return struct.Struct(fmt)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@functools.lru_cache(maxsize=1)
def _known_architectures() -> frozenset[str]:
    return frozenset(gguf.MODEL_ARCH_NAMES.values())


def is_known_architecture(name: str) -> bool:
    """Whether llama.cpp knows a model architecture called ``name`` (``"llama"``, ``"gemma3"``).

    The list is the ``gguf`` package's ``MODEL_ARCH_NAMES``, which mirrors llama.cpp's; when the
    installed ``gguf`` and the llama.cpp build differ in age, the newest architectures may be
    judged wrongly either way.

    Raises:
        nothing.
    """
    return name in _known_architectures()


# -- sniffing files that are not GGUF ----------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (PyTorch checkpoints are ZIP files too)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x80\x02", "a Python pickle (an old PyTorch checkpoint?)"),
    (b"version https://git-lfs", "a Git LFS pointer: the real file was never downloaded"),
    (b"lmgg", "an old GGML model: llama.cpp now needs the newer GGUF format"),
    (b"fmgg", "an old GGMF model: llama.cpp now needs the newer GGUF format"),
    (b"tjgg", "an old GGJT model: llama.cpp now needs the newer GGUF format"),
    (b"\x7fELF", "a Linux program"),
    (b"MZ", "a Windows program"),
)


def _looks_like(head: bytes, file_size: int) -> str | None:
    """What a non-GGUF file seems to be, from its first bytes, or ``None``."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    # safetensors: an 8-byte little-endian header length, then that many bytes of JSON.
    if len(head) >= 9 and head[8:9] == b"{":
        header_len = int.from_bytes(head[:8], "little")
        if 0 < header_len <= file_size - 8:
            return "a safetensors file: convert it to GGUF first"
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML): the download probably saved an error page"
    if text.startswith((b"{", b"[")):
        return "a JSON text file"
    return None


# -- the public reader -------------------------------------------------------------------------


def read_gguf_metadata(path: str | os.PathLike[str]) -> ModelMetadata:
    """What the header of the GGUF file at ``path`` says, without reading any tensor data.

    Per-layer head counts (an array in some files) are reduced to their maximum, which is what
    a worst-case KV-cache estimate needs. For a split model (``-00001-of-0000N``), sizes and
    the tensor-derived parameter count cover this file only, so ``parameter_count`` is left
    ``None`` unless ``general.parameter_count`` is set.

    Args:
        path: The ``.gguf`` file.

    Returns:
        The metadata; fields the file does not carry are ``None``.

    Raises:
        ModelNotFoundError: nothing at ``path``.
        NotAModelFileError: a directory, an empty file, a file that is not GGUF (fact
            ``looks_like`` names what it seems to be), GGUF version 1, or a later part of a
            split model.
        CorruptModelError: the header is damaged (``truncated=False``) or the file is cut short
            (``truncated=True``, with ``expected_bytes`` / ``actual_bytes`` when known).
        UnsupportedArchitectureError: llama.cpp does not know the architecture
            (fact ``architecture``).
        OSError: the file exists but cannot be read (permissions, I/O error).
    """
    p = Path(path)
    name = p.name or str(p)
    if p.is_dir():
        raise NotAModelFileError(
            f"{p} is a folder, not a model file.", path=str(p), reason="directory"
        )
    if p.exists() and not p.is_file():  # a device or a pipe: opening it could block
        raise NotAModelFileError(
            f"{p} is not a regular file, so not a model file.", path=str(p), reason="not_a_file"
        )
    try:
        with open(p, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(64)
            _check_magic(p, head, size)
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                parser = _HeaderParser(buf, size)
                header = _parse(p, parser, size)
                strings = _lookup_token_strings(parser, header.fields)
    except FileNotFoundError as err:
        raise ModelNotFoundError(f"No model file at {p}.", path=str(p)) from err
    except IsADirectoryError as err:  # a race with the is_dir() check
        raise NotAModelFileError(
            f"{p} is a folder, not a model file.", path=str(p), reason="directory"
        ) from err
    _check_data_fits(p, header, size)
    return _metadata(p, name, size, header, strings)


def _check_magic(p: Path, head: bytes, size: int) -> None:
    if size == 0:
        raise NotAModelFileError(
            f"{p.name} is empty (0 bytes), not a model file.",
            path=str(p),
            file_size_bytes=0,
            reason="empty",
        )
    if head[:4] == GGUF_MAGIC:
        return
    kind = _looks_like(head, size)
    detail = f"it looks like {kind}" if kind else "it does not start with the GGUF signature"
    raise NotAModelFileError(
        f"{p.name} is not a GGUF model file ({detail}).",
        path=str(p),
        reason="not_gguf",
        looks_like=kind,
        first_bytes=head[:8].hex(),
        file_size_bytes=size,
    )


def _parse(p: Path, parser: _HeaderParser, size: int) -> _Header:
    """Run the parser, turning every way it can fail into a typed error."""
    try:
        return parser.parse()
    except _OldVersion:
        raise NotAModelFileError(
            f"{p.name} uses GGUF version 1, which llama.cpp no longer reads; "
            "download a newer conversion of this model.",
            path=str(p),
            reason="gguf_v1",
            gguf_version=1,
        ) from None
    except _Truncated as err:
        raise CorruptModelError(
            f"{p.name} ends in the middle of its header: it is only {size:,} bytes, probably "
            "an interrupted download. Download it again.",
            path=str(p),
            truncated=True,
            expected_bytes=None,  # the header never got as far as saying
            needed_at_least_bytes=err.needed,
            actual_bytes=size,
        ) from None
    except _Damaged as err:
        raise _damaged(p, str(err)) from None
    except (struct.error, ValueError, OverflowError, IndexError) as err:
        # Anything the checks above missed is still a damaged header, never a raw error.
        raise _damaged(p, f"{type(err).__name__}: {err}") from None


def _damaged(p: Path, detail: str) -> CorruptModelError:
    return CorruptModelError(
        f"The header of {p.name} is damaged ({detail}). Download the file again.",
        path=str(p),
        truncated=False,
        detail=detail,
    )


def _check_data_fits(p: Path, header: _Header, size: int) -> None:
    """A file whose tensors end past its last byte was cut short (an interrupted download)."""
    ends = [
        header.data_start + t.offset + (t.n_bytes if t.n_bytes is not None else 0)
        for t in header.tensors
    ]
    expected = max(ends, default=0)  # no tensors (a vocab-only file): nothing to check
    if expected > size:
        raise CorruptModelError(
            f"{p.name} is incomplete: its header says {expected:,} bytes but the file has "
            f"only {size:,} ({size / expected:.0%}). It was probably an interrupted download; "
            "download it again.",
            path=str(p),
            truncated=True,
            expected_bytes=expected,
            actual_bytes=size,
        )


def _lookup_token_strings(parser: _HeaderParser, fields: dict[str, Any]) -> dict[str, str]:
    """The BOS/EOS token texts, read while the file is still mapped."""
    tokens = fields.get("tokenizer.ggml.tokens")
    found: dict[str, str] = {}
    if not isinstance(tokens, _Array) or tokens.string_offsets is None:
        return found
    for which in ("bos", "eos"):
        token_id = fields.get(f"tokenizer.ggml.{which}_token_id")
        if _is_int(token_id) and 0 <= token_id < tokens.count:
            found[which] = parser.string_at(tokens.string_offsets[token_id])
    return found


def _metadata(
    p: Path, name: str, size: int, header: _Header, strings: dict[str, str]
) -> ModelMetadata:
    fields = header.fields
    arch = fields.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        split_no, split_count = fields.get("split.no"), fields.get("split.count")
        if _is_int(split_no) and split_no > 0:
            raise NotAModelFileError(
                f"{name} is part {split_no + 1} of {split_count} of a split model; "
                "open the first part (…-00001-of-…) instead.",
                path=str(p),
                reason="split_part",
                split_part=split_no + 1,
                split_count=split_count,
            )
        raise CorruptModelError(
            f"{name} is a GGUF file but does not say which model architecture it holds.",
            path=str(p),
            truncated=False,
            missing_key="general.architecture",
        )
    if not is_known_architecture(arch):
        raise UnsupportedArchitectureError(
            f"{name} is a '{arch}' model, an architecture this version of llama.cpp does not "
            "know. A newer version of Ondol may run it.",
            path=str(p),
            architecture=arch,
        )

    def key(suffix: str) -> Any:
        return fields.get(f"{arch}.{suffix}")

    is_split = _int(fields.get("split.count")) not in (None, 0, 1)
    sizes_known = all(t.n_bytes is not None for t in header.tensors)
    parameter_count = _int(fields.get("general.parameter_count"))
    if parameter_count is None and header.tensors and not is_split:
        parameter_count = sum(t.n_elements for t in header.tensors)

    tokens = fields.get("tokenizer.ggml.tokens")
    vocab_size = _int(key("vocab_size"))
    if vocab_size is None and isinstance(tokens, _Array):
        vocab_size = tokens.count

    sliding_window = _int(key("attention.sliding_window")) or None
    template = fields.get("tokenizer.chat_template")
    return ModelMetadata(
        path=p,
        format="gguf",
        file_size_bytes=size,
        architecture=arch,
        name=_str(fields.get("general.name")),
        parameter_count=parameter_count,
        file_type=_file_type(fields.get("general.file_type"), header.tensors),
        block_count=_int(key("block_count")),
        embedding_length=_int(key("embedding_length")),
        head_count=_max_int(key("attention.head_count")),
        head_count_kv=_max_int(key("attention.head_count_kv")),
        key_length=_int(key("attention.key_length")),
        value_length=_int(key("attention.value_length")),
        context_length=_int(key("context_length")),
        sliding_window=sliding_window,
        sliding_window_pattern=_swa_pattern(
            arch, key("attention.sliding_window_pattern"), sliding_window
        ),
        vocab_size=vocab_size,
        chat_template=template if isinstance(template, str) and template else None,
        bos_token=strings.get("bos"),
        eos_token=strings.get("eos"),
        bos_token_id=_int(fields.get("tokenizer.ggml.bos_token_id")),
        eos_token_id=_int(fields.get("tokenizer.ggml.eos_token_id")),
        tensor_data_bytes=(
            sum(t.n_bytes or 0 for t in header.tensors) if sizes_known and header.tensors else None
        ),
    )


def _int(value: Any) -> int | None:
    return value if _is_int(value) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _max_int(value: Any) -> int | None:
    """An int, or the largest of a per-layer array of them (some models vary heads by layer)."""
    if isinstance(value, _Array):
        ints = [v for v in value.values or () if _is_int(v)]
        return max(ints) if ints else None
    return _int(value)


def _file_type(value: Any, tensors: list[_Tensor]) -> str | None:
    """``general.file_type`` as llama.cpp names it ("Q4_K_M"), else the dominant tensor type."""
    if _is_int(value):
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


def _swa_pattern(arch: str, value: Any, sliding_window: int | None) -> int | None:
    """Every how many layers one is global (full attention); ``None`` when unknown or none.

    The file may say it as an int or as a per-layer array of "is sliding" flags; otherwise
    llama.cpp falls back to a per-architecture constant (Gemma 3: 6) when a window is set.
    A pattern of 0 (all layers sliding) or an irregular one gives ``None``, so estimates fall
    back to treating every layer as full, which over- rather than under-estimates memory.
    """
    if _is_int(value):
        return value or None
    if isinstance(value, _Array) and value.values:
        global_layers = [i for i, is_swa in enumerate(value.values) if not is_swa]
        if not global_layers:
            return None
        gaps = {b - a for a, b in itertools.pairwise(global_layers)}
        if len(gaps) > 1:
            return None
        period = gaps.pop() if gaps else len(value.values)
        return period if global_layers[0] < period else None
    if sliding_window:
        return _DEFAULT_SWA_PATTERN.get(arch)
    return None
