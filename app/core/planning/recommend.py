"""The variant the browser recommends downloading: which quantisation of each format, then the
chooser's rules (``chooser.py``) between the best GGUF and the best ONNX build.

Rules, in order (LM Studio's habit: the best quality that fits, wholly on the GPU if it can):
1. Never F32, never a build for hardware not present, never "Likely too large".
2. Rules 3-6 pick the best GGUF and the best ONNX variant; between the two, the chooser: the
   better quality class, then the faster by the speed this machine measured for each runtime
   (estimated from size when nothing is measured yet).
3. The best label present wins: Full GPU offload, then Partial, then Fits in RAM.
4. Within it, quality is ``chooser.quality_bits``, capped at Q6_K: above it size grows much
   faster than quality. Take the best 4-bit-or-better one that leaves 20% of the limiting pool
   free.
5. Memory tight (none has that room): the one nearest Q4_K_M, the usual sweet spot.
6. Only variants above the cap fit (Q8_0, F16): the smallest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.core.hardware.profile import HardwareProfile
from app.core.planning.arch import ArchInfo, VariantFacts
from app.core.planning.chooser import (
    SWEET_SPOT_BITS,
    Option,
    choose,
    estimate_tps,
    quality_bits,
)
from app.core.planning.fit import FitLabel, VariantFit, assess_all, memory_use, where_it_runs
from app.core.planning.memory_gguf import MemoryEstimate
from app.core.planning.reasons import Reason, reason

V = TypeVar("V", bound=VariantFacts)

QUALITY_CAP_BITS = 6.6  # Q6_K
FOUR_BIT_BITS = 4.25  # IQ4_XS
HEADROOM = 0.8  # "room to spare": at most this share of the pool
_BELOW_FOUR_BIT_RE = re.compile(r"^(?:I?Q[123]_|TQ)")
_LABEL_ORDER = (FitLabel.FULL_GPU, FitLabel.PARTIAL_GPU, FitLabel.CPU_RAM)


@dataclass(frozen=True)
class Recommendation(Generic[V]):
    """The variant to suggest here, its label, and why (``rec.pick``)."""

    variant: V
    label: FitLabel
    reason: Reason
    estimate: MemoryEstimate


def _bits(variant: VariantFacts) -> float:
    return quality_bits(variant.bits_per_weight, variant.quant)


def _four_bit(variant: VariantFacts) -> bool:
    """4-bit class or better (Q3_K_L's 4.27 bits do not make it one)."""
    quant = (variant.quant or "").upper()
    return _bits(variant) >= FOUR_BIT_BITS and not _BELOW_FOUR_BIT_RE.match(quant)


def _preference(fit: VariantFit[V]) -> tuple[float, bool, int]:
    """Best quality; on the CPU, a build without fp16 arithmetic (q4 over q4f16); smaller."""
    fp16_on_cpu = fit.device == "cpu" and "f16" in (fit.variant.quant or "").lower()
    return _bits(fit.variant), not fp16_on_cpu, -fit.variant.size_bytes


def _best_of_format(pool: list[VariantFit[V]], profile: HardwareProfile
                    ) -> tuple[VariantFit[V], Reason]:
    """Rules 3-6 within one format: the variant and why."""
    tier = next(label for label in _LABEL_ORDER if any(f.label is label for f in pool))
    tier_fits = [f for f in pool if f.label is tier]
    capped = [f for f in tier_fits if _bits(f.variant) <= QUALITY_CAP_BITS]

    def roomy(f: VariantFit[V]) -> bool:
        used, there = memory_use(f, profile)
        return _four_bit(f.variant) and used <= HEADROOM * there

    if any(roomy(f) for f in capped):
        return max((f for f in capped if roomy(f)), key=_preference), reason("rec.roomy")
    if capped:
        best = min(capped, key=lambda f: (not _four_bit(f.variant), abs(
            _bits(f.variant) - SWEET_SPOT_BITS), f.variant.size_bytes))
        return best, reason("rec.tight" if _four_bit(best.variant) else "rec.no_4bit")
    return min(tier_fits, key=lambda f: f.variant.size_bytes), reason("rec.smallest")


def runtime_of(variant: VariantFacts) -> str:
    """The runtime that would run ``variant``: llama.cpp, onnxruntime-genai or onnxruntime.

    Raises:
        nothing.
    """
    if variant.format == "gguf":
        return "llama.cpp"
    return "onnxruntime" if variant.layout == "optimum" else "onnxruntime-genai"


def _option(fit: VariantFit[V], bandwidth: Mapping[tuple[str, str], float]
            ) -> Option[VariantFit[V]]:
    variant = fit.variant
    device = "CPU" if fit.label is FitLabel.CPU_RAM else "GPU"
    return Option(fit, f"{variant.format.upper()} {variant.quant or variant.name}", variant.format,
                  _bits(variant), variant.size_bytes, device,
                  estimated_tps=estimate_tps(runtime_of(variant), device,
                                             fit.estimate.weights_bytes, bandwidth))


def recommend(variants: Iterable[V], profile: HardwareProfile,
              arch_info: ArchInfo | None = None, n_ctx: int = 4096,
              bandwidth: Mapping[tuple[str, str], float] | None = None
              ) -> Recommendation[V] | None:
    """The variant to suggest on ``profile`` (rules above), or ``None`` when none fits.

    ``bandwidth``: what this machine measured per (runtime, device), from Auto's calibration;
    it decides between formats.

    Raises:
        nothing.
    """
    fits = assess_all(variants, profile, arch_info, n_ctx)
    runnable = [f for f in fits if f.label is not FitLabel.TOO_LARGE and f.note is None
                and (f.variant.quant or "").upper() not in ("F32", "FP32")]
    winners = [_best_of_format([f for f in runnable if f.variant.format == fmt], profile)
               for fmt in ("gguf", "onnx") if any(f.variant.format == fmt for f in runnable)]
    choice = choose([_option(fit, bandwidth or {}) for fit, _ in winners])
    if choice is None:
        return None
    best = choice.option.item
    why = next(why for fit, why in winners if fit is best)
    compare = None
    if choice.rivals:  # the same quality class: speed decided
        other = choice.rivals[0]
        compare = reason("rec.compare", format=best.variant.format.upper(), tps=choice.option.tps,
                         other_format=other.item.variant.format.upper(),
                         other_name=other.item.variant.name, other_tps=other.tps)
    pick = reason("rec.pick", variant=best.variant.name, why=why,
                  where=where_it_runs(best, profile), compare=compare)
    return Recommendation(best.variant, best.label, pick, best.estimate)
