""""Auto": which variant of a model to run here, on which backend and device, and why.

A pure function of the variants' load plans and measured speeds, so it is tested with
hand-written hardware and calibration results. The rules, in order:

1. What can run: a backend for the format is installed and a load plan exists (a variant
   whose calibration failed to load is out too).
2. What fits: the plan's memory check passed (the planner refuses what does not fit).
3. Comparable quality: speed is compared only within one quality class, the about-4-bit
   class when present (Q4_K_M, int4: the usual sweet spot), else the next better one.
   A faster 2-bit build never wins over a 4-bit one because it is faster.
4. What is fastest: measured decode speed from the calibration; before it has run, an estimate
   from the variant's size and the speed this machine measured for that backend (memory
   bandwidth bounds decoding, so speed is about bandwidth / bytes per token); with nothing
   measured at all, the smaller variant, llama.cpp on a tie.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.backends.planner import LoadPlan
from app.core.catalog.groups import ModelVariant, quality_class
from app.core.selection.calibration import Measurement

# Effective bytes per second a decoder reads, when this machine has measured nothing yet.
DEFAULT_BANDWIDTH = {"CPU": 10e9}
DEFAULT_GPU_BANDWIDTH = 200e9


@dataclass(frozen=True)
class VariantOption:
    """A variant with its load plan here, or why it cannot run."""

    variant: ModelVariant
    plan: LoadPlan | None
    problem: str | None = None  # why it cannot run or does not fit
    measurement: Measurement | None = None
    estimated_tps: float | None = None

    @property
    def runnable(self) -> bool:
        """A plan exists and nothing ruled it out."""
        return self.plan is not None and self.problem is None

    @property
    def tps(self) -> float:
        """Measured decode speed, else the estimate, else 0."""
        if self.measurement is not None:
            return self.measurement.decode_tps
        return self.estimated_tps or 0.0


@dataclass(frozen=True)
class AutoChoice:
    """The variant to load, its plan, one line saying why, and every option considered."""

    option: VariantOption
    reason: str
    options: tuple[VariantOption, ...]
    measured: bool  # the decision rests on measurements, not estimates
    pinned: bool = False

    @property
    def variant(self) -> ModelVariant:
        """The chosen variant."""
        return self.option.variant

    @property
    def plan(self) -> LoadPlan:
        """Its load plan."""
        assert self.option.plan is not None
        return self.option.plan


def bandwidth_by_backend(measurements: Iterable[Measurement]) -> dict[tuple[str, str], float]:
    """Bytes per second each (backend, device) decoded at on this machine, from any model:
    the median of tokens per second × bytes per token (the weights).

    Raises:
        nothing.
    """
    samples: dict[tuple[str, str], list[float]] = {}
    for measurement in measurements:
        if measurement.decode_tps > 0 and measurement.weights_bytes > 0:
            samples.setdefault((measurement.backend, measurement.device), []).append(
                measurement.decode_tps * measurement.weights_bytes)
    return {key: statistics.median(values) for key, values in samples.items()}


def estimate_tps(plan: LoadPlan, weights_bytes: int,
                 bandwidth: Mapping[tuple[str, str], float]) -> float:
    """Decode tokens per second from the bytes read per token and the backend's bandwidth here.

    Raises:
        nothing.
    """
    rate = bandwidth.get((plan.backend, plan.device))
    if rate is None:
        rate = DEFAULT_BANDWIDTH.get(plan.device, DEFAULT_GPU_BANDWIDTH)
    return rate / max(weights_bytes, 1)


def _label(option: VariantOption) -> str:
    plan = option.plan
    device = plan.device if plan is not None else "?"
    return f"{option.variant.label} on {device}"


def _speed(option: VariantOption) -> str:
    if option.measurement is not None:
        return f"{option.measurement.decode_tps:.0f} tok/s measured"
    return f"about {option.tps:.0f} tok/s estimated"


def choose(options: Sequence[VariantOption], pinned_key: str | None = None) -> AutoChoice | None:
    """The variant to run (rules in the module docstring), or None when none can.

    ``pinned_key``: the user's pinned variant (``ModelVariant.key``); it is used whenever it
    can run, with the reason saying it was pinned.

    Raises:
        nothing.
    """
    runnable = [o for o in options if o.runnable]
    if not runnable:
        return None
    everything = tuple(options)
    if pinned_key is not None:
        pinned = next((o for o in runnable if o.variant.key == pinned_key), None)
        if pinned is not None:
            return AutoChoice(pinned, f"{_label(pinned)}: pinned by you", everything,
                              pinned.measurement is not None, pinned=True)
    classes = sorted({quality_class(o.variant.bits) for o in runnable},
                     key=lambda c: (c < 0, c))
    best_class = classes[0]
    pool = [o for o in runnable if quality_class(o.variant.bits) == best_class]
    measured = all(o.measurement is not None for o in pool)
    # Fastest; on a tie the smaller, then llama.cpp (the main backend), then library order.
    best = max(pool, key=lambda o: (round(o.tps, 1), -o.variant.size_bytes,
                                    o.variant.format == "gguf"))
    others = sorted((o for o in pool if o is not best), key=lambda o: -o.tps)
    if not others:
        why = "the only variant that runs here" if len(runnable) == 1 else (
            "the only about-4-bit variant that runs here" if best_class == 0 else
            "the best-quality class that runs here has only this variant")
        reason = f"{_label(best)}: {why}"
    else:
        rivals = ", ".join(f"{o.variant.label} {_speed(o)}" for o in others[:2])
        reason = f"{_label(best)}: {_speed(best)} vs {rivals}"
    return AutoChoice(best, reason, everything, measured)
