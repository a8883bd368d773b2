"""What calibration's timings decide beyond the variant: the thread count and the draft model.

Pure choices over measured speeds (no runtime here), so they are tested without a model:
which thread counts to time, which of them won, whether the draft model paid for itself, and
the load settings and reasons Auto's plan takes from a measurement.

Prompt lookup is not measured: it drafts only where the answer repeats the conversation and
its draft length adapts to the acceptance rate (down to off), so it cannot lose much where it
does not help; a fixed calibration prompt would say nothing about the prompts that repeat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.planning.load_plan import LoadOverrides
from app.core.planning.reasons import Reason, reason

if TYPE_CHECKING:  # calibration uses the choices here
    from app.core.selection.calibration import Measurement

# A rival must beat the plan's choice by this much: one short answer each is noisy, and the
# plan's default (all cores, no draft) is the safer guess when they are about equal.
THREADS_MARGIN = 0.03
DRAFT_MARGIN = 0.03


def thread_counts(planned: int) -> list[int]:
    """The thread counts to time, the plan's first: on 2 cores 2 and 1; on N cores N, N-1 and
    N/2 (kept to three, so calibration stays short).

    Raises:
        nothing.
    """
    counts = [max(1, planned)]
    for fewer in (planned - 1, planned // 2):
        if fewer >= 1 and fewer not in counts:
            counts.append(fewer)
    return counts


def fastest_threads(speeds: Mapping[int, float], planned: int, busy: bool = False,
                    margin: float = THREADS_MARGIN) -> int:
    """The thread count that decoded fastest; the plan's count unless another beat it by more
    than ``margin`` (a fraction), or when other programs were busy while it was timed.

    Fewer threads win on a busy machine because the others take cores, not because this
    machine is faster with fewer (hyper-threads, slow cores); the runtime lowers the count
    itself while they are busy, and never raises it above the plan's: a count chosen in a
    busy minute would cap the speed for good.

    Raises:
        nothing: with no speed for the plan's count, the fastest measured one (or ``planned``).
    """
    if not speeds or busy:
        return planned
    best = max(speeds, key=lambda n: (speeds[n], n))
    base = speeds.get(planned, 0.0)
    if base > 0 and speeds[best] <= base * (1 + margin):
        return planned
    return best


def draft_wins(plain_tps: float, draft_tps: float, margin: float = DRAFT_MARGIN) -> bool:
    """Whether decoding with the draft model measured faster than without (by ``margin``).

    Raises:
        nothing.
    """
    return plain_tps > 0 and draft_tps > plain_tps * (1 + margin)


def _speed(tps: float) -> Reason:
    return reason("speed.measured", tps=tps)


def tuned_overrides(overrides: LoadOverrides | None, measurement: Measurement | None
                    ) -> tuple[LoadOverrides | None, tuple[Reason, ...]]:
    """The user's ``overrides`` with what the measurement chose where the user chose nothing:
    the fastest thread count and the draft model (when it measured faster and still exists);
    and why, one reason each (a draft measured slower is said too).

    Raises:
        nothing.
    """
    if measurement is None:
        return overrides, ()
    base = overrides or LoadOverrides()
    changes: dict[str, object] = {}
    why: list[Reason] = []
    speeds = dict(measurement.thread_tps)
    planned = measurement.planned_threads
    if (base.n_threads is None and measurement.threads > 0
            and measurement.threads != planned and planned in speeds):
        changes["n_threads"] = measurement.threads
        why.append(reason("auto.threads", threads=measurement.threads,
                          speed=_speed(speeds.get(measurement.threads, measurement.decode_tps)),
                          planned=planned, planned_speed=_speed(speeds[planned])))
    candidate = measurement.draft_candidate
    if base.draft_model is None and candidate and measurement.draft_tps > 0:
        name = Path(candidate).stem
        if measurement.draft_model and Path(measurement.draft_model).is_file():
            changes["draft_model"] = measurement.draft_model
            why.append(reason("auto.draft", draft=name, speed=_speed(measurement.draft_tps),
                              plain=_speed(measurement.decode_tps)))
        elif not measurement.draft_model:
            why.append(reason("auto.no_draft", draft=name, speed=_speed(measurement.draft_tps),
                              plain=_speed(measurement.decode_tps)))
    if not changes:
        return overrides, tuple(why)
    return replace(base, **changes), tuple(why)  # type: ignore[arg-type]
