"""The decoding steps as pure functions, in the order and with the meaning the samplers apply.

Both backends choose a token the same way (llama-cpp-python's sampler chain, which
``app.core.backends.onnx.sampler`` copies in numpy): repetition penalties over the tokens
generated so far, then, at temperature 0, simply the most likely token; otherwise top-k, top-p,
min-p, temperature and a seeded draw (``SAMPLER_ORDER``). So top-p and min-p see the
distribution at temperature 1 (after top-k, renormalised), and temperature only reshapes what
they kept. Penalties are left out here: they depend on the answer so far, and at an answer's
first token they change nothing.

Every function takes logits (one row, numpy) in which a cut token is ``-inf`` and returns a
``TransformStep``: the logits after the step and the ids it cut. ``probabilities`` turns any
row into the distribution it stands for, so a chart can draw kept and cut tokens step by step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The filtering steps in the order llama-cpp-python's ``Llama._init_sampler`` adds them (its
# chain also holds "typical", off at its default of 1.0, and ends with the draw, "dist").
SAMPLER_ORDER = ("top_k", "top_p", "min_p", "temperature")
# The names llama.cpp gives those samplers (``llama_sampler_name``), in the same order.
LLAMA_SAMPLER_NAMES = {"top_k": "top-k", "top_p": "top-p", "min_p": "min-p",
                       "temperature": "temp"}


@dataclass(frozen=True)
class TransformStep:
    """One decoding step: its name and setting, the logits after it (cut tokens ``-inf``)
    and the ids it cut, most likely first."""

    name: str
    value: float
    logits: np.ndarray
    cut: np.ndarray

    def probabilities(self) -> np.ndarray:
        """The distribution after this step (cut tokens 0)."""
        return probabilities(self.logits)


def probabilities(logits: np.ndarray) -> np.ndarray:
    """Softmax of ``logits`` in float64, stable (``-inf`` entries give 0).

    Raises:
        ValueError: every entry is ``-inf`` (nothing left to choose from).
    """
    values = np.asarray(logits, dtype=np.float64)
    top = values.max()
    if not np.isfinite(top):
        raise ValueError("no token is left")
    weights = np.exp(values - top)
    return weights / weights.sum()


def _best_first(logits: np.ndarray) -> np.ndarray:
    """The ids still alive, most likely first (ties by id, as a stable sort leaves them)."""
    alive = np.flatnonzero(np.isfinite(logits))
    return alive[np.argsort(-logits[alive], kind="stable")]


def _step(name: str, value: float, logits: np.ndarray, keep: np.ndarray) -> TransformStep:
    """The step that keeps ``keep`` (ids) of ``logits`` and cuts the other live ones."""
    out = np.full(logits.shape, -np.inf, dtype=np.float64)
    out[keep] = logits[keep]
    order = _best_first(logits)
    cut = order[~np.isin(order, keep)]
    return TransformStep(name, value, out, cut)


def top_k(logits: np.ndarray, k: int) -> TransformStep:
    """Keep the ``k`` most likely tokens; ``k <= 0`` (off) or at least the live count keeps all.

    Raises:
        nothing.
    """
    row = np.asarray(logits, dtype=np.float64)
    order = _best_first(row)
    keep = order if k <= 0 or k >= order.size else order[:k]
    return _step("top_k", float(k), row, keep)


def top_p(logits: np.ndarray, p: float) -> TransformStep:
    """Keep the smallest set of most likely tokens whose probability (renormalised over the
    live tokens) reaches ``p``; ``p >= 1`` keeps all, and the most likely always stays.

    Raises:
        ValueError: no token is live.
    """
    row = np.asarray(logits, dtype=np.float64)
    order = _best_first(row)
    if p >= 1.0:
        return _step("top_p", float(p), row, order)
    cumulative = np.cumsum(probabilities(row)[order])
    # The first position where the mass so far reaches p (llama.cpp: ``cum_sum >= p``).
    count = int(np.searchsorted(cumulative, p, side="left")) + 1
    return _step("top_p", float(p), row, order[:min(max(count, 1), order.size)])


def min_p(logits: np.ndarray, p: float) -> TransformStep:
    """Keep the tokens at least ``p`` times as likely as the most likely one; ``p <= 0`` keeps
    all.

    Raises:
        ValueError: no token is live.
    """
    row = np.asarray(logits, dtype=np.float64)
    order = _best_first(row)
    if p <= 0.0 or order.size == 0:
        return _step("min_p", float(p), row, order)
    floor = row[order[0]] + np.log(p)  # prob >= p * max_prob, in logits
    return _step("min_p", float(p), row, order[row[order] >= floor])


def temperature(logits: np.ndarray, t: float) -> TransformStep:
    """Divide the live logits by ``t`` (cuts nothing); ``t == 0`` is greedy: only the most
    likely token stays, as the samplers then take the argmax and skip the other steps.

    Raises:
        ValueError: ``t`` is negative.
    """
    if t < 0:
        raise ValueError("temperature must be >= 0")
    row = np.asarray(logits, dtype=np.float64)
    order = _best_first(row)
    if t == 0.0:
        return _step("temperature", 0.0, row, order[:1])
    out = np.where(np.isfinite(row), row / t, -np.inf)
    return TransformStep("temperature", float(t), out, np.empty(0, dtype=np.int64))


def apply_chain(logits: np.ndarray, temp: float, k: int, p: float, min_prob: float
                ) -> list[TransformStep]:
    """Every step the samplers apply to ``logits``, in ``SAMPLER_ORDER``; each step's
    ``logits`` is the input of the next and the last one's ``probabilities()`` is what the
    draw uses. At temperature 0 the samplers take the argmax and nothing else: one step.

    Raises:
        ValueError: ``temp`` is negative.
    """
    row = np.asarray(logits, dtype=np.float64)
    if temp == 0.0:
        return [temperature(row, 0.0)]
    steps: list[TransformStep] = []
    for name in SAMPLER_ORDER:
        if name == "top_k":
            step = top_k(row, k)
        elif name == "top_p":
            step = top_p(row, p)
        elif name == "min_p":
            step = min_p(row, min_prob)
        else:
            step = temperature(row, temp)
        steps.append(step)
        row = step.logits
    return steps
