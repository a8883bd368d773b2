"""Speculative decoding on real llama.cpp models: the answer is the model's own, token for
token, with prompt lookup and with a draft model, and drafts are verified several at a time.

Token for token holds where llama.cpp computes a batch of tokens exactly as it computes one:
SmolLM2 (Q4_1) within 256 tokens of context, and Q4_K models (Qwen) in batches of up to 3
tokens. Beyond that llama.cpp's batched arithmetic rounds differently (its own speculative
decoding, and a prompt evaluated whole against the same prompt continued token by token,
differ alike), so a near tie at temperature 0 could break the other way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.backends.decode import GenerationOutcome
from app.core.backends.llama.backend import LlamaCppBackend
from app.core.errors import ModelLoadError
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.conftest import TEST_CACHE
from tests.integration.conftest import collect

QWEN_DIR = TEST_CACHE / "qwen" / "models"
QWEN_SMALL = QWEN_DIR / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_BIG = QWEN_DIR / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
needs_qwen = pytest.mark.skipif(not (QWEN_SMALL.is_file() and QWEN_BIG.is_file()),
                                reason="the Qwen test models are absent "
                                       "(bash scripts/get_test_models.sh puts them there)")

ASK = [{"role": "user", "content": (
    "Write this Python function again with a docstring:\n\n"
    "def area(width, height):\n    if width < 0 or height < 0:\n"
    "        raise ValueError('negative size')\n    return width * height\n")}]
GREEDY = SamplingParams(temperature=0.0, max_tokens=100, top_logprobs=3)
SEEDED = SamplingParams(temperature=0.8, max_tokens=100, seed=5)


def answer(backend: LlamaCppBackend, sampling: SamplingParams, stop: object = None
           ) -> tuple[list[tuple[int, object]], GenerationOutcome]:
    outcome = GenerationOutcome()
    prompt = backend.render_chat(ASK)
    should_stop = stop if callable(stop) else (lambda: False)
    pieces = [(p.token_id, p.logprob) for p in backend.generate(prompt, sampling, should_stop,
                                                                outcome)]
    return pieces, outcome


def loaded(path: Path, **params: object) -> LlamaCppBackend:
    backend = LlamaCppBackend()
    backend.load(str(path), LoadParams(n_ctx=512, n_threads=2, **params),  # type: ignore[arg-type]
                 lambda _fraction: True)
    return backend


@pytest.fixture(scope="module")
def smol_answers(smollm2_path: Path) -> Iterator[dict[tuple[bool, str], tuple]]:
    answers = {}
    for lookup in (False, True):
        backend = loaded(smollm2_path, prompt_lookup=lookup)
        for name, sampling in (("greedy", GREEDY), ("seeded", SEEDED)):
            answers[(lookup, name)] = answer(backend, sampling)
        backend.unload()
    yield answers


@pytest.mark.parametrize("name", ["greedy", "seeded"])
def test_prompt_lookup_gives_the_models_own_answer(smol_answers: dict, name: str) -> None:
    (plain, plain_outcome), (fast, outcome) = smol_answers[(False, name)], smol_answers[
        (True, name)]
    assert [t for t, _ in fast] == [t for t, _ in plain]  # the same tokens
    assert [lp for _, lp in fast] == [lp for _, lp in plain]  # and the same probabilities
    assert plain_outcome.drafted_tokens == 0
    # The answer repeats the prompt's code: the look-up drafted, most drafts were right.
    assert 0 < outcome.accepted_tokens <= outcome.drafted_tokens
    assert outcome.accepted_tokens > outcome.drafted_tokens / 2
    assert outcome.plain_tokens_per_second > 0


def test_a_cancel_while_verifying_drafts_ends_the_answer(smollm2_path: Path) -> None:
    backend = loaded(smollm2_path, prompt_lookup=True)
    seen = 0

    def stop_after_some() -> bool:
        return seen >= 12

    outcome = GenerationOutcome()
    tokens = []
    for piece in backend.generate(backend.render_chat(ASK), GREEDY, stop_after_some, outcome):
        tokens.append(piece.token_id)
        seen += 1
    backend.unload()
    assert outcome.reason == "cancelled" and len(tokens) == 12


def test_a_draft_of_another_vocabulary_is_refused_and_nothing_stays_loaded(
        smollm2_path: Path, gemma3_path: Path) -> None:
    backend = LlamaCppBackend()
    with pytest.raises(ModelLoadError) as caught:
        backend.load(str(smollm2_path), LoadParams(n_ctx=256, n_threads=2,
                                                   draft_model=str(gemma3_path)),
                     lambda _fraction: True)
    assert caught.value.facts["reason"] == "draft_vocab_differs"
    assert caught.value.facts["path"] == str(gemma3_path)
    assert backend._llm is None and backend._draft is None


def test_a_draft_that_is_no_model_is_refused(smollm2_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "draft.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    backend = LlamaCppBackend()
    with pytest.raises(Exception) as caught:
        backend.load(str(smollm2_path), LoadParams(n_ctx=256, n_threads=2,
                                                   draft_model=str(bad)),
                     lambda _fraction: True)
    assert getattr(caught.value, "code", None) in ("corrupt_model", "not_a_model_file")
    assert backend._llm is None


@needs_qwen
def test_a_draft_model_drafts_and_the_answer_stays_the_models_own() -> None:
    plain_backend = loaded(QWEN_BIG, prompt_lookup=False)
    plain, _ = answer(plain_backend, SamplingParams(temperature=0.0, max_tokens=40))
    plain_backend.unload()
    backend = loaded(QWEN_BIG, prompt_lookup=False, draft_model=str(QWEN_SMALL))
    speculator = backend.speculator()
    assert speculator is not None
    # Batches of up to 3 tokens: what llama.cpp computes for Q4_K exactly as one token.
    speculator.planner.max_draft = 2
    for batch in (1, 2, 3):  # as if timed: verification nearly free, so the draft is used
        for _ in range(3):
            speculator.planner.record_step(batch, 0.01)
    fast, outcome = answer(backend, SamplingParams(temperature=0.0, max_tokens=40))
    backend.unload()
    assert [t for t, _ in fast] == [t for t, _ in plain]
    assert outcome.drafted_tokens > 0 and outcome.accepted_tokens > 0


def test_the_host_reports_drafted_and_accepted_tokens(smollm2_path: Path) -> None:
    client = RuntimeClient()
    client.start()
    try:
        client.load(str(smollm2_path), LoadParams(n_ctx=512, n_threads=2, prompt_lookup=True))
        _deltas, done = collect(client, GREEDY, messages=ASK)
    finally:
        client.close()
    stats = done.stats
    assert 0 < stats.accepted_tokens <= stats.drafted_tokens
    assert stats.plain_tokens_per_second > 0 and stats.threads >= 1
    assert stats.to_dict()["speculation_speedup"] == round(stats.speculation_speedup, 3)
