"""How much memory llama.cpp takes to run a GGUF model: weights + KV cache + compute buffers +
the host's fixed overhead, + the weights it repacks for the CPU when the file stays mapped too.

The KV cache follows llama.cpp's layout: per layer, ``n_ctx × n_kv_heads × (k_dim + v_dim)``
elements of the cache type; layers with a sliding window (Gemma 3: five of every six) keep only
the window plus one batch, unless the cache is full-size (``swa_full``, llama.cpp's default).
The compute-buffer and overhead terms were calibrated against the host's measured peak RSS
(tests/bench/bench_memory_estimate.py); the repacked weights are ``repack.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.formats.metadata import ModelMetadata
from app.core.planning.units import MiB

# Bytes per element of each KV cache type (block formats: bytes per block / elements per block).
KV_BYTES_PER_ELEMENT = {"f32": 4.0, "f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}

# The runtime host before any model: Python, numpy, llama-cpp-python and ggml.
HOST_BASE_BYTES = 55 * MiB
# Scratch memory that a full prompt batch really touches, per token of the batch and per unit of
# embedding width (activations, FFN intermediates, norms: about 23 float vectors), and what
# llama.cpp keeps per vocabulary entry (token texts, lookup maps, the logits row). Fitted to the
# host's peak RSS on SmolLM2-135M and Gemma 3 270M with a 1,500-token prompt; llama.cpp
# *reserves* more (514 MiB for Gemma's 262k vocabulary) but never touches most of it.
BYTES_PER_BATCH_TOKEN_PER_EMBD = 93
BYTES_PER_VOCAB_ENTRY = 216


@dataclass(frozen=True)
class MemoryEstimate:
    """The parts of a model's memory, in bytes.

    ``repack_bytes``: weights llama.cpp copies into a CPU-friendly layout while the memory-mapped
    file keeps the originals resident (zero when the file is read instead of mapped).
    """

    weights_bytes: int
    kv_cache_bytes: int
    compute_bytes: int
    overhead_bytes: int
    repack_bytes: int = 0
    projector_bytes: int = 0  # a vision model's projector, loaded beside it

    @property
    def total_bytes(self) -> int:
        """Everything together."""
        return (self.weights_bytes + self.kv_cache_bytes + self.compute_bytes
                + self.overhead_bytes + self.repack_bytes + self.projector_bytes)


def _pad(value: int, multiple: int) -> int:
    return (value + multiple - 1) // multiple * multiple


def kv_cache_bytes(meta: ModelMetadata, n_ctx: int, kv_type: str = "f16",
                   n_ubatch: int = 512, swa_full: bool = True) -> int:
    """Bytes of KV cache for ``n_ctx`` tokens.

    Raises:
        KeyError: an unknown ``kv_type``.
    """
    layers = meta.block_count or 0
    kv_heads = meta.head_count_kv or meta.head_count or 0
    per_token_per_layer = kv_heads * ((meta.head_dim_k or 0) + (meta.head_dim_v or 0))
    element = KV_BYTES_PER_ELEMENT[kv_type]
    full_ctx = _pad(n_ctx, 256)
    swa_layers = 0
    windowed = meta.sliding_window and meta.sliding_window_pattern and not swa_full
    if windowed and meta.sliding_window < n_ctx:
        swa_layers = layers - layers // meta.sliding_window_pattern
    swa_ctx = min(full_ctx, _pad((meta.sliding_window or 0) + n_ubatch, 256))
    cells = (layers - swa_layers) * full_ctx + swa_layers * swa_ctx
    return int(cells * per_token_per_layer * element)


def compute_buffer_bytes(meta: ModelMetadata, n_ctx: int, n_ubatch: int = 512,
                         flash_attn: bool = True) -> int:
    """Scratch memory for one batch: activations, vocabulary tables, and (without flash
    attention) the attention scores of a batch against a full context.

    Raises:
        nothing.
    """
    n_embd = meta.embedding_length or 0
    n_vocab = meta.vocab_size or 0
    n_head = meta.head_count or 0
    activations = n_ubatch * n_embd * BYTES_PER_BATCH_TOKEN_PER_EMBD
    vocabulary = n_vocab * BYTES_PER_VOCAB_ENTRY
    scores = 0 if flash_attn else n_ubatch * _pad(n_ctx, 256) * n_head * 4
    return activations + vocabulary + scores


def estimate_gguf_memory(meta: ModelMetadata, n_ctx: int, kv_type: str = "f16",
                         n_ubatch: int = 512, flash_attn: bool = True, swa_full: bool = True,
                         mapped_repack_bytes: int = 0) -> MemoryEstimate:
    """Memory to run ``meta`` in llama.cpp with an ``n_ctx`` context, all on one device.

    ``mapped_repack_bytes``: weights repacked for the CPU while the file stays mapped
    (``repack.repack_bytes`` when ``use_mmap`` is on, else 0).

    Raises:
        KeyError: an unknown ``kv_type``.
    """
    return MemoryEstimate(
        weights_bytes=meta.weights_bytes,
        kv_cache_bytes=kv_cache_bytes(meta, n_ctx, kv_type, n_ubatch, swa_full),
        compute_bytes=compute_buffer_bytes(meta, n_ctx, n_ubatch, flash_attn),
        overhead_bytes=HOST_BASE_BYTES,
        repack_bytes=mapped_repack_bytes,
    )
