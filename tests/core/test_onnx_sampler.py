"""The numpy sampler of the onnxruntime loop: llama.cpp's steps, order and penalties."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.backends.onnx.sampler import (
    PENALTY_WINDOW,
    TokenSampler,
    apply_penalties,
    candidates,
    sample_token,
)
from app.core.types.params import SamplingParams

NO_FILTERS = {"top_k": 0, "top_p": 1.0, "min_p": 0.0, "repeat_penalty": 1.0}


def _logits_for(probs: list[float]) -> np.ndarray:
    return np.log(np.asarray(probs, dtype=np.float64)).astype(np.float32)


def _reference_nucleus(logits: np.ndarray, top_p: float) -> set[int]:
    """Top-p by a full sort: the smallest best-first set reaching ``top_p``."""
    probs = np.exp(logits.astype(np.float64) - logits.max())
    probs /= probs.sum()
    order = np.argsort(-probs, kind="stable")
    cumulative = np.cumsum(probs[order])
    keep = int(np.searchsorted(cumulative, top_p, side="left")) + 1
    return {int(t) for t in order[:keep]}


def test_temperature_zero_is_the_most_likely_token() -> None:
    rng = np.random.default_rng(0)
    logits = rng.standard_normal(5000).astype(np.float32)
    params = SamplingParams(temperature=0.0, repeat_penalty=1.0)
    picks = {sample_token(logits, params, np.random.default_rng(seed)) for seed in range(5)}
    assert picks == {int(np.argmax(logits))}


def test_top_k_one_is_greedy_at_any_temperature() -> None:
    logits = _logits_for([0.3, 0.25, 0.25, 0.2])
    params = SamplingParams(temperature=5.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.0)
    rng = np.random.default_rng(1)
    assert {sample_token(logits, params, rng) for _ in range(200)} == {0}


def test_top_k_keeps_exactly_the_k_best_best_first() -> None:
    rng = np.random.default_rng(2)
    logits = rng.standard_normal(49152).astype(np.float32)
    ids, values = candidates(logits, 40, 1.0, 0.0)
    assert set(ids.tolist()) == set(np.argsort(-logits)[:40].tolist())
    assert list(values) == sorted(values, reverse=True)


def test_top_p_cuts_the_tail() -> None:
    logits = _logits_for([0.5, 0.3, 0.15, 0.05])
    ids, _ = candidates(logits, 0, 0.7, 0.0)
    assert ids.tolist() == [0, 1]  # 0.5 < 0.7 <= 0.8
    ids, _ = candidates(logits, 0, 0.85, 0.0)
    assert ids.tolist() == [0, 1, 2]
    params = SamplingParams(temperature=1.0, **{**NO_FILTERS, "top_p": 0.7})
    rng = np.random.default_rng(3)
    assert {sample_token(logits, params, rng) for _ in range(300)} == {0, 1}


@pytest.mark.parametrize("scale", [8.0, 0.5])  # peaked (probe suffices), flat (full sort)
def test_top_p_over_a_large_vocabulary_matches_a_full_sort(scale: float) -> None:
    rng = np.random.default_rng(4)
    logits = (rng.standard_normal(49152) * scale).astype(np.float32)
    ids, _ = candidates(logits, 0, 0.9, 0.0)
    assert set(ids.tolist()) == _reference_nucleus(logits, 0.9)


def _reference_candidates(logits: np.ndarray, top_k: int, top_p: float, min_p: float
                          ) -> set[int]:
    """llama.cpp's chain spelled out over a full sort: top-k, top-p, min-p."""
    ids = np.argsort(-logits, kind="stable")
    values = logits[ids]
    if 0 < top_k < logits.size:
        ids, values = ids[:top_k], values[:top_k]
    if top_p < 1.0:
        weights = np.exp(values.astype(np.float64) - values[0])
        keep = int(np.searchsorted(np.cumsum(weights) / weights.sum(), top_p, side="left")) + 1
        ids, values = ids[:keep], values[:keep]
    if min_p > 0.0:
        keep = max(int(np.count_nonzero(values >= values[0] + np.log(min_p))), 1)
        ids = ids[:keep]
    return {int(t) for t in ids}


def test_the_shortcuts_keep_exactly_what_a_full_sort_keeps() -> None:
    rng = np.random.default_rng(6)
    for _ in range(200):
        vocab = int(rng.choice([50, 5000, 49152]))
        logits = (rng.standard_normal(vocab) * rng.choice([0.3, 1.0, 3.0, 8.0])).astype(
            np.float32)
        top_k = int(rng.choice([0, 1, 5, 40]))
        top_p = float(rng.choice([1.0, 0.5, 0.9, 0.95]))
        min_p = float(rng.choice([0.0, 0.01, 0.05, 0.3]))
        ids, _ = candidates(logits, top_k, top_p, min_p)
        assert set(ids.tolist()) == _reference_candidates(logits, top_k, top_p, min_p), (
            vocab, top_k, top_p, min_p)


def test_top_p_after_top_k_sees_the_survivors_renormalised() -> None:
    # After top-2 the survivors are 0.4 / 0.35 of 0.75: 0.533 and 0.467. top_p 0.5 keeps one.
    logits = _logits_for([0.4, 0.35, 0.25])
    ids, _ = candidates(logits, 2, 0.5, 0.0)
    assert ids.tolist() == [0]
    ids, _ = candidates(logits, 0, 0.5, 0.0)  # over the whole vocabulary: 0.4 < 0.5
    assert ids.tolist() == [0, 1]


def test_min_p_drops_tokens_below_a_fraction_of_the_best() -> None:
    logits = _logits_for([0.5, 0.2, 0.09, 0.21])
    ids, _ = candidates(logits, 0, 1.0, 0.2)  # floor: 0.1
    assert sorted(ids.tolist()) == [0, 1, 3]
    ids, _ = candidates(logits, 0, 1.0, 0.5)  # floor: 0.25
    assert ids.tolist() == [0]


def test_repeat_penalty_divides_positive_and_multiplies_negative_logits() -> None:
    greedy = SamplingParams(temperature=0.0, repeat_penalty=1.1)
    rng = np.random.default_rng(0)
    assert sample_token(np.array([2.0, 1.9], np.float32), greedy, rng) == 0
    assert sample_token(np.array([2.0, 1.9], np.float32), greedy, rng, recent=[0]) == 1
    assert sample_token(np.array([-1.0, -1.05], np.float32), greedy, rng, recent=[0]) == 1
    out = apply_penalties(np.array([2.2, -1.0, 3.0], np.float32), [0, 1], 1.1, 0.0, 0.0)
    np.testing.assert_allclose(out, [2.0, -1.1, 3.0], rtol=1e-6)


def test_presence_and_frequency_penalties_count_repeats() -> None:
    logits = np.array([1.0, 0.9], np.float32)
    presence = SamplingParams(temperature=0.0, repeat_penalty=1.0, presence_penalty=0.2)
    assert sample_token(logits, presence, np.random.default_rng(0), recent=[0]) == 1
    frequency = SamplingParams(temperature=0.0, repeat_penalty=1.0, frequency_penalty=0.05)
    assert sample_token(logits, frequency, np.random.default_rng(0), recent=[0]) == 0  # -0.05
    assert sample_token(logits, frequency, np.random.default_rng(0), recent=[0, 0, 0]) == 1


def test_the_penalty_window_forgets_old_tokens() -> None:
    params = SamplingParams(temperature=0.0, repeat_penalty=2.0)
    sampler = TokenSampler(params, seed=0)
    favourite = np.array([3.0, 2.0] + [-10.0] * 8, np.float32)
    other = np.array([-10.0, -10.0, 5.0] + [-10.0] * 7, np.float32)
    assert sampler.sample(favourite) == 0
    assert sampler.sample(favourite) == 1  # 0 was just used: 3 / 2 < 2
    for _ in range(PENALTY_WINDOW):
        assert sampler.sample(other) == 2  # pushes 0 and 1 out of the window
    assert sampler.sample(favourite) == 0


def test_the_same_seed_draws_the_same_tokens() -> None:
    logits = np.zeros(100, np.float32)  # uniform: every draw is up to the generator
    params = SamplingParams(temperature=1.0, **NO_FILTERS)

    def draws(seed: int) -> list[int]:
        sampler = TokenSampler(params, seed)
        return [sampler.sample(logits) for _ in range(50)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)
    assert len(set(draws(7))) > 10


def test_draws_follow_the_distribution_and_temperature() -> None:
    logits = np.array([0.0, np.log(3.0)], np.float32)  # p = 0.25, 0.75
    rng = np.random.default_rng(5)
    warm = SamplingParams(temperature=1.0, **NO_FILTERS)
    share = np.mean([sample_token(logits, warm, rng) for _ in range(4000)])
    assert 0.72 < share < 0.78
    hot = SamplingParams(temperature=100.0, **NO_FILTERS)
    share = np.mean([sample_token(logits, hot, rng) for _ in range(4000)])
    assert 0.47 < share < 0.53


def test_float16_logits_are_accepted() -> None:
    logits = np.array([0.1, 2.5, -1.0], np.float16)
    params = SamplingParams(temperature=0.7, top_k=2, repeat_penalty=1.1)
    token = sample_token(logits, params, np.random.default_rng(0), recent=[0])
    assert token in (0, 1)
