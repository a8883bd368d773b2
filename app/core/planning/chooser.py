"""Which build of a model to run: one set of rules for the picker's Auto and the browser's
Recommended (between its best GGUF and best ONNX build). In order:

1. What can run: the caller leaves out (``runnable=False``) what has no backend here, does not
   fit, or failed to load.
2. Comparable quality: speed is compared only within one quality class, the about-4-bit class
   when present (Q4_K_M, int4: the usual sweet spot), else the next better one. A faster 2-bit
   build never wins over a 4-bit one because it is faster.
3. What is fastest: measured decode speed; before anything is measured, ``estimate_tps``: memory
   bandwidth bounds decoding, so speed is about bandwidth / bytes read per token, with the
   bandwidth this machine measured for that runtime (any model), else a default. On a tie the
   smaller build, then llama.cpp (the main backend).

A pinned build (the user's choice) is taken whenever it can run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.core.planning.reasons import Reason, reason

T = TypeVar("T")

# Effective bytes per second a decoder reads, when this machine has measured nothing yet.
DEFAULT_CPU_BANDWIDTH = 10e9
DEFAULT_GPU_BANDWIDTH = 200e9
SWEET_SPOT_BITS = 4.85  # Q4_K_M; a build of unknown precision is taken as one
LEGACY_PENALTY_BITS = 0.4  # Q4_0/Q4_1/Q5_0/Q5_1: llama-quantize's perplexity table
_LEGACY_RE = re.compile(r"^Q[45]_[01](?:_|$)")


def quality_bits(bits: float | None, quant: str | None) -> float:
    """Bits per weight as a quality score (unknown: taken as Q4_K_M; legacy quants count
    0.4 less, as llama-quantize's perplexity table shows).

    Raises:
        nothing.
    """
    score = bits or SWEET_SPOT_BITS
    return score - LEGACY_PENALTY_BITS if _LEGACY_RE.match((quant or "").upper()) else score


def quality_class(bits: float) -> int:
    """0: about 4 bits (Q4_K_M, int4), 1: 5-6 bits, 2: 8 bits, 3: 16 bits, 4: 32 bits,
    -1: below 4 bits. Speed is compared only within a class.

    Raises:
        nothing.
    """
    if bits < 4.0:
        return -1
    for cls, ceiling in enumerate((5.2, 7.0, 10.0, 20.0)):
        if bits < ceiling:
            return cls
    return 4


def estimate_tps(backend: str, device: str, weights_bytes: int,
                 bandwidth: Mapping[tuple[str, str], float]) -> float:
    """Decode tokens per second: the bandwidth this machine measured for ``backend`` on
    ``device`` (else on any device of the same kind, CPU or GPU; else the default) over the
    bytes one token reads.

    Raises:
        nothing.
    """
    rate = bandwidth.get((backend, device))
    if rate is None:
        on_cpu = device == "CPU"
        rates = [r for (b, d), r in bandwidth.items() if b == backend and (d == "CPU") == on_cpu]
        rate = rates[0] if rates else (DEFAULT_CPU_BANDWIDTH if on_cpu else DEFAULT_GPU_BANDWIDTH)
    return rate / max(weights_bytes, 1)


@dataclass(frozen=True)
class Option(Generic[T]):
    """A build the chooser may pick: the caller's ``item`` and the facts the rules read."""

    item: T
    label: str  # "GGUF Q4_1", "ONNX int4"
    format: str  # "gguf" or "onnx"
    bits: float  # quality_bits
    size_bytes: int
    device: str = "CPU"  # where it decodes: "CPU", "CUDA", "Metal", ...
    key: str = ""  # for pinning
    runnable: bool = True
    measured_tps: float | None = None
    estimated_tps: float | None = None

    @property
    def tps(self) -> float:
        """Measured decode speed, else the estimate, else 0."""
        if self.measured_tps is not None:
            return self.measured_tps
        return self.estimated_tps or 0.0

    @property
    def speed(self) -> Reason:
        """Its speed, saying whether measured or estimated."""
        if self.measured_tps is not None:
            return reason("speed.measured", tps=self.measured_tps)
        return reason("speed.estimated", tps=self.tps)


@dataclass(frozen=True)
class Choice(Generic[T]):
    """The option chosen, why, and the others of its quality class (fastest first)."""

    option: Option[T]
    reason: Reason
    measured: bool  # the decision rests on measurements, not estimates
    rivals: tuple[Option[T], ...] = ()
    pinned: bool = False


def choose(options: Sequence[Option[T]], pinned_key: str | None = None) -> Choice[T] | None:
    """The option to run (rules in the module docstring), or None when none can.

    Raises:
        nothing.
    """
    runnable = [o for o in options if o.runnable]
    if not runnable:
        return None
    if pinned_key is not None:
        pinned = next((o for o in runnable if o.key == pinned_key), None)
        if pinned is not None:
            return Choice(pinned, reason("auto.pinned", variant=pinned.label,
                                         device=pinned.device),
                          pinned.measured_tps is not None, pinned=True)
    classes = sorted({quality_class(o.bits) for o in runnable}, key=lambda c: (c < 0, c))
    best_class = classes[0]
    pool = [o for o in runnable if quality_class(o.bits) == best_class]
    measured = all(o.measured_tps is not None for o in pool)
    best = max(pool, key=lambda o: (round(o.tps, 1), -o.size_bytes, o.format == "gguf"))
    rivals = tuple(sorted((o for o in pool if o is not best), key=lambda o: -o.tps))
    if not rivals:
        code = "auto.only" if len(runnable) == 1 else (
            "auto.only_4bit" if best_class == 0 else "auto.only_in_class")
        why = reason(code, variant=best.label, device=best.device)
    else:
        why = reason("auto.fastest", variant=best.label, device=best.device, speed=best.speed,
                     rivals=tuple(reason("auto.rival", variant=o.label, speed=o.speed)
                                  for o in rivals[:2]))
    return Choice(best, why, measured, rivals)
