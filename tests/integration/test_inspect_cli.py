"""The next-token distribution through the runtime host and ``ondol inspect``, on the real
starter model: the view's shape, each decoding step, a forced answer start, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.core.errors import InvalidParameterError
from app.core.inspect.decoding import SAMPLER_ORDER
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams

pytestmark = pytest.mark.slow

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


def test_the_host_sends_the_top_tokens_and_each_decoding_step(smol_client: RuntimeClient
                                                              ) -> None:
    sampling = SamplingParams(temperature=0.7, top_k=40, top_p=0.9, min_p=0.05)
    view = smol_client.next_token_distribution(messages=QUESTION, top_n=20, sampling=sampling)
    assert len(view.candidates) == 20
    assert view.n_vocab == smol_client.loaded.n_vocab
    assert view.prompt_tokens > 5
    assert sum(c.prob for c in view.candidates) + view.rest == pytest.approx(1.0, abs=1e-6)
    assert 0 < view.entropy_nats < 12
    assert tuple(s.name for s in view.steps) == SAMPLER_ORDER
    assert all(len(s.probs) == len(s.kept) == 20 for s in view.steps)
    assert view.steps[0].kept_count == 40
    assert view.steps[-1].kept_count <= view.steps[1].kept_count
    plain = smol_client.next_token_distribution(messages=QUESTION, top_n=3)
    assert plain.steps == () and plain.candidates == view.candidates[:3]


def test_a_forced_answer_start_is_part_of_the_answer(smol_client: RuntimeClient) -> None:
    forced = tuple(smol_client.tokenize("Rome, of course"))
    sampling = SamplingParams(temperature=0, max_tokens=3, answer_prefix=forced,
                              top_logprobs=2)
    deltas = [e for e in smol_client.generate(sampling, messages=QUESTION)
              if isinstance(e, ev.Delta)]
    ids = [t for d in deltas for t in d.token_ids]
    assert tuple(ids[:len(forced)]) == forced and len(ids) == len(forced) + 3
    assert "".join(d.text for d in deltas).startswith("Rome, of course")
    for delta in deltas:  # log-probabilities stay aligned with the tokens they belong to
        assert delta.logprobs is None or len(delta.logprobs) == len(delta.token_ids)


def test_token_ids_outside_the_vocabulary_are_refused(smol_client: RuntimeClient) -> None:
    bad = smol_client.loaded.n_vocab
    with pytest.raises(InvalidParameterError) as caught:
        list(smol_client.generate(SamplingParams(max_tokens=2, answer_prefix=(1, bad)),
                                  messages=QUESTION))
    assert caught.value.facts["parameter"] == "answer_prefix"
    with pytest.raises(InvalidParameterError):
        smol_client.next_token_distribution(messages=QUESTION, answer_prefix=(bad,))
    with pytest.raises(InvalidParameterError):
        smol_client.next_token_distribution(messages=QUESTION, top_n=0)


def test_inspect_json_shows_the_distribution_and_the_greedy_steps() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "inspect", "The capital of France is",
                           "--raw", "--top-k", "5", "--steps", "3", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["type"] == "inspect"
    ranks = result["candidates"]
    assert [c["rank"] for c in ranks] == [1, 2, 3, 4, 5]
    assert [c["prob"] for c in ranks] == sorted((c["prob"] for c in ranks), reverse=True)
    assert set(ranks[0]) == {"rank", "token", "token_id", "logprob", "prob"}
    assert 0 <= result["rest"] <= 1 and result["entropy_bits"] > result["entropy_nats"]
    assert len(result["steps"]) == 3
    # Greedy: the first token chosen is the distribution's most likely one.
    assert result["steps"][0]["token_id"] == ranks[0]["token_id"]
    assert all(s["token_id"] == s["candidates"][0]["token_id"] for s in result["steps"])


def test_inspect_errors_are_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "inspect", "hi", "--top-k", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.strip().count("\n") == 0
