"""Will a variant fit this machine? Labels and memory estimates before anything is downloaded.

The rules are the load planner's (``app.core.backends.planner``): 90% of the available RAM, free
VRAM less a 512 MiB reserve, unified memory (Apple) as one pool, partial offload with the rest
on the CPU. Weights are the variant's file size; the KV cache and compute buffers come from the
architecture when the hub's listing gives the layer and head numbers, else from the parameter
count by the heuristic below. The planner checks again with the real header after download.

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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from app.core.backends.planner import (
    gpu_budget_bytes,
    offload_gpu,
    placement_fits,
    usable_ram_bytes,
)
from app.core.catalog.variants import Variant
from app.core.formats.memory import (
    HOST_BASE_BYTES,
    MemoryEstimate,
    compute_buffer_bytes,
    estimate_memory,
    format_bytes,
)
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile

KV_KIB_PER_TOKEN_AT_1B = 48  # × sqrt(params / 1e9); see the module docstring
EMBD_AT_1B = 1448  # × sqrt(params / 1e9)
DEFAULT_VOCAB = 152_064
ASSUMED_BITS = 4.85  # a file of unknown quantisation is taken as Q4_K_M to guess its parameters

Device = Literal["auto", "cpu", "gpu"]  # auto: llama.cpp (partial offload); gpu: all or nothing


class FitLabel(str, Enum):
    """How a variant would run here, best first."""

    FULL_GPU = "Full GPU offload"
    PARTIAL_GPU = "Partial GPU offload"
    CPU_RAM = "Fits in RAM (CPU)"
    TOO_LARGE = "Likely too large"

    def __str__(self) -> str:
        return self.value


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
        """From a GGUF header already read (a local file)."""
        return cls(meta.architecture, meta.parameter_count, meta.context_length, meta.block_count,
                   meta.embedding_length, meta.head_count, meta.head_count_kv, meta.key_length,
                   meta.value_length, meta.vocab_size)

    @property
    def has_layout(self) -> bool:
        """True when the KV cache can be computed exactly (layers, KV heads, head size)."""
        head_dim = self.key_length or (
            self.embedding_length and self.head_count and self.embedding_length // self.head_count)
        return bool(self.block_count and (self.head_count_kv or self.head_count) and head_dim)


def _weights_bytes(variant: Variant, arch: ArchInfo | None) -> int:
    """The file size; from parameters × bits when the listing lacked sizes."""
    if variant.size_known or not (arch and arch.parameter_count and variant.bits_per_weight):
        return variant.size_bytes
    return max(variant.size_bytes, int(arch.parameter_count * variant.bits_per_weight / 8))


def heuristic_kv_bytes_per_token(parameters: int) -> int:
    """Estimated f16 KV cache per token for a model of ``parameters`` (module docstring)."""
    return int(KV_KIB_PER_TOKEN_AT_1B * 1024 * math.sqrt(max(parameters, 0) / 1e9))


def estimate_variant_memory(variant: Variant, arch_info: ArchInfo | None,
                            n_ctx: int = 4096) -> MemoryEstimate:
    """Weights + KV cache (f16, ``n_ctx`` tokens, capped at the trained length) + buffers.

    ONNX builds get the same model; onnxruntime-genai sizes its own cache from its
    ``genai_config.json`` (``search.max_length``), which the listing does not show.

    Raises:
        nothing.
    """
    arch = arch_info or ArchInfo()
    weights = _weights_bytes(variant, arch)
    if arch.context_length:
        n_ctx = min(n_ctx, arch.context_length)
    params = arch.parameter_count or int(
        weights * 8 / (variant.bits_per_weight or ASSUMED_BITS))
    meta = ModelMetadata(
        path=Path(variant.name), format=variant.format, file_size_bytes=weights,
        architecture=arch.architecture or "unknown", parameter_count=params,
        block_count=arch.block_count,
        embedding_length=arch.embedding_length or int(EMBD_AT_1B * math.sqrt(params / 1e9)),
        head_count=arch.head_count, head_count_kv=arch.head_count_kv,
        key_length=arch.key_length, value_length=arch.value_length,
        vocab_size=arch.vocab_size or DEFAULT_VOCAB, context_length=arch.context_length)
    if arch.has_layout:
        return estimate_memory(meta, n_ctx)  # exactly what the planner will compute
    cells = (n_ctx + 255) // 256 * 256  # llama.cpp pads the cache to 256 cells
    kv = heuristic_kv_bytes_per_token(params) * cells
    return MemoryEstimate(weights, kv, compute_buffer_bytes(meta, n_ctx), HOST_BASE_BYTES)


def _gpu_for(device: Device, profile: HardwareProfile) -> GpuInfo | None:
    if device == "cpu":
        return None
    if device == "gpu":  # an ONNX GPU build brings its own runtime, not llama.cpp's
        nvidia = [g for g in profile.gpus if g.vendor == "nvidia"]
        return (nvidia or list(profile.gpus) or [None])[0]
    return offload_gpu(profile)


def offload_share(estimate: MemoryEstimate, gpu: GpuInfo, profile: HardwareProfile) -> float:
    """The fraction of the layers the GPU budget holds (the planner's rule, unrounded)."""
    layers = estimate.weights_bytes + estimate.kv_cache_bytes
    room = gpu_budget_bytes(gpu, profile) - estimate.compute_bytes
    return min(1.0, max(0.0, room / layers)) if layers else 1.0


def fit_label(estimate: MemoryEstimate, profile: HardwareProfile,
              device: Device = "auto") -> FitLabel:
    """The label for ``estimate`` on ``profile``.

    ``device``: ``"auto"`` for llama.cpp (GPU when the build offloads, partial offload allowed),
    ``"cpu"`` for CPU only, ``"gpu"`` for a GPU-only build (ONNX CUDA / DirectML): wholly on the
    GPU or "Likely too large".
    Unified memory is one pool, so there it is full offload or CPU, never partial.

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


def variant_device(variant: Variant, profile: HardwareProfile) -> tuple[Device, str | None]:
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
    needs = {"cuda": ("an NVIDIA GPU", nvidia), "directml": ("Windows with a GPU", windows_gpu),
             "gpu": ("an NVIDIA GPU or DirectML", nvidia or windows_gpu),
             "webgpu": ("a web browser (WebGPU)", False)}
    if variant.device in needs:
        what, present = needs[variant.device]
        return ("gpu", None) if present else ("cpu", f"built for {what}")
    return "cpu", None


@dataclass(frozen=True)
class VariantFit:
    """One variant here: estimate, label, how it runs, and a note when it is not for here."""

    variant: Variant
    estimate: MemoryEstimate
    label: FitLabel
    device: Device = "auto"
    note: str | None = None


def assess(variant: Variant, profile: HardwareProfile, arch_info: ArchInfo | None = None,
           n_ctx: int = 4096) -> VariantFit:
    """The estimate, label and note for one variant.

    Raises:
        nothing.
    """
    device, note = variant_device(variant, profile)
    estimate = estimate_variant_memory(variant, arch_info, n_ctx)
    if not estimate.weights_bytes:
        note = "size unknown"  # a label from nothing would mislead
    return VariantFit(variant, estimate, fit_label(estimate, profile, device), device, note)


def memory_use(fit: VariantFit, profile: HardwareProfile) -> tuple[int, int]:
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


# -- The recommendation -------------------------------------------------------------------------
# Rules, in order (LM Studio's habit: the best quality that fits, wholly on the GPU if it can):
# 1. Never F32, never a build for hardware not present, never "Likely too large".
# 2. Rules 3-6 pick the best GGUF and the best ONNX variant; between the two, Auto's rules
#    (app.core.selection.auto): the better quality class, then the faster by the speed this
#    machine measured for each runtime (estimated from size when nothing is measured yet).
# 3. The best label present wins: Full GPU offload, then Partial, then Fits in RAM.
# 4. Within it, quality is bits per weight (legacy Q4_0/Q4_1/Q5_0/Q5_1 count 0.4 less, as
#    llama-quantize's perplexity table shows), capped at Q6_K: above it size grows much faster
#    than quality. Take the best 4-bit-or-better one that leaves 20% of the limiting pool free.
# 5. Memory tight (none has that room): the one nearest Q4_K_M, the usual sweet spot.
# 6. Only variants above the cap fit (Q8_0, F16): the smallest.
QUALITY_CAP_BITS = 6.6  # Q6_K
SWEET_SPOT_BITS = 4.85  # Q4_K_M
FOUR_BIT_BITS = 4.25  # IQ4_XS
HEADROOM = 0.8  # "room to spare": at most this share of the pool
LEGACY_PENALTY_BITS = 0.4
_LEGACY_RE = re.compile(r"^Q[45]_[01](?:_|$)")
_BELOW_FOUR_BIT_RE = re.compile(r"^(?:I?Q[123]_|TQ)")
_LABEL_ORDER = (FitLabel.FULL_GPU, FitLabel.PARTIAL_GPU, FitLabel.CPU_RAM)


@dataclass(frozen=True)
class Recommendation:
    """The variant to suggest here, its label, and one line saying why."""

    variant: Variant
    label: FitLabel
    reason: str
    estimate: MemoryEstimate


def quality_bits(variant: Variant) -> float:
    """Bits per weight as a quality score (unknown: taken as Q4_K_M; legacy quants less)."""
    bits = variant.bits_per_weight or SWEET_SPOT_BITS
    quant = (variant.quant or "").upper()
    return bits - LEGACY_PENALTY_BITS if _LEGACY_RE.match(quant) else bits


def _four_bit(variant: Variant) -> bool:
    """4-bit class or better (Q3_K_L's 4.27 bits do not make it one)."""
    quant = (variant.quant or "").upper()
    return quality_bits(variant) >= FOUR_BIT_BITS and not _BELOW_FOUR_BIT_RE.match(quant)


def _preference(fit: VariantFit) -> tuple[float, bool, int]:
    """Best quality; on the CPU, a build without fp16 arithmetic (q4 over q4f16); smaller."""
    fp16_on_cpu = fit.device == "cpu" and "f16" in (fit.variant.quant or "").lower()
    return quality_bits(fit.variant), not fp16_on_cpu, -fit.variant.size_bytes


def assess_all(variants: Iterable[Variant], profile: HardwareProfile,
               arch_info: ArchInfo | None = None, n_ctx: int = 4096) -> list[VariantFit]:
    """``assess`` for each variant, in order.

    Raises:
        nothing.
    """
    return [assess(v, profile, arch_info, n_ctx) for v in variants]


def _where(fit: VariantFit, profile: HardwareProfile) -> str:
    gpu = _gpu_for(fit.device, profile)
    used, pool = memory_use(fit, profile)
    amount = f"{format_bytes(used)} of {format_bytes(pool)}"
    if fit.label is FitLabel.FULL_GPU and gpu is not None:
        memory = "unified memory" if gpu.unified_memory else "VRAM"
        return f"all on {gpu.name}, {amount} {memory}"
    if fit.label is FitLabel.PARTIAL_GPU and gpu is not None:
        share = offload_share(fit.estimate, gpu, profile)
        return f"{share:.0%} on {gpu.name}, the rest in RAM ({amount} RAM)"
    return f"CPU, {amount} RAM"


def _best_of_format(pool: list[VariantFit], profile: HardwareProfile
                    ) -> tuple[VariantFit, str]:
    """Rules 3-6 within one format: the variant and why."""
    tier = next(label for label in _LABEL_ORDER if any(f.label is label for f in pool))
    tier_fits = [f for f in pool if f.label is tier]
    capped = [f for f in tier_fits if quality_bits(f.variant) <= QUALITY_CAP_BITS]

    def roomy(f: VariantFit) -> bool:
        used, there = memory_use(f, profile)
        return _four_bit(f.variant) and used <= HEADROOM * there

    if any(roomy(f) for f in capped):
        best = max((f for f in capped if roomy(f)), key=_preference)
        why = "the best quality up to Q6_K that fits with room to spare"
    elif capped:
        best = min(capped, key=lambda f: (not _four_bit(f.variant), abs(
            quality_bits(f.variant) - SWEET_SPOT_BITS), f.variant.size_bytes))
        why = ("memory is tight, so the Q4_K_M-class sweet spot of size and quality"
               if _four_bit(best.variant) else "the best that fits; no 4-bit variant does")
    else:
        best = min(tier_fits, key=lambda f: f.variant.size_bytes)
        why = "the smallest variant in this repo that fits"
    return best, why


def _runtime_of(fit: VariantFit) -> str:
    if fit.variant.format == "gguf":
        return "llama.cpp"
    return "onnxruntime" if fit.variant.layout == "optimum" else "onnxruntime-genai"


def estimated_tps(fit: VariantFit, bandwidth: Mapping[tuple[str, str], float]) -> float:
    """Decode speed estimate: the bandwidth this machine measured for the variant's runtime
    (on the CPU, or on any GPU device), over the bytes one token reads; with nothing
    measured, Auto's default bandwidth (so the smaller variant is the faster).

    Raises:
        nothing.
    """
    from app.core.selection.auto import DEFAULT_BANDWIDTH, DEFAULT_GPU_BANDWIDTH

    runtime = _runtime_of(fit)
    on_cpu = fit.label is FitLabel.CPU_RAM
    rates = [rate for (backend, device), rate in bandwidth.items()
             if backend == runtime and (device == "CPU") == on_cpu]
    rate = rates[0] if rates else (DEFAULT_BANDWIDTH["CPU"] if on_cpu else DEFAULT_GPU_BANDWIDTH)
    return rate / max(fit.estimate.weights_bytes, 1)


def recommend(variants: Iterable[Variant], profile: HardwareProfile,
              arch_info: ArchInfo | None = None, n_ctx: int = 4096,
              bandwidth: Mapping[tuple[str, str], float] | None = None
              ) -> Recommendation | None:
    """The variant to suggest on ``profile`` (rules above), or ``None`` when none fits.

    ``bandwidth``: what this machine measured per (runtime, device), from Auto's calibration
    (``app.core.selection.auto.bandwidth_by_backend``); it decides between formats.

    Raises:
        nothing.
    """
    from app.core.catalog.groups import quality_class

    fits = assess_all(variants, profile, arch_info, n_ctx)
    runnable = [f for f in fits if f.label is not FitLabel.TOO_LARGE and f.note is None
                and (f.variant.quant or "").upper() not in ("F32", "FP32")]
    winners = [_best_of_format([f for f in runnable if f.variant.format == fmt], profile)
               for fmt in ("gguf", "onnx") if any(f.variant.format == fmt for f in runnable)]
    if not winners:
        return None
    best, why = winners[0]
    if len(winners) == 2:
        # Auto's rules between formats: the better quality class (about 4 bits first), then
        # the faster by this machine's measured (or default) bandwidth, llama.cpp on a tie.
        speeds = {id(fit): estimated_tps(fit, bandwidth or {}) for fit, _ in winners}

        def rank(entry: tuple[VariantFit, str]) -> tuple[bool, int, float]:
            cls = quality_class(quality_bits(entry[0].variant))
            return (cls < 0, cls, -round(speeds[id(entry[0])], 1))

        best, why = min(winners, key=rank)
        other = next(fit for fit, _ in winners if fit is not best)
        if quality_class(quality_bits(best.variant)) == quality_class(
                quality_bits(other.variant)):
            why += (f"; {best.variant.format.upper()} about {speeds[id(best)]:.0f} tok/s vs "
                    f"{other.variant.format.upper()} {other.variant.name} about "
                    f"{speeds[id(other)]:.0f} tok/s (estimated)")
    reason = f"{best.variant.name}: {why}; {_where(best, profile)}"
    return Recommendation(best.variant, best.label, reason, best.estimate)
