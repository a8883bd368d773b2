"""``ModelMetadata``: the facts about a model file that planning and chat need, as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The shortest trained context a usable model may state; load parameters need at least this
# many tokens of context (``LoadParams.validate``), and no real model is trained on fewer.
MIN_CONTEXT_LENGTH = 16


@dataclass(frozen=True)
class ModelMetadata:
    """What a GGUF header says about a model (read without loading tensors).

    Fields the file does not carry are ``None``.
    """

    path: Path
    format: str  # "gguf"
    file_size_bytes: int
    architecture: str
    name: str | None = None
    parameter_count: int | None = None
    file_type: str | None = None  # quantisation name, e.g. "Q4_K_M"
    block_count: int | None = None  # transformer layers
    embedding_length: int | None = None
    head_count: int | None = None
    head_count_kv: int | None = None
    key_length: int | None = None  # per-head K size
    value_length: int | None = None  # per-head V size
    context_length: int | None = None  # trained context
    sliding_window: int | None = None
    sliding_window_pattern: int | None = None  # every Nth layer is global (Gemma 3: 6)
    vocab_size: int | None = None
    chat_template: str | None = None
    bos_token: str | None = None
    eos_token: str | None = None
    bos_token_id: int | None = None
    eos_token_id: int | None = None
    tensor_data_bytes: int | None = None  # sum of tensor sizes (the weights)
    # (ggml type name, bytes) of the weights that feed matrix products: 2-D and 3-D (expert)
    # tensors other than embedding lookups, plus the token embedding again when it doubles
    # as the output (no output.weight). Planning counts what llama.cpp repacks from these.
    matmul_weight_bytes: tuple[tuple[str, int], ...] | None = None

    @property
    def head_dim_k(self) -> int | None:
        """Per-head key size, from ``key_length`` or embedding / heads."""
        if self.key_length:
            return self.key_length
        if self.embedding_length and self.head_count:
            return self.embedding_length // self.head_count
        return None

    @property
    def head_dim_v(self) -> int | None:
        """Per-head value size, from ``value_length`` or embedding / heads."""
        if self.value_length:
            return self.value_length
        return self.head_dim_k

    @property
    def weights_bytes(self) -> int:
        """Bytes of weights: the tensor data if known, else the file size."""
        return self.tensor_data_bytes or self.file_size_bytes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form (chat template left out: it is long)."""
        data = asdict(self)
        data["path"] = str(self.path)
        data["has_chat_template"] = self.chat_template is not None
        data.pop("chat_template")
        return data
