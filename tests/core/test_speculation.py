"""Speculative decoding's pure parts: prompt lookup, the draft-length planner, and the one
decoding loop verifying drafts (a scripted model: its tokens are a function of the history)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.core.backends.decode import Decoder, GenerationOutcome, decode
from app.core.backends.speculation.lookup import PromptLookup
from app.core.backends.speculation.planner import (
    EXPLORE_EVERY,
    DraftPlanner,
    expected_tokens,
)
from app.core.backends.speculation.speculator import Speculator
from app.core.types.params import SamplingParams


def test_lookup_drafts_what_followed_the_longest_recent_match() -> None:
    lookup = PromptLookup()
    lookup.begin([1, 2, 3, 4, 5, 6, 9, 2, 3, 4])
    assert lookup.draft(3) == [5, 6, 9]  # "2 3 4" was followed by 5 6 9
    lookup.extend([5])
    assert lookup.draft(2) == [6, 9]
    lookup.extend([7])  # the text went its own way: "5 7" never occurred
    assert lookup.draft(4) == []


def test_lookup_never_finds_the_end_of_the_history_itself() -> None:
    lookup = PromptLookup()
    lookup.begin([8, 9, 10])
    assert lookup.draft(4) == []
    lookup.extend([8, 9])
    assert lookup.draft(1) == [10]


def test_lookup_prefers_the_latest_occurrence() -> None:
    lookup = PromptLookup()
    lookup.begin([1, 2, 7, 5, 1, 2, 7, 6, 1, 2])
    assert lookup.draft(2) == [7, 6]


def test_lookup_does_not_guess_after_a_match_that_was_followed_by_different_tokens() -> None:
    lookup = PromptLookup()
    lookup.begin([1, 2, 7, 1, 2, 8, 1, 2])  # "1 2" went on with 7, then with 8
    assert lookup.draft(3) == []
    lookup.extend([9])  # "2 9" is new: nothing to draft from
    assert lookup.draft(3) == []


def test_lookup_drafts_from_a_longer_match_where_the_shorter_one_is_ambiguous() -> None:
    lookup = PromptLookup()
    lookup.begin([5, 1, 2, 7, 9, 1, 2, 8, 5, 1, 2])  # "1 2": 7 then 8; "5 1 2": only 7
    assert lookup.draft(2) == [7, 9]
    assert lookup.stats_key() == "lookup3"


def test_expected_tokens_counts_the_accepted_run_and_the_models_own() -> None:
    assert expected_tokens(0.0, 3) == 1.0
    assert expected_tokens(1.0, 3) == 4.0
    assert expected_tokens(0.5, 2) == pytest.approx(1.75)


def timed(planner: DraftPlanner, costs: dict[int, float]) -> DraftPlanner:
    for batch, seconds in costs.items():
        for _ in range(3):
            planner.record_step(batch, seconds)
    return planner


def test_no_draft_before_one_token_steps_are_timed() -> None:
    planner = DraftPlanner()
    assert planner.length("lookup", 5, 100) == 0
    timed(planner, {1: 0.03})
    assert planner.length("lookup", 5, 100) > 0


def test_cheap_verification_and_good_acceptance_draw_long_drafts() -> None:
    planner = timed(DraftPlanner(), {b: 0.01 for b in range(1, 10)})  # a GPU: batches ~free
    for _ in range(10):
        planner.record_draft("lookup", 8, 8)
    assert planner.length("lookup", 8, 100) == 8
    assert planner.length("lookup", 8, 3) == 3  # never past the answer's end


def test_dear_verification_or_poor_acceptance_turn_drafts_off() -> None:
    costs = {1: 0.03, 2: 0.06, 3: 0.09, 4: 0.12, 5: 0.15}  # a batch costs its size
    planner = timed(DraftPlanner(max_draft=4), costs)
    assert planner.length("lookup", 4, 100) == 0
    cheap = timed(DraftPlanner(max_draft=4), {1: 0.03, 2: 0.035, 3: 0.04, 4: 0.045, 5: 0.05})
    for _ in range(10):
        cheap.record_draft("lookup", 4, 0)  # every draft rejected
    assert cheap.length("lookup", 4, 100) == 0


def test_a_new_match_length_starts_from_what_its_kin_have_shown() -> None:
    costs = {1: 0.03, 2: 0.04, 3: 0.05, 4: 0.06}  # verifying one drafted token costs a third
    misled = timed(DraftPlanner(max_draft=3), costs)
    assert misled.length("lookup2", 3, 100) > 0  # nothing known yet: worth a try
    for _ in range(3):
        misled.record_draft("lookup2", 1, 0)  # short matches kept guessing wrong
    assert misled.length("lookup4", 3, 100) == 0  # so a first long one is not verified
    assert misled.source("lookup4").rate < 0.5
    assert misled.length("draft", 3, 100) > 0  # another source starts afresh
    right = timed(DraftPlanner(max_draft=3), costs)
    for _ in range(3):
        right.record_draft("lookup4", 3, 3)
    assert right.source("lookup2").rate > 0.8
    assert right.length("lookup2", 3, 100) == 3


def test_a_source_that_stopped_paying_is_tried_again_later() -> None:
    planner = timed(DraftPlanner(max_draft=4), {1: 0.03, 2: 0.035, 3: 0.04, 4: 0.045, 5: 0.05})
    for _ in range(10):
        planner.record_draft("draft", 4, 0)
    assert planner.length("draft", 4, 100) == 0
    for _ in range(EXPLORE_EVERY):
        planner.skipped("draft")
    assert planner.length("draft", 4, 100) == 2  # a short look
    planner.record_draft("draft", 2, 0)
    for _ in range(EXPLORE_EVERY):
        planner.skipped("draft")
    assert planner.length("draft", 4, 100) == 0  # the next look waits twice as long


def test_a_draft_model_s_own_cost_counts() -> None:
    planner = timed(DraftPlanner(max_draft=4), {1: 0.03, 2: 0.035, 3: 0.04, 4: 0.045, 5: 0.05})
    for _ in range(10):
        planner.record_draft("draft", 4, 3, draft_seconds=4 * 0.05)  # slower than the model
    assert planner.length("draft", 4, 100) == 0


# -- the loop, on a scripted model -------------------------------------------------------

END = 0


def next_of(history: Sequence[int]) -> int:
    """The scripted model: mostly repeats itself 5 tokens back (drafts often right), now and
    then says something new (drafts wrong), and ends after 60 tokens."""
    n = len(history)
    if n >= 70:
        return END
    return (n * 7) % 13 + 1 if n % 9 == 0 else history[-5]


class ScriptedDecoder(Decoder):
    """Verifies a draft as a runtime does: the model's own token at each row, in order."""

    def __init__(self, tokens: list[int]) -> None:
        self.history = list(tokens)
        self.batches: list[int] = []

    def next_token(self) -> int | None:
        got = self.next_tokens(())
        return got[0] if got else None

    def next_tokens(self, draft: Sequence[int]) -> list[int] | None:
        self.batches.append(len(draft) + 1)
        got: list[int] = []
        for guess in [*draft, None]:
            token = next_of(self.history + got)
            got.append(token)
            if token != guess:
                break
        self.history += got
        return got

    def text(self, token: int) -> str:
        return f"<{token}>"


class ScriptedModel:
    seed_bits = 32

    def __init__(self, speculator: Speculator | None) -> None:
        self._speculator = speculator
        self.decoders: list[ScriptedDecoder] = []

    def prompt_tokens(self, prompt: str) -> list[int]:
        return [int(x) for x in prompt.split()]

    def context_length(self) -> int:
        return 1000

    def is_end_of_turn(self, token: int) -> bool:
        return token == END

    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: object) -> ScriptedDecoder:
        self.decoders.append(ScriptedDecoder(tokens))
        return self.decoders[-1]

    def speculator(self) -> Speculator | None:
        return self._speculator


def answer(model: ScriptedModel, max_tokens: int | None = None
           ) -> tuple[list[int], GenerationOutcome]:
    outcome = GenerationOutcome()
    sampling = SamplingParams(temperature=0.0, max_tokens=max_tokens, seed=1)
    pieces = list(decode(model, "3 1 4 1 5 9 2 6", sampling, lambda: False, outcome))
    return [p.token_id for p in pieces], outcome


def eager_speculator() -> Speculator:
    """Prompt lookup with a planner that has found verification nearly free."""
    planner = timed(DraftPlanner(), {b: 0.001 for b in range(1, 10)})
    return Speculator([PromptLookup()], planner)


def test_speculation_gives_the_same_answer_in_fewer_steps() -> None:
    plain_model, spec_model = ScriptedModel(None), ScriptedModel(eager_speculator())
    plain, plain_outcome = answer(plain_model)
    fast, outcome = answer(spec_model)
    assert fast == plain and plain_outcome.reason == outcome.reason == "stop"
    assert outcome.generated_tokens == plain_outcome.generated_tokens
    assert 0 < outcome.accepted_tokens < outcome.drafted_tokens  # some drafts were wrong
    assert len(spec_model.decoders[0].batches) < len(plain_model.decoders[0].batches)
    assert max(spec_model.decoders[0].batches) > 1


@pytest.mark.parametrize("limit", [1, 2, 7, 20])
def test_speculation_never_runs_past_the_length_limit(limit: int) -> None:
    plain, _ = answer(ScriptedModel(None), max_tokens=limit)
    fast, outcome = answer(ScriptedModel(eager_speculator()), max_tokens=limit)
    assert fast == plain and len(fast) == limit and outcome.reason == "length"


def test_a_draft_model_too_dear_to_pay_is_not_even_looked_at_again() -> None:
    # A CPU: a batch of 3 costs 1.5 steps; the draft's own token costs half a step.
    planner = timed(DraftPlanner(max_draft=4), {1: 0.06, 2: 0.08, 3: 0.09, 4: 0.1, 5: 0.11})
    assert planner.length("draft", 4, 100, relative_cost=0.5) == 0
    for _ in range(EXPLORE_EVERY * 4):
        planner.skipped("draft")
    assert planner.length("draft", 4, 100, relative_cost=0.5) == 0
    assert planner.length("lookup", 4, 100, relative_cost=0.0) > 0  # a look-up is free


def test_no_speed_up_is_claimed_when_the_thread_count_changed_during_the_answer() -> None:
    speculator = eager_speculator()
    speculator.begin([1, 2, 3])
    speculator.record("", [], [4], 0.001, threads=2)
    assert speculator.plain_tokens_per_second() > 0
    speculator.record("", [], [5], 0.002, threads=1)  # a busy machine: one thread now
    speculator.record("", [], [6], 0.002, threads=1)
    assert speculator.plain_tokens_per_second() == 0.0
    speculator.begin([1, 2, 3])  # the next answer starts afresh
    for token in (4, 5, 6):
        speculator.record("", [], [token], 0.002, threads=1)
    assert speculator.plain_tokens_per_second() > 0

