"""Read what a GGUF model file's header says (architecture, sizes, tokenizer bits), quickly.

The header walk itself (``struct`` over a read-only ``mmap``, skipping unneeded arrays) lives
in ``gguf_header``, and recognising files that are not GGUF in ``file_sniff``. This module maps
the header's fields to ``ModelMetadata``; the architecture names that must match llama.cpp come
from the ``gguf`` package.

Bad files give typed errors (see ``read_gguf_metadata``), never a raw ``struct``/``ValueError``.
"""

from __future__ import annotations

import functools
import itertools
import mmap
import os
import struct
from pathlib import Path
from typing import Any

import gguf

from app.core.errors import (
    CorruptModelError,
    ModelNotFoundError,
    NotAModelFileError,
    UnsupportedArchitectureError,
)
from app.core.formats.file_sniff import check_magic, check_regular_file, folder_error
from app.core.formats.gguf_header import (
    GGUF_MAGIC,
    ArrayValue,
    BadAlignment,
    Damaged,
    Header,
    HeaderParser,
    OldVersion,
    Truncated,
    file_type_name,
    is_int,
    lookup_token_strings,
)
from app.core.formats.metadata import MIN_CONTEXT_LENGTH, ModelMetadata

__all__ = ["GGUF_MAGIC", "is_known_architecture", "read_gguf_metadata"]

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


# The header keys ``_metadata`` reads: these, and ``<arch>.<suffix>`` for a known architecture.
# Nothing else is kept, so a header stuffed with other keys costs no memory.
_USED_KEYS = frozenset({
    "general.architecture", "general.name", "general.parameter_count", "general.file_type",
    "general.alignment", "split.no", "split.count", "tokenizer.ggml.tokens",
    "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.chat_template",
})
_USED_ARCH_SUFFIXES = frozenset({
    "vocab_size", "block_count", "embedding_length", "context_length",
    "attention.head_count", "attention.head_count_kv", "attention.key_length",
    "attention.value_length", "attention.sliding_window", "attention.sliding_window_pattern",
})


def _used_key(key: str) -> bool:
    if key in _USED_KEYS:
        return True
    arch, _, suffix = key.partition(".")
    return suffix in _USED_ARCH_SUFFIXES and is_known_architecture(arch)


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
        CorruptModelError: the header is damaged (``truncated=False``; ``reason``
            ``"bad_alignment"`` for an impossible ``general.alignment``, ``"context_too_small"``
            for a trained context under 16 tokens) or the file is cut short (``truncated=True``,
            with ``expected_bytes`` / ``actual_bytes`` when known).
        UnsupportedArchitectureError: llama.cpp does not know the architecture
            (fact ``architecture``).
        OSError: the file exists but cannot be read (permissions, I/O error).
    """
    p = Path(path)
    name = p.name or str(p)
    check_regular_file(p)
    try:
        with open(p, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(64)
            check_magic(p, head, size)
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                parser = HeaderParser(buf, size, keep=_used_key)
                header = _parse(p, parser, size)
                strings = lookup_token_strings(parser, header.fields)
    except FileNotFoundError as err:
        raise ModelNotFoundError(f"No model file at {p}.", path=str(p)) from err
    except IsADirectoryError as err:  # a race with the is_dir() check
        raise folder_error(p) from err
    _check_data_fits(p, header, size)
    return _metadata(p, name, size, header, strings)


def _parse(p: Path, parser: HeaderParser, size: int) -> Header:
    """Run the parser, turning every way it can fail into a typed error."""
    try:
        return parser.parse()
    except OldVersion:
        raise NotAModelFileError(
            f"{p.name} uses GGUF version 1, which llama.cpp no longer reads; "
            "download a newer conversion of this model.",
            path=str(p),
            reason="gguf_v1",
            gguf_version=1,
        ) from None
    except Truncated as err:
        raise CorruptModelError(
            f"{p.name} ends in the middle of its header: it is only {size:,} bytes, probably "
            "an interrupted download. Download it again.",
            path=str(p),
            truncated=True,
            expected_bytes=None,  # the header never got as far as saying
            needed_at_least_bytes=err.needed,
            actual_bytes=size,
            reason="truncated_header",
        ) from None
    except BadAlignment as err:
        raise CorruptModelError(
            f"The header of {p.name} gives an impossible alignment for its tensor data ({err}). "
            "Download the file again.",
            path=str(p),
            truncated=False,
            detail=str(err),
            alignment=err.alignment,
            reason="bad_alignment",
        ) from None
    except Damaged as err:
        raise _damaged(p, str(err)) from None
    except (struct.error, ValueError, OverflowError, IndexError, RecursionError) as err:
        # Anything the checks above missed is still a damaged header, never a raw error.
        raise _damaged(p, f"{type(err).__name__}: {err}") from None


def _damaged(p: Path, detail: str) -> CorruptModelError:
    return CorruptModelError(
        f"The header of {p.name} is damaged ({detail}). Download the file again.",
        path=str(p),
        truncated=False,
        detail=detail,
        reason="damaged_header",
    )


def _check_data_fits(p: Path, header: Header, size: int) -> None:
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
            reason="truncated_data",
        )


def _metadata(
    p: Path, name: str, size: int, header: Header, strings: dict[str, str]
) -> ModelMetadata:
    fields = header.fields
    arch = fields.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        split_no, split_count = fields.get("split.no"), fields.get("split.count")
        if is_int(split_no) and split_no > 0:
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
            reason="no_architecture",
        )
    if not is_known_architecture(arch):
        raise UnsupportedArchitectureError(
            f"{name} is a '{arch}' model, an architecture this version of llama.cpp does not "
            "know. A newer version of Ondol may run it.",
            path=str(p),
            architecture=arch,
            reason="unknown_gguf_architecture",
        )

    def key(suffix: str) -> Any:
        return fields.get(f"{arch}.{suffix}")

    context_length = _int(key("context_length"))
    if context_length is not None and context_length < MIN_CONTEXT_LENGTH:
        # Planning would pick this as the context and the load would blame the user's setting.
        raise CorruptModelError(
            f"{name} says its model was trained on a context length of {context_length} "
            f"({arch}.context_length), too short to hold a conversation (at least "
            f"{MIN_CONTEXT_LENGTH}). The file is damaged or was converted wrongly; download "
            "another copy.",
            path=str(p),
            truncated=False,
            context_length=context_length,
            minimum=MIN_CONTEXT_LENGTH,
            key=f"{arch}.context_length",
            reason="context_too_small",
        )

    is_split = _int(fields.get("split.count")) not in (None, 0, 1)
    sizes_known = all(t.n_bytes is not None for t in header.tensors)
    parameter_count = _int(fields.get("general.parameter_count"))
    if parameter_count is None and header.tensors and not is_split:
        parameter_count = sum(t.n_elements for t in header.tensors)

    tokens = fields.get("tokenizer.ggml.tokens")
    vocab_size = _int(key("vocab_size"))
    if vocab_size is None and isinstance(tokens, ArrayValue):
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
        file_type=file_type_name(fields.get("general.file_type"), header.tensors),
        block_count=_int(key("block_count")),
        embedding_length=_int(key("embedding_length")),
        head_count=_max_int(key("attention.head_count")),
        head_count_kv=_max_int(key("attention.head_count_kv")),
        key_length=_int(key("attention.key_length")),
        value_length=_int(key("attention.value_length")),
        context_length=context_length,
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
        matmul_weight_bytes=_matmul_weight_bytes(header.tensors) if header.tensors else None,
    )


# Tensors read by row lookup (GET_ROWS), never multiplied as a matrix.
_LOOKUP_TENSORS = ("token_embd.", "position_embd.", "token_types.", "per_layer_token_embd.")


def _matmul_weight_bytes(tensors: list[Any]) -> tuple[tuple[str, int], ...]:
    """Bytes by ggml type of the weights that feed matrix products (see ``ModelMetadata``)."""
    totals: dict[str, int] = {}
    has_output = any(t.name == "output.weight" for t in tensors)
    for t in tensors:
        lookup = t.name.startswith(_LOOKUP_TENSORS)
        tied_output = t.name == "token_embd.weight" and not has_output
        if t.n_dims not in (2, 3) or t.n_bytes is None or (lookup and not tied_output):
            continue
        try:
            type_name = gguf.GGMLQuantizationType(t.type_id).name
        except ValueError:
            type_name = str(t.type_id)
        totals[type_name] = totals.get(type_name, 0) + t.n_bytes
    return tuple(sorted(totals.items()))


def _int(value: Any) -> int | None:
    return value if is_int(value) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _max_int(value: Any) -> int | None:
    """An int, or the largest of a per-layer array of them (some models vary heads by layer)."""
    if isinstance(value, ArrayValue):
        ints = [v for v in value.values or () if is_int(v)]
        return max(ints) if ints else None
    return _int(value)


def _swa_pattern(arch: str, value: Any, sliding_window: int | None) -> int | None:
    """Every how many layers one is global (full attention); ``None`` when unknown or none.

    The file may say it as an int or as a per-layer array of "is sliding" flags; otherwise
    llama.cpp falls back to a per-architecture constant (Gemma 3: 6) when a window is set.
    A pattern of 0 (all layers sliding) or an irregular one gives ``None``, so estimates fall
    back to treating every layer as full, which over- rather than under-estimates memory.
    """
    if is_int(value):
        return value or None
    if isinstance(value, ArrayValue) and value.values:
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
