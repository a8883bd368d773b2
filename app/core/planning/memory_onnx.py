"""How much memory ONNX Runtime takes to run an ONNX model: weights (the files), the KV cache,
prompt-chunk buffers and the runtime's own overhead."""

from __future__ import annotations

from app.core.formats.metadata import ModelMetadata
from app.core.formats.onnx_graph import uses_group_query_attention
from app.core.planning.memory_gguf import MemoryEstimate, compute_buffer_bytes, kv_cache_bytes
from app.core.planning.units import MiB

# The runtime host with ONNX Runtime loaded and its CPU arena warmed up, before weights, cache
# and prompt buffers. Fitted with tests/bench/bench_memory_estimate.py on the SmolLM2 builds.
ONNX_HOST_BASE_BYTES = 110 * MiB


def standard_attention(meta: ModelMetadata) -> bool:
    """Whether ``meta`` is a graph with standard attention (an Optimum export without
    ``GroupQueryAttention``); an onnxruntime-genai folder never is. Reads the graph's nodes.

    Raises:
        nothing.
    """
    return meta.path.suffix == ".onnx" and not uses_group_query_attention(meta.path)


def estimate_onnx_memory(meta: ModelMetadata, n_ctx: int, on_gpu: bool, n_batch: int = 512,
                         standard: bool | None = None) -> MemoryEstimate:
    """Weights (the files), the KV cache for ``n_ctx`` (float32 on the CPU, as the CPU builds
    keep it; float16 on a GPU), prompt-chunk buffers and ONNX Runtime's own overhead.

    A prompt chunk's logits are counted twice (the graph's output and the arena block it was
    computed in). A graph with standard attention (Optimum's export) returns a new cache
    tensor every step while the old one is still alive, so its cache counts twice too.
    ``standard``: that attention kind when known (before a download: from the layout); ``None``
    reads it from the graph (``standard_attention``).

    Raises:
        nothing.
    """
    kv = kv_cache_bytes(meta, n_ctx, "f16" if on_gpu else "f32", n_batch, swa_full=True)
    if standard if standard is not None else standard_attention(meta):
        kv *= 2
    logits = n_batch * (meta.vocab_size or 0) * 4  # a prompt chunk's logits, float32
    compute = compute_buffer_bytes(meta, n_ctx, n_batch) + 2 * logits
    return MemoryEstimate(meta.weights_bytes, kv, compute, ONNX_HOST_BASE_BYTES)
