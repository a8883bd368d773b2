"""The next-token distribution and the decoding steps, on made-up scores: each step keeps
exactly what it promises, and the chain agrees with the numpy sampler the ONNX loop uses."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.core.backends.onnx.sampler import candidates
from app.core.errors import InvalidParameterError
from app.core.inspect.decoding import (
    SAMPLER_ORDER,
    apply_chain,
    min_p,
    probabilities,
    temperature,
    top_k,
    top_p,
)
from app.core.inspect.distribution import (
    entropy_nats,
    log_softmax,
    next_token_view,
    summarize,
)
from app.core.types.params import SamplingParams

LOGITS = arrays(np.float64, st.integers(1, 60),
                elements=st.floats(-30, 30, allow_nan=False, allow_infinity=False))
# Scores drawn from a few values, so ties are common.
TIED = arrays(np.float64, st.integers(1, 40), elements=st.sampled_from([-2.0, 0.0, 0.0, 1.5, 3.0]))
P = st.floats(0.01, 0.999)  # p = 1 turns top-p off: an edge case below


def text(token: int) -> str:
    return f"t{token}"


def test_log_softmax_is_a_distribution_even_for_huge_scores() -> None:
    scores = np.array([1e4, 1e4 - 1, -1e4, 0.0], dtype=np.float32)
    probs = np.exp(log_softmax(scores))
    assert abs(probs.sum() - 1) < 1e-12
    assert probs[0] == pytest.approx(1 / (1 + math.exp(-1)))


def test_entropy_of_a_uniform_distribution_is_log_n() -> None:
    view = summarize(np.zeros(8), 3, text)
    assert view.entropy_nats == pytest.approx(math.log(8))
    assert view.entropy_bits == pytest.approx(3.0)
    assert entropy_nats(log_softmax(np.array([0.0, -np.inf]))) == 0.0


@given(LOGITS, st.integers(1, 10))
def test_summary_shows_the_most_likely_best_first_and_the_rest(scores: np.ndarray, n: int
                                                               ) -> None:
    view = summarize(scores, n, text)
    probs = probabilities(scores)
    shown = [c.prob for c in view.candidates]
    assert len(shown) == min(n, scores.size)
    assert shown == sorted(shown, reverse=True)
    assert sum(shown) + view.rest == pytest.approx(1.0, abs=1e-9)
    ids = {c.token_id for c in view.candidates}
    others = [probs[i] for i in range(scores.size) if i not in ids]
    assert not others or max(others) <= min(shown) + 1e-12


def check_prefix(scores: np.ndarray, kept: np.ndarray) -> None:
    """Kept tokens are the most likely ones: none cut is more likely than one kept."""
    cut = np.setdiff1d(np.arange(scores.size), kept)
    if cut.size and kept.size:
        assert scores[cut].max() <= scores[kept].min()


@settings(max_examples=300)
@given(st.one_of(LOGITS, TIED), P)
def test_top_p_keeps_the_smallest_set_whose_mass_reaches_p(scores: np.ndarray, p: float
                                                           ) -> None:
    step = top_p(scores, p)
    kept = np.flatnonzero(np.isfinite(step.logits))
    probs = probabilities(scores)
    check_prefix(scores, kept)
    assert step.cut.size + kept.size == scores.size
    mass = np.sort(probs[kept])[::-1]
    assert mass.sum() >= p - 1e-9 or kept.size == scores.size
    # One fewer would not reach p: the smallest such set. Where the mass of one fewer is p
    # itself (48 equal tokens, p = 1/3), summing in another order may land a rounding error
    # either side of p, so a tie within it counts as not reaching p.
    assert mass[:-1].sum() < p + 1e-12


def test_top_p_edge_cases() -> None:
    dominant = np.array([10.0, 0.0, 0.0, 0.0])
    assert np.isfinite(top_p(dominant, 0.9).logits).sum() == 1
    assert top_p(dominant, 1.0).cut.size == 0  # p = 1: nothing is cut
    ties = np.zeros(4)  # four tokens of 0.25: 0.5 is reached with exactly two
    step = top_p(ties, 0.5)
    assert np.isfinite(step.logits).sum() == 2 and step.cut.size == 2
    assert np.isfinite(top_p(ties, 0.51).logits).sum() == 3


@given(st.one_of(LOGITS, TIED), st.floats(0.0, 1.0))
def test_min_p_keeps_tokens_at_least_p_times_the_best(scores: np.ndarray, p: float) -> None:
    step = min_p(scores, p)
    probs = probabilities(scores)
    kept = np.isfinite(step.logits)
    floor = p * probs.max()
    assert np.all(probs[kept] >= floor * (1 - 1e-9))
    assert np.all(probs[~kept] < floor * (1 + 1e-9))
    assert kept[np.argmax(scores)]


@given(st.one_of(LOGITS, TIED), st.integers(0, 70))
def test_top_k_keeps_exactly_the_k_most_likely(scores: np.ndarray, k: int) -> None:
    step = top_k(scores, k)
    kept = np.flatnonzero(np.isfinite(step.logits))
    assert kept.size == (scores.size if k == 0 else min(k, scores.size))
    check_prefix(scores, kept)
    assert list(step.cut) == sorted(step.cut, key=lambda t: -scores[t])


def test_temperature_zero_is_the_argmax_alone_and_otherwise_reshapes() -> None:
    scores = np.array([1.0, 3.0, 2.0])
    steps = apply_chain(scores, 0.0, 40, 0.95, 0.05)
    assert [s.name for s in steps] == ["temperature"]
    assert list(np.flatnonzero(np.isfinite(steps[0].logits))) == [1]
    hot = temperature(scores, 2.0)
    assert hot.cut.size == 0
    assert hot.probabilities() == pytest.approx(probabilities(scores / 2.0))
    with pytest.raises(ValueError):
        temperature(scores, -1.0)


def test_the_chain_runs_in_the_samplers_order() -> None:
    steps = apply_chain(np.linspace(0, 5, 50), 0.7, 10, 0.9, 0.05)
    assert tuple(s.name for s in steps) == SAMPLER_ORDER
    for before, after in itertools.pairwise(steps):
        # each step only cuts further what the one before left
        assert np.all(np.isfinite(before.logits) | ~np.isfinite(after.logits))


@pytest.mark.parametrize("seed", range(60))
def test_the_chain_keeps_what_the_numpy_sampler_draws_from(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = (rng.standard_normal(500) * rng.uniform(0.5, 4)).astype(np.float32)
    k = int(rng.choice([0, 5, 40, 1000]))
    p = float(rng.choice([0.5, 0.9, 0.95, 1.0]))
    m = float(rng.choice([0.0, 0.05, 0.2]))
    t = float(rng.choice([0.3, 0.8, 1.5]))
    ids, values = candidates(scores, k, p, m)
    final = apply_chain(scores, t, k, p, m)[-1]
    kept = np.flatnonzero(np.isfinite(final.logits))
    assert set(kept) == set(ids.tolist())
    expected = probabilities(values.astype(np.float64) / t)
    assert final.probabilities()[ids] == pytest.approx(expected, abs=1e-9)


def test_view_shows_each_step_on_the_top_tokens() -> None:
    scores = np.array([5.0, 4.0, 3.0, 0.0, -1.0, -2.0])
    sampling = SamplingParams(temperature=0.5, top_k=4, top_p=0.9, min_p=0.05)
    view = next_token_view(scores, 3, text, sampling)
    assert [c.token_id for c in view.candidates] == [0, 1, 2]
    assert [s.name for s in view.steps] == list(SAMPLER_ORDER)
    last = view.steps[-1]
    assert sum(last.probs) + last.rest == pytest.approx(1.0)
    assert last.kept_count == int(np.isfinite(apply_chain(scores, 0.5, 4, 0.9, 0.05)[-1]
                                              .logits).sum())
    assert view.steps[0].kept_count == 4  # top-k cut the two least likely
    with pytest.raises(InvalidParameterError):
        next_token_view(scores, 0, text)


def test_answer_prefix_is_validated() -> None:
    SamplingParams(answer_prefix=(1, 2)).validate()
    with pytest.raises(InvalidParameterError):
        SamplingParams(answer_prefix=(1, -2)).validate()
