""""Auto": which variant of a model in the library to run here, on which backend and device.

The rules are planning's chooser (``app.core.planning.chooser``): what can run (a backend is
installed, a load plan exists, the memory check passed, calibration did not fail), the best
quality class, the fastest by measured speed or, before calibration, by the one speed estimate.
This module turns the library's variants, their plans and this machine's measurements into the
chooser's options.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.catalog.groups import ModelVariant
from app.core.errors import OndolError
from app.core.planning.chooser import Option, quality_bits
from app.core.planning.chooser import choose as choose_option
from app.core.planning.load_plan import LoadPlan
from app.core.planning.reasons import Reason, reason
from app.core.selection.calibration import Measurement


@dataclass(frozen=True)
class VariantOption:
    """A variant with its load plan here, or why it cannot run."""

    variant: ModelVariant
    plan: LoadPlan | None
    problem: OndolError | None = None  # why it cannot run or does not fit
    measurement: Measurement | None = None
    estimated_tps: float | None = None
    # What the measurement changed in the plan (threads, draft model), each with its reason.
    tuning: tuple[Reason, ...] = ()

    @property
    def runnable(self) -> bool:
        """A plan exists and nothing ruled it out."""
        return self.plan is not None and self.problem is None

    @property
    def tps(self) -> float:
        """Measured decode speed, else the estimate, else 0."""
        if self.measurement is not None:
            return self.measurement.best_tps
        return self.estimated_tps or 0.0

    def as_option(self) -> Option[VariantOption]:
        """The chooser's view of it."""
        v = self.variant
        return Option(self, v.label, v.format, quality_bits(v.bits, v.precision), v.size_bytes,
                      self.plan.device if self.plan is not None else "?", v.key, self.runnable,
                      self.measurement.best_tps if self.measurement is not None else None,
                      self.estimated_tps)


@dataclass(frozen=True)
class AutoChoice:
    """The variant to load, its plan, why, and every option considered."""

    option: VariantOption
    reason: Reason
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


def choose(options: Sequence[VariantOption], pinned_key: str | None = None) -> AutoChoice | None:
    """The variant to run (the chooser's rules), or None when none can.

    ``pinned_key``: the user's pinned variant (``ModelVariant.key``); it is used whenever it
    can run, with the reason saying it was pinned.

    Raises:
        nothing.
    """
    choice = choose_option([o.as_option() for o in options], pinned_key)
    if choice is None:
        return None
    option = choice.option.item
    why = choice.reason
    if option.tuning:  # the measured threads and draft model are part of the choice
        why = reason("auto.tuned", auto=why, tuning=option.tuning)
    return AutoChoice(option, why, tuple(options), choice.measured, choice.pinned)
