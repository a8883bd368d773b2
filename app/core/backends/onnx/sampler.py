"""Choosing the next token from a row of logits, in numpy, the way llama.cpp does.

The steps and their order follow llama-cpp-python's sampler chain, so a setting means the same
thing whichever backend runs the model: penalties over the recent tokens, then (temperature 0)
the most likely token, or top-k, top-p, min-p, temperature and a seeded draw. top-p and min-p
see the distribution at temperature 1, as in llama.cpp.

Only the few candidates that can survive are sorted: ``argpartition`` finds the top k
without sorting the whole vocabulary; without top-k, min-p's floor drops the tail first (top-p
and min-p both keep a best-first prefix, so this is exact), and with min-p off, top-p looks
among the best 1024 tokens first (kept only when they hold top_p of the mass, else the whole
vocabulary is sorted). tests/core/test_onnx_sampler.py checks these against a full sort.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np

from app.core.types.params import SamplingParams

# llama-cpp-python's ``last_n_tokens_size``: how many recent tokens the penalties look at.
PENALTY_WINDOW = 64
# Top-p without top-k: the nucleus is looked for among this many best tokens first.
_NUCLEUS_PROBE = 1024


def apply_penalties(logits: np.ndarray, recent: Iterable[int], repeat: float, frequency: float,
                    presence: float) -> np.ndarray:
    """``logits`` with llama.cpp's repetition penalties for the tokens in ``recent``.

    A token seen ``n`` times has a positive logit divided by ``repeat`` (a negative one
    multiplied), then ``n * frequency + presence`` taken off. Returns ``logits`` itself when
    nothing changes, else a float32 copy.

    Raises:
        nothing.
    """
    if repeat == 1.0 and frequency == 0.0 and presence == 0.0:
        return logits
    window = np.fromiter(recent, dtype=np.int64)
    if window.size == 0:
        return logits
    ids, counts = np.unique(window, return_counts=True)
    out = np.array(logits, dtype=np.float32, copy=True)
    values = out[ids]
    if repeat != 1.0:
        values = np.where(values <= 0, values * repeat, values / repeat)
    values = values - counts * np.float32(frequency) - np.float32(presence)
    out[ids] = values
    return out


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp(values - values.max())
    return shifted / shifted.sum()


def candidates(logits: np.ndarray, top_k: int, top_p: float, min_p: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and their logits left after top-k, top-p and min-p, best first (in vocabulary
    order when nothing filters: a draw needs no order).

    As in llama.cpp, top-p after top-k sees the k survivors renormalised; without top-k it
    sees the whole vocabulary.

    Raises:
        nothing: at least one candidate (the most likely token) always remains.
    """
    vocab = logits.shape[0]
    best = float(logits.max())
    normaliser: float | None = None  # None: the candidates are the whole distribution
    ids: np.ndarray | None = None
    if 0 < top_k < vocab:
        ids = np.argpartition(logits, vocab - top_k)[vocab - top_k:]
    else:
        if top_p < 1.0:
            # float32 is plenty for a sum of at most a few hundred thousand terms <= 1.
            normaliser = float(np.exp(logits - np.float32(best), dtype=np.float32)
                               .sum(dtype=np.float64))
        if min_p > 0.0:
            # Top-p and min-p each keep a best-first prefix, so the answer is the shorter one:
            # everything under the min-p floor can go before sorting (exact).
            ids = np.flatnonzero(logits >= best + np.log(min_p))
        elif top_p < 1.0 and vocab > _NUCLEUS_PROBE:
            # The best few first: if they hold top_p of the whole mass, the nucleus is among
            # them and the vocabulary needs no full sort.
            probe = np.argpartition(logits, vocab - _NUCLEUS_PROBE)[vocab - _NUCLEUS_PROBE:]
            if float(np.exp(logits[probe].astype(np.float64) - best).sum()) >= \
                    top_p * (normaliser or 0.0):
                ids = probe
        if ids is None:
            if top_p >= 1.0:
                return np.arange(vocab), logits  # nothing filters
            ids = np.arange(vocab)
    values = logits[ids]
    order = np.argsort(-values, kind="stable")
    ids, values = ids[order], values[order]
    if top_p < 1.0 and ids.size > 1:
        weights = np.exp(values.astype(np.float64) - best)
        cumulative = np.cumsum(weights) / (normaliser or weights.sum())
        keep = int(np.searchsorted(cumulative, top_p, side="left")) + 1
        keep = min(max(keep, 1), ids.size)
        ids, values = ids[:keep], values[:keep]
    if min_p > 0.0 and ids.size > 1:
        floor = values[0] + np.log(min_p)
        keep = max(int(np.count_nonzero(values >= floor)), 1)
        ids, values = ids[:keep], values[:keep]
    return ids, values


def sample_token(logits: np.ndarray, params: SamplingParams, rng: np.random.Generator,
                 recent: Iterable[int] = ()) -> int:
    """One token id from ``logits`` (one row, any float dtype) under ``params``.

    Raises:
        nothing: ``params`` is assumed validated.
    """
    row = logits if logits.dtype == np.float32 else logits.astype(np.float32)
    row = apply_penalties(row, recent, params.repeat_penalty, params.frequency_penalty,
                          params.presence_penalty)
    if params.temperature == 0.0:
        return int(np.argmax(row))
    ids, values = candidates(row, params.top_k, params.top_p, params.min_p)
    if ids.size == 1:
        return int(ids[0])
    probs = _softmax(values.astype(np.float64) / params.temperature)
    pick = int(np.searchsorted(np.cumsum(probs), rng.random() * probs.sum(), side="right"))
    return int(ids[min(pick, ids.size - 1)])


class TokenSampler:
    """Sampling for one answer: the parameters, a seeded generator and the penalty window.

    The window holds the tokens generated so far (the last ``PENALTY_WINDOW``), not the
    prompt: llama-cpp-python's sampler only sees the tokens it chose.
    """

    def __init__(self, params: SamplingParams, seed: int) -> None:
        self.params = params
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        self._recent: deque[int] = deque(maxlen=PENALTY_WINDOW)

    def sample(self, logits: np.ndarray) -> int:
        """The next token for ``logits``, remembered for the penalties."""
        token = sample_token(logits, self.params, self._rng, self._recent)
        self._recent.append(token)
        return token
