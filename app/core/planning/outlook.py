"""What a variant will be like here, before it is downloaded: the longest context that fits this
machine's memory, and about how fast it will answer (``speed.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.hardware.profile import HardwareProfile
from app.core.planning.arch import ArchInfo, VariantFacts
from app.core.planning.chooser import estimate_tps
from app.core.planning.fit import FitLabel, VariantFit, estimate_variant_memory, fit_label
from app.core.planning.recommend import runtime_of

MIN_CONTEXT = 512  # the planner's floor: below it a chat is not worth loading
SEARCH_CEILING = 131_072  # when the trained length is unknown
STEP = 256  # the answer is rounded down to this


@dataclass(frozen=True)
class Outlook:
    """A variant on this machine: the longest context that fits (0: none does) and the
    estimated decode speed (0: unknown, or it does not fit)."""

    max_context: int
    tps: float


def largest_context(fit: VariantFit[VariantFacts], profile: HardwareProfile,
                    arch: ArchInfo | None = None) -> int:
    """The longest context (a multiple of ``STEP``, up to the trained length) with which the
    variant still fits somewhere here, the fit planner's memory rules; 0 when even
    ``MIN_CONTEXT`` does not.

    Raises:
        nothing.
    """
    ceiling = (arch.context_length if arch and arch.context_length else SEARCH_CEILING)

    def fits(n_ctx: int) -> bool:
        estimate = estimate_variant_memory(fit.variant, arch, n_ctx, on_gpu=fit.device == "gpu")
        return fit_label(estimate, profile, fit.device) is not FitLabel.TOO_LARGE

    if ceiling < MIN_CONTEXT:
        return ceiling if fits(ceiling) else 0
    if not fits(MIN_CONTEXT):
        return 0
    if fits(ceiling):
        return ceiling
    low, high = MIN_CONTEXT // STEP, ceiling // STEP  # fits at low × STEP, not at high × STEP
    while high - low > 1:  # the memory need only grows with the context: bisect
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle * STEP) else (low, middle)
    return low * STEP


def outlook(fit: VariantFit[VariantFacts], profile: HardwareProfile, arch: ArchInfo | None,
            bandwidth: Mapping[tuple[str, str], float]) -> Outlook:
    """The longest context and the speed estimate for one assessed variant.

    ``bandwidth``: this machine's table (``speed.machine_bandwidth``); a partial offload is
    taken at the CPU's speed, which bounds it.

    Raises:
        nothing.
    """
    context = largest_context(fit, profile, arch)
    if not context or not fit.estimate.weights_bytes:
        return Outlook(context, 0.0)
    device = "GPU" if fit.label is FitLabel.FULL_GPU else "CPU"
    return Outlook(context, estimate_tps(runtime_of(fit.variant), device,
                                         fit.estimate.weights_bytes, bandwidth))
