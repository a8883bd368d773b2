"""What planning knows about a model before its file is here: the hub's architecture numbers
(``ArchInfo``) and the facts of a listed variant (``VariantFacts``, which the catalog's
``Variant`` has)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.core.formats.metadata import ModelMetadata


class VariantFacts(Protocol):
    """A downloadable variant as planning reads it (the catalog's ``Variant`` is one)."""

    @property
    def name(self) -> str:
        """``"Q4_K_M"``, ``"cpu-int4-rtn-block-32"``, ``"q4f16"``."""

    @property
    def format(self) -> str:
        """``"gguf"`` or ``"onnx"``."""

    @property
    def quant(self) -> str | None:
        """``"Q4_K_M"``, ``"int4"``, ``"q4f16"``, ..."""

    @property
    def size_bytes(self) -> int:
        """The known sizes of its files, summed."""

    @property
    def size_known(self) -> bool:
        """False when a file's size was missing from the listing."""

    @property
    def bits_per_weight(self) -> float | None:
        """Bits per weight of its quantisation, when known."""

    @property
    def layout(self) -> str | None:
        """ONNX: ``"genai"`` or ``"optimum"``."""

    @property
    def device(self) -> str | None:
        """ONNX genai builds: ``"cpu"``, ``"cuda"``, ``"directml"``, ``"gpu"``, ``"webgpu"``."""


@dataclass(frozen=True)
class ArchInfo:
    """What is known about a model before download; any field may be missing."""

    architecture: str | None = None
    parameter_count: int | None = None
    context_length: int | None = None
    block_count: int | None = None
    embedding_length: int | None = None
    head_count: int | None = None
    head_count_kv: int | None = None
    key_length: int | None = None
    value_length: int | None = None
    vocab_size: int | None = None

    @classmethod
    def from_hub_gguf(cls, gguf: Mapping[str, Any] | None) -> ArchInfo | None:
        """From the hub's ``gguf`` field (``total``, ``architecture``, ``context_length``).

        Raises:
            nothing: missing or odd values become ``None``.
        """
        if not gguf:
            return None

        def number(key: str) -> int | None:
            value = gguf.get(key)
            return value if isinstance(value, int) and value > 0 else None

        arch = gguf.get("architecture")
        return cls(architecture=arch if isinstance(arch, str) else None,
                   parameter_count=number("total"), context_length=number("context_length"))

    @classmethod
    def from_metadata(cls, meta: ModelMetadata) -> ArchInfo:
        """From a header already read (a local file).

        Raises:
            nothing.
        """
        return cls(meta.architecture, meta.parameter_count, meta.context_length, meta.block_count,
                   meta.embedding_length, meta.head_count, meta.head_count_kv, meta.key_length,
                   meta.value_length, meta.vocab_size)

    @property
    def has_layout(self) -> bool:
        """True when the KV cache can be computed exactly (layers, KV heads, head size)."""
        head_dim = self.key_length or (
            self.embedding_length and self.head_count and self.embedding_length // self.head_count)
        return bool(self.block_count and (self.head_count_kv or self.head_count) and head_dim)
