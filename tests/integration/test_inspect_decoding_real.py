"""The distribution and decoding on the real starter model, in llama.cpp itself: the scores
make a distribution, greedy takes the argmax, the sampler chain runs in the order the
playground draws, and a forced continuation goes on from the chosen candidate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import llama_cpp
import numpy as np
import pytest

from app.core.backends.decode import GenerationOutcome, TokenPiece, next_token_scores
from app.core.backends.llama.backend import LlamaCppBackend
from app.core.inspect.decoding import LLAMA_SAMPLER_NAMES, SAMPLER_ORDER
from app.core.inspect.distribution import log_softmax
from app.core.types.params import LoadParams, SamplingParams

PROMPT = "The capital of France is"
GREEDY = SamplingParams(temperature=0.0, repeat_penalty=1.0, seed=0, ignore_eos=True)


@pytest.fixture(scope="module")
def backend(smollm2_path: Path) -> Iterator[LlamaCppBackend]:
    llama = LlamaCppBackend(log_sink=lambda _level, _line: None)
    llama.load(str(smollm2_path), LoadParams(n_ctx=512, n_threads=2), lambda _f: True)
    yield llama
    llama.unload()


def run(backend: LlamaCppBackend, sampling: SamplingParams) -> list[TokenPiece]:
    return list(backend.generate(PROMPT, sampling, lambda: False, GenerationOutcome()))


def never() -> bool:
    return False


def test_scores_make_a_distribution_over_the_whole_vocabulary(backend: LlamaCppBackend
                                                              ) -> None:
    scores = next_token_scores(backend, PROMPT, never)
    assert scores is not None
    assert scores.shape == (backend._llm.n_vocab(),)
    assert abs(np.exp(log_softmax(scores)).sum() - 1.0) < 1e-3
    first = run(backend, SamplingParams(**{**GREEDY.to_dict(), "max_tokens": 1}))
    assert first[0].token_id == int(np.argmax(scores))


def test_greedy_takes_the_most_likely_token_at_every_step(backend: LlamaCppBackend) -> None:
    pieces = run(backend, SamplingParams(**{**GREEDY.to_dict(), "max_tokens": 8,
                                            "top_logprobs": 5}))
    assert len(pieces) == 8
    for piece in pieces:
        assert piece.logprob is not None
        chosen, top = piece.logprob
        assert chosen.token_id == piece.token_id == top[0].token_id


def test_the_sampler_chain_runs_in_the_order_the_playground_draws(backend: LlamaCppBackend
                                                                  ) -> None:
    sampling = SamplingParams(temperature=0.8, top_k=40, top_p=0.9, min_p=0.05, seed=1,
                              max_tokens=1)
    decoder = backend.start_decoder(backend.prompt_tokens(PROMPT), sampling, 1, 1, never)
    try:
        assert decoder.next_token() is not None
        chain = decoder._sampler.sampler  # the chain the decoder samples with
        names = [llama_cpp.llama_sampler_name(llama_cpp.llama_sampler_chain_get(chain, i))
                 .decode() for i in range(llama_cpp.llama_sampler_chain_n(chain))]
    finally:
        decoder.close()
    wanted = [LLAMA_SAMPLER_NAMES[name] for name in SAMPLER_ORDER]
    assert [n for n in names if n in wanted] == wanted
    assert names.index("penalties") < names.index(wanted[0])  # penalties first, then filters
    assert names[-1] == "dist"


def test_a_forced_candidate_starts_an_answer_that_goes_on_from_it(backend: LlamaCppBackend
                                                                  ) -> None:
    old = run(backend, SamplingParams(**{**GREEDY.to_dict(), "max_tokens": 10,
                                         "top_logprobs": 2}))
    at = 3
    assert old[at].logprob is not None
    other = old[at].logprob[1][1].token_id  # the second most likely candidate at that step
    assert other != old[at].token_id
    prefix = (*(p.token_id for p in old[:at]), other)
    new = run(backend, SamplingParams(**{**GREEDY.to_dict(), "max_tokens": 4,
                                         "answer_prefix": prefix}))
    ids = [p.token_id for p in new if p.token_id >= 0]
    assert ids[:at] == [p.token_id for p in old[:at]]
    assert ids[at] == other
    assert len(ids) == len(prefix) + 4  # max_tokens counts what follows the prefix
    # What follows is the model's own greedy continuation of that prefix.
    scores = next_token_scores(backend, PROMPT, never, prefix)
    assert scores is not None and ids[at + 1] == int(np.argmax(scores))
    # The text reads whole: the prefix's text first.
    text = "".join(p.text for p in new)
    assert text.startswith(backend.detokenize(list(prefix)))
