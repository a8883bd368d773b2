"""One entry for a memory estimate, whatever the format: llama.cpp's for GGUF, ONNX Runtime's
for ONNX (``memory_gguf.py``, ``memory_onnx.py``)."""

from __future__ import annotations

from app.core.formats.metadata import ModelMetadata
from app.core.planning.memory_gguf import MemoryEstimate, estimate_gguf_memory
from app.core.planning.memory_onnx import estimate_onnx_memory


def estimate_memory(meta: ModelMetadata, n_ctx: int, *, on_gpu: bool = False,
                    kv_type: str = "f16", n_batch: int = 512, flash_attn: bool = True,
                    mapped_repack_bytes: int = 0,
                    standard_attention: bool | None = None) -> MemoryEstimate:
    """Memory to run ``meta`` with an ``n_ctx`` context, by its format's runtime.

    GGUF: ``kv_type``, ``flash_attn`` and ``mapped_repack_bytes`` (weights repacked while the file
    stays mapped) apply. ONNX: ``on_gpu`` picks the cache precision; ``standard_attention``
    (``None``: read from the graph) doubles the cache of an Optimum export.

    Raises:
        KeyError: an unknown ``kv_type``.
    """
    if meta.format == "onnx":
        return estimate_onnx_memory(meta, n_ctx, on_gpu, n_batch, standard_attention)
    return estimate_gguf_memory(meta, n_ctx, kv_type, n_batch, flash_attn,
                                mapped_repack_bytes=mapped_repack_bytes)
