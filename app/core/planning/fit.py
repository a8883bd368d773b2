"""Will a variant fit this machine? Labels and memory estimates before anything is downloaded.

The rules are the load planner's (``placement.py``): 90% of the available RAM, free VRAM less a
512 MiB reserve, unified memory (Apple) as one pool, partial offload with the rest on the CPU.
The estimate is the format's own (``memory.py``: llama.cpp for GGUF, ONNX Runtime for ONNX).
Weights are the variant's file size; the KV cache and compute buffers come from the architecture
when the hub's listing gives the layer and head numbers, else from the parameter count by the
heuristic below. The planner checks again with the real header after download.

KV-cache heuristic (f16 cache, all layers, K + V), when layer/head numbers are missing:
``kv_bytes_per_token ≈ 48 KiB × sqrt(parameters / 1e9)``. Measured on known models:
SmolLM2-135M 22.5 KiB (formula 17.6), Qwen2.5-0.5B 12 KiB (GQA, 2 KV heads; formula 34),
Gemma-3-270M 18 KiB (formula 25), Llama-3.2-1B 32 KiB (48), Llama-3-8B / Mistral-7B 128 KiB (136),
Qwen2.5-14B 192 KiB (180), Qwen2.5-32B 256 KiB (272), Llama-3-70B 320 KiB (402). It is near the
modern grouped-query models, errs high for very-few-KV-head models and for mixture-of-experts
(total, not active, parameters), and low for old full multi-head models (Phi-3-mini 384 KiB,
Llama-2-7B 512 KiB): those need the real numbers, which the planner reads from the header.
Embedding width for the compute buffer: ``≈ 1448 × sqrt(parameters / 1e9)`` (576 real vs 532
for 135M, 4096 vs 4096 for 8B); vocabulary, if unknown, Qwen2.5's 152,064 (on the large side).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Generic, Literal, TypeVar

from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile
from app.core.planning.arch import ArchInfo, VariantFacts
from app.core.planning.memory import estimate_memory
from app.core.planning.memory_gguf import MemoryEstimate
from app.core.planning.placement import (
    gpu_budget_bytes,
    offload_gpu,
    offload_share,
    placement_fits,
    usable_ram_bytes,
)
from app.core.planning.reasons import Reason, reason

KV_KIB_PER_TOKEN_AT_1B = 48  # × sqrt(params / 1e9); see the module docstring
EMBD_AT_1B = 1448  # × sqrt(params / 1e9)
DEFAULT_VOCAB = 152_064
ASSUMED_BITS = 4.85  # a file of unknown quantisation is taken as Q4_K_M to guess its parameters

Device = Literal["auto", "cpu", "gpu"]  # auto: llama.cpp (partial offload); gpu: all or nothing
V = TypeVar("V", bound=VariantFacts)


class FitLabel(str, Enum):
    """How a variant would run here, best first (words: ``words.english``, code ``fit.<value>``)."""

    FULL_GPU = "full_gpu"
    PARTIAL_GPU = "partial_gpu"
    CPU_RAM = "cpu_ram"
    TOO_LARGE = "too_large"


def heuristic_kv_bytes_per_token(parameters: int) -> int:
    """Estimated f16 KV cache per token for a model of ``parameters`` (module docstring).

    Raises:
        nothing.
    """
    return int(KV_KIB_PER_TOKEN_AT_1B * 1024 * math.sqrt(max(parameters, 0) / 1e9))


def _weights_bytes(variant: VariantFacts, arch: ArchInfo) -> int:
    """The file size; from parameters × bits when the listing lacked sizes."""
    if variant.size_known or not (arch.parameter_count and variant.bits_per_weight):
        return variant.size_bytes
    return max(variant.size_bytes, int(arch.parameter_count * variant.bits_per_weight / 8))


def variant_metadata(variant: VariantFacts, arch_info: ArchInfo | None) -> ModelMetadata:
    """What the header will most likely say, from the listing and what the hub knows.

    Without the layer and head numbers, the cache layout is a one-layer stand-in holding the
    heuristic's bytes per token (module docstring), so every format's estimator applies.

    Raises:
        nothing.
    """
    arch = arch_info or ArchInfo()
    weights = _weights_bytes(variant, arch)
    params = arch.parameter_count or int(weights * 8 / (variant.bits_per_weight or ASSUMED_BITS))
    layout: dict[str, int | None] = dict(
        block_count=arch.block_count, head_count=arch.head_count,
        head_count_kv=arch.head_count_kv, key_length=arch.key_length,
        value_length=arch.value_length)
    if not arch.has_layout:  # f16: 2 bytes × (K + V) per layer and KV head
        per_token = heuristic_kv_bytes_per_token(params) / 4
        layout = dict(block_count=1, head_count=1, head_count_kv=1,
                      key_length=max(1, round(per_token)), value_length=max(1, round(per_token)))
    suffix = ".onnx" if variant.layout == "optimum" else ""
    return ModelMetadata(
        path=Path(variant.name + suffix), format=variant.format, file_size_bytes=weights,
        architecture=arch.architecture or "unknown", parameter_count=params,
        embedding_length=arch.embedding_length or int(EMBD_AT_1B * math.sqrt(params / 1e9)),
        vocab_size=arch.vocab_size or DEFAULT_VOCAB, context_length=arch.context_length,
        file_type=variant.quant, **layout)


def estimate_variant_memory(variant: VariantFacts, arch_info: ArchInfo | None,
                            n_ctx: int = 4096, on_gpu: bool = False) -> MemoryEstimate:
    """The format's estimate (``memory.estimate_memory``) for ``n_ctx`` tokens (capped at the
    trained length), the defaults the planner uses: an f16 cache for GGUF, the file read rather
    than mapped where llama.cpp repacks; for ONNX the cache ONNX Runtime keeps on that device
    (an Optimum export taken as standard attention, its cache held twice).

    Raises:
        nothing.
    """
    meta = variant_metadata(variant, arch_info)
    if meta.context_length:
        n_ctx = min(n_ctx, meta.context_length)
    return estimate_memory(meta, n_ctx, on_gpu=on_gpu,
                           standard_attention=variant.layout == "optimum")


def _gpu_for(device: Device, profile: HardwareProfile) -> GpuInfo | None:
    if device == "cpu":
        return None
    if device == "gpu":  # an ONNX GPU build brings its own runtime, not llama.cpp's
        nvidia = [g for g in profile.gpus if g.vendor == "nvidia"]
        return (nvidia or list(profile.gpus) or [None])[0]
    return offload_gpu(profile)


def fit_label(estimate: MemoryEstimate, profile: HardwareProfile,
              device: Device = "auto") -> FitLabel:
    """The label for ``estimate`` on ``profile``.

    ``device``: ``"auto"`` for llama.cpp (GPU when the build offloads, partial offload allowed),
    ``"cpu"`` for CPU only, ``"gpu"`` for a GPU-only build (ONNX CUDA / DirectML): wholly on the
    GPU or "Likely too large". Unified memory is one pool, so there it is full offload or CPU,
    never partial.

    Raises:
        nothing.
    """
    gpu = _gpu_for(device, profile)
    if gpu is not None:
        if placement_fits(estimate, 1.0, gpu, profile):
            return FitLabel.FULL_GPU
        if device == "gpu":
            return FitLabel.TOO_LARGE  # a GPU-only build does not fall back to the CPU
        share = offload_share(estimate, gpu, profile)
        if not gpu.unified_memory and share > 0 and placement_fits(estimate, share, gpu, profile):
            return FitLabel.PARTIAL_GPU
    return FitLabel.CPU_RAM if placement_fits(estimate, 0.0, None, profile) else FitLabel.TOO_LARGE


def variant_device(variant: VariantFacts, profile: HardwareProfile
                   ) -> tuple[Device, Reason | None]:
    """How the variant would run here, and a note when it was built for hardware not present.

    GGUF runs on llama.cpp (``"auto"``). An onnxruntime-genai build runs where its folder says:
    CUDA needs an NVIDIA GPU, DirectML Windows and a GPU; Optimum exports are taken as CPU.

    Raises:
        nothing.
    """
    if variant.format == "gguf":
        return "auto", None
    nvidia = any(g.vendor == "nvidia" for g in profile.gpus)
    windows_gpu = profile.os == "windows" and bool(profile.gpus)
    present = {"cuda": nvidia, "directml": windows_gpu, "gpu": nvidia or windows_gpu,
               "webgpu": False}
    if variant.device in present:
        if present[variant.device]:
            return "gpu", None
        return "cpu", reason("fitnote.built_for", target=variant.device)
    return "cpu", None


@dataclass(frozen=True)
class VariantFit(Generic[V]):
    """One variant here: estimate, label, how it runs, and a note when it is not for here."""

    variant: V
    estimate: MemoryEstimate
    label: FitLabel
    device: Device = "auto"
    note: Reason | None = None


def assess(variant: V, profile: HardwareProfile, arch_info: ArchInfo | None = None,
           n_ctx: int = 4096) -> VariantFit[V]:
    """The estimate, label and note for one variant.

    Raises:
        nothing.
    """
    device, note = variant_device(variant, profile)
    estimate = estimate_variant_memory(variant, arch_info, n_ctx, on_gpu=device == "gpu")
    if not estimate.weights_bytes:
        note = reason("fitnote.size_unknown")  # a label from nothing would mislead
    return VariantFit(variant, estimate, fit_label(estimate, profile, device), device, note)


def assess_all(variants: Iterable[V], profile: HardwareProfile,
               arch_info: ArchInfo | None = None, n_ctx: int = 4096) -> list[VariantFit[V]]:
    """``assess`` for each variant, in order.

    Raises:
        nothing.
    """
    return [assess(v, profile, arch_info, n_ctx) for v in variants]


def memory_use(fit: VariantFit[V], profile: HardwareProfile) -> tuple[int, int]:
    """(bytes used, bytes there) in the pool that limits the label: VRAM for a full offload on
    a discrete GPU, unified memory on Apple, RAM otherwise.

    Raises:
        nothing.
    """
    est, ram = fit.estimate, usable_ram_bytes(profile)
    gpu = _gpu_for(fit.device, profile)
    if fit.label is FitLabel.FULL_GPU and gpu is not None:
        budget = gpu_budget_bytes(gpu, profile)
        if gpu.unified_memory:
            return est.total_bytes, min(ram, budget)
        return est.weights_bytes + est.kv_cache_bytes + est.compute_bytes, budget
    if fit.label is FitLabel.PARTIAL_GPU and gpu is not None:
        offloaded = int(offload_share(est, gpu, profile) * (est.weights_bytes + est.kv_cache_bytes))
        return est.total_bytes - offloaded, ram
    return est.total_bytes, ram


def where_it_runs(fit: VariantFit[V], profile: HardwareProfile) -> Reason:
    """Where the variant would run and how much of that memory it takes.

    Raises:
        nothing.
    """
    gpu = _gpu_for(fit.device, profile)
    used, pool = memory_use(fit, profile)
    if fit.label is FitLabel.FULL_GPU and gpu is not None:
        return reason("where.unified" if gpu.unified_memory else "where.vram", gpu=gpu.name,
                      used_bytes=used, pool_bytes=pool)
    if fit.label is FitLabel.PARTIAL_GPU and gpu is not None:
        return reason("where.partial", share=offload_share(fit.estimate, gpu, profile),
                      gpu=gpu.name, used_bytes=used, pool_bytes=pool)
    return reason("where.cpu", used_bytes=used, pool_bytes=pool)
