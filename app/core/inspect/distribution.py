"""The next-token distribution: from the model's raw scores to what a person can read.

``log_softmax`` turns raw scores (logits over the whole vocabulary) into log-probabilities,
``entropy_nats`` says how spread they are, and ``summarize`` keeps what a chart draws: the
``top_n`` most likely tokens, the mass of the rest and the entropy. ``next_token_view`` adds
each decoding step of ``app.core.inspect.decoding`` (temperature, top-k, top-p, min-p, in the
samplers' order) seen on those same top tokens: their probability after the step and whether
they are still kept. Everything is computed over the full vocabulary, so only the small view
has to cross the runtime's pipe. The values are plain, picklable dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.core.errors import InvalidParameterError
from app.core.inspect.decoding import apply_chain, probabilities
from app.core.types.params import SamplingParams

# The most candidates a view carries (it crosses the runtime's pipe; a chart shows ~20).
MAX_TOP_N = 1000


def log_softmax(scores: np.ndarray) -> np.ndarray:
    """Log-probabilities (float64) of raw ``scores``, stable for any magnitude; ``-inf``
    scores give ``-inf``.

    Raises:
        ValueError: ``scores`` is empty or all ``-inf``.
    """
    values = np.asarray(scores, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError("no scores")
    top = values.max()
    if not np.isfinite(top):
        raise ValueError("no token is possible")
    shifted = values - top
    return shifted - np.log(np.exp(shifted).sum())


def entropy_nats(log_probs: np.ndarray) -> float:
    """Shannon entropy in nats of a distribution given as log-probabilities (0 log 0 = 0).

    Raises:
        nothing.
    """
    finite = log_probs[np.isfinite(log_probs)]
    return float(max(-(np.exp(finite) * finite).sum(), 0.0))


@dataclass(frozen=True)
class Candidate:
    """One possible next token: its text (special tokens shown), id and log-probability."""

    token: str
    token_id: int
    logprob: float

    @property
    def prob(self) -> float:
        """The probability, 0..1."""
        return math.exp(self.logprob)


@dataclass(frozen=True)
class StepView:
    """One decoding step seen on the view's top tokens.

    ``probs[i]`` and ``kept[i]`` belong to ``NextTokenView.candidates[i]``; a token cut by this
    step or an earlier one has probability 0 and ``kept`` False. ``rest`` is the probability
    left on tokens outside the view, ``kept_count`` how many tokens of the whole vocabulary
    are still in play.
    """

    name: str
    value: float
    probs: tuple[float, ...]
    kept: tuple[bool, ...]
    rest: float
    kept_count: int
    entropy_nats: float


@dataclass(frozen=True)
class NextTokenView:
    """The next-token distribution after a prompt, summarised for a chart.

    ``candidates`` are the most likely tokens, best first; ``rest`` the probability of all the
    others; ``steps`` (empty unless asked for) the decoding steps in the samplers' order.
    """

    candidates: tuple[Candidate, ...]
    rest: float
    entropy_nats: float
    n_vocab: int
    steps: tuple[StepView, ...] = ()
    prompt_tokens: int = 0

    @property
    def entropy_bits(self) -> float:
        """The entropy in bits."""
        return self.entropy_nats / math.log(2)


def top_ids(log_probs: np.ndarray, n: int) -> np.ndarray:
    """The ids of the ``n`` most likely tokens, best first (ties by id).

    Raises:
        nothing.
    """
    n = max(0, min(n, log_probs.size))
    if n == 0:
        return np.empty(0, dtype=np.int64)
    best = np.argpartition(-log_probs, n - 1)[:n]
    return best[np.lexsort((best, -log_probs[best]))]


def summarize(scores: np.ndarray, top_n: int, token_text: Callable[[int], str]
              ) -> NextTokenView:
    """The ``top_n`` most likely tokens of raw ``scores``, the rest's mass and the entropy.

    Raises:
        ValueError: ``scores`` is empty or all ``-inf``.
    """
    log_probs = log_softmax(scores)
    ids = top_ids(log_probs, top_n)
    candidates = tuple(Candidate(token_text(int(t)), int(t), float(log_probs[t])) for t in ids)
    shown = float(np.exp(log_probs[ids]).sum()) if ids.size else 0.0
    return NextTokenView(candidates, max(0.0, 1.0 - shown), entropy_nats(log_probs),
                         int(log_probs.size))


def next_token_view(scores: np.ndarray, top_n: int, token_text: Callable[[int], str],
                    sampling: SamplingParams | None = None) -> NextTokenView:
    """``summarize``, plus (with ``sampling``) every decoding step seen on the same tokens.

    Penalties are not applied: at a prompt's next token nothing has been generated yet.

    Raises:
        InvalidParameterError: ``top_n`` outside [1, ``MAX_TOP_N``].
        ValueError: ``scores`` is empty or all ``-inf``.
    """
    if not 1 <= top_n <= MAX_TOP_N:
        raise InvalidParameterError(
            f"top_n must be in [1, {MAX_TOP_N}] (got {top_n!r}).", parameter="top_n",
            value=top_n, reason="out_of_range", rule=f"[1, {MAX_TOP_N}]")
    view = summarize(scores, top_n, token_text)
    if sampling is None:
        return view
    ids = np.array([c.token_id for c in view.candidates], dtype=np.int64)
    steps = []
    for step in apply_chain(np.asarray(scores, dtype=np.float64).reshape(-1),
                            sampling.temperature, sampling.top_k, sampling.top_p,
                            sampling.min_p):
        probs = step.probabilities()
        alive = np.isfinite(step.logits)
        shown = float(probs[ids].sum()) if ids.size else 0.0
        finite = probs[alive]
        steps.append(StepView(
            step.name, step.value, tuple(float(v) for v in probs[ids]),
            tuple(bool(v) for v in alive[ids]), max(0.0, 1.0 - shown), int(alive.sum()),
            float(max(-(finite * np.log(finite, where=finite > 0,
                                        out=np.zeros_like(finite))).sum(), 0.0))))
    return NextTokenView(view.candidates, view.rest, view.entropy_nats, view.n_vocab,
                         tuple(steps))


__all__ = ["MAX_TOP_N", "Candidate", "NextTokenView", "StepView", "entropy_nats", "log_softmax",
           "next_token_view", "probabilities", "summarize", "top_ids"]
