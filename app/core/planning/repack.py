"""Which weights llama.cpp repacks for this CPU, and so holds twice when the file is mapped.

llama.cpp's CPU backend copies the weights of some quantisation types into an interleaved layout
its matrix kernels read faster (the ``CPU_REPACK`` buffer). With the file memory-mapped, the
original pages were read to make that copy and stay resident too: Qwen2.5-Coder-1.5B Q4_K_M
(1,060 MiB) peaks at 1,825 MiB RSS mapped and 1,232 MiB read into memory, as fast. So the
planner reads a file of which much is repacked instead of mapping it (``planner.py``), and
counts the copy whenever the file stays mapped.

The types, from ``ggml_repack_get_optimal_repack_type`` in ggml/src/ggml-cpu/repack.cpp of the
llama.cpp that llama-cpp-python 0.3.36 vendors (weights of matrix products, rows a multiple of
8; token-embedding lookups are never repacked):

=================  =========================================================================
CPU                types repacked
=================  =========================================================================
x86 AVX2           Q4_0, Q4_K, IQ4_NL, MXFP4
x86 AVX-512        the AVX2 types and Q2_K
ARM NEON           Q4_0, Q4_K, Q5_K, Q6_K, IQ4_NL, MXFP4, Q8_0, Q1_0 (with dot-product or int8
                   matrix instructions, which every arm64 CPU llama.cpp targets in practice has)
=================  =========================================================================
"""

from __future__ import annotations

from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import HardwareProfile

AVX2_TYPES = frozenset({"Q4_0", "Q4_K", "IQ4_NL", "MXFP4"})
AVX512_TYPES = AVX2_TYPES | {"Q2_K"}
NEON_TYPES = frozenset({"Q4_0", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL", "MXFP4", "Q8_0", "Q1_0"})


def repacked_types(profile: HardwareProfile) -> frozenset[str]:
    """The ggml types llama.cpp repacks on this CPU (empty: none).

    Raises:
        nothing.
    """
    if profile.neon:
        return NEON_TYPES
    if profile.avx512:
        return AVX512_TYPES
    if profile.avx2:
        return AVX2_TYPES
    return frozenset()


def repack_bytes(meta: ModelMetadata, profile: HardwareProfile) -> int:
    """Bytes of ``meta``'s weights llama.cpp repacks on this CPU, all layers on the CPU.

    Raises:
        nothing: a model without tensor types (ONNX, a header without them) says 0.
    """
    if meta.format != "gguf" or not meta.matmul_weight_bytes:
        return 0
    types = repacked_types(profile)
    return sum(size for type_name, size in meta.matmul_weight_bytes if type_name in types)
