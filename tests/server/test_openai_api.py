"""The OpenAI API as the official ``openai`` client sees it, against ``ondol serve`` in its own
process with the real starter model."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openai
import pytest
from openai import OpenAI

from tests.conftest import REPO
from tests.server.conftest import STARTER, Served

pytestmark = pytest.mark.slow
HI = [{"role": "user", "content": "Hi"}]


def cli_answer(home: Path, prompt: str, *flags: str) -> str:
    """What ``ondol chat`` prints for ``prompt`` (the same library, a fresh process)."""
    done = subprocess.run([sys.executable, "-m", "app", "chat", *flags, prompt], cwd=REPO,
                          env={**os.environ, "ONDOL_HOME": str(home)}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.rstrip("\n")


def test_models_lists_the_library(client: OpenAI) -> None:
    ids = [m.id for m in client.models.list().data]
    assert ids == [STARTER]
    assert client.models.retrieve(STARTER).id == STARTER


def test_answers_equal_the_cli_streamed_or_not(client: OpenAI, ondol_home: Path) -> None:
    # The CLI with its own library (the same starter model), in a fresh process.
    expected = cli_answer(ondol_home, "Name three colours.", "--temp", "0", "--seed", "7",
                          "--max-tokens", "24")
    whole = client.chat.completions.create(
        model=STARTER, messages=[{"role": "user", "content": "Name three colours."}],
        temperature=0, seed=7, max_tokens=24)
    assert whole.choices[0].message.content == expected
    assert whole.choices[0].message.role == "assistant"
    assert whole.object == "chat.completion" and whole.model == STARTER
    assert whole.usage.completion_tokens > 0
    assert whole.usage.total_tokens == whole.usage.prompt_tokens + whole.usage.completion_tokens

    chunks = list(client.chat.completions.create(
        model=STARTER, messages=[{"role": "user", "content": "Name three colours."}],
        temperature=0, seed=7, max_tokens=24, stream=True,
        stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == expected
    assert chunks[0].choices[0].delta.role == "assistant"
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] in ("stop", "length") and set(finishes[:-1]) == {None}
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    # The same conversation again: its prompt comes from the cache.
    assert chunks[-1].usage.prompt_tokens_details.cached_tokens > 0


def test_logprobs_are_given_and_make_sense(client: OpenAI) -> None:
    answer = client.chat.completions.create(model=STARTER, messages=HI, temperature=0,
                                            max_tokens=8, logprobs=True, top_logprobs=3)
    steps = answer.choices[0].logprobs.content
    assert len(steps) == answer.usage.completion_tokens
    assert "".join(s.token for s in steps) == answer.choices[0].message.content
    for step in steps:
        tops = [t.logprob for t in step.top_logprobs]
        assert len(tops) == 3 and tops == sorted(tops, reverse=True)
        assert all(v <= 0 for v in tops) and sum(math.exp(v) for v in tops) <= 1.0001
        assert step.logprob == pytest.approx(tops[0])  # greedy: the likeliest was chosen
        assert bytes(step.bytes) == step.token.encode()


def test_stop_strings_end_the_answer(client: OpenAI) -> None:
    free = client.chat.completions.create(model=STARTER, messages=HI, temperature=0,
                                          max_tokens=24)
    text = free.choices[0].message.content
    cut = text[3:6]
    assert cut.strip()
    stopped = client.chat.completions.create(model=STARTER, messages=HI, temperature=0,
                                             max_tokens=24, stop=[cut])
    assert stopped.choices[0].message.content == text[:text.index(cut)]
    assert stopped.choices[0].finish_reason == "stop"


def test_text_completions_take_a_raw_prompt(client: OpenAI) -> None:
    answer = client.completions.create(model=STARTER, prompt="The capital of France is",
                                       max_tokens=6, temperature=0)
    assert answer.object == "text_completion"
    assert answer.choices[0].text.strip() and answer.usage.completion_tokens == 6
    streamed = client.completions.create(model=STARTER, prompt="The capital of France is",
                                         max_tokens=6, temperature=0, stream=True)
    assert "".join(c.choices[0].text for c in streamed if c.choices) == answer.choices[0].text


def test_four_clients_at_once_all_get_whole_answers(client: OpenAI) -> None:
    def ask(seed: int) -> tuple[str, Any]:
        answer = client.chat.completions.create(
            model=STARTER, messages=[{"role": "user", "content": f"Count to {seed + 3}."}],
            temperature=0, max_tokens=16)
        return answer.choices[0].message.content, answer.choices[0].finish_reason

    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(ask, range(4)))
    one_by_one = [ask(seed) for seed in range(4)]
    assert together == one_by_one  # nothing lost or mixed between the requests
    assert all(text for text, _finish in together)


@pytest.mark.parametrize(("change", "status", "param", "code"), [
    ({"n": 2}, 400, "n", "invalid_value"),
    ({"model": "no/such/model.gguf"}, 404, "model", "model_not_found"),
    ({"model": "../../etc/passwd"}, 404, "model", "model_not_found"),
    ({"model": str(REPO / "README.md")}, 404, "model", "model_not_found"),
    ({"temperature": -1}, 400, "temperature", "invalid_value"),
    ({"top_logprobs": 50, "logprobs": True}, 400, "top_logprobs", "invalid_value"),
    ({"max_tokens": 100_000}, 400, None, "context_length_exceeded"),
    ({"messages": [{"role": "wizard", "content": "Hi"}]}, 400, "messages[0].role",
     "invalid_value"),
    ({"messages": []}, 400, "messages", "invalid_value"),
])
def test_bad_requests_get_openai_errors(client: OpenAI, change: dict[str, Any], status: int,
                                        param: str | None, code: str) -> None:
    request = {"model": STARTER, "messages": HI, "max_tokens": 4, **change}
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(**request)
    assert caught.value.status_code == status
    body = caught.value.body
    assert isinstance(body, dict) and body["message"] and body["param"] == param
    assert body["code"] == code, body
    if code == "context_length_exceeded":
        assert "100000" in body["message"] and "8192" in body["message"]


def _raw(url: str, data: bytes | None = None, method: str = "POST") -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_malformed_bodies_and_unknown_endpoints(served: Served) -> None:
    status, body = _raw(served.base_url + "/chat/completions", b"{not json")
    assert status == 400 and body["error"]["type"] == "invalid_request_error"
    status, body = _raw(served.base_url + "/chat/completions", b'{"model": 3}')
    assert status == 400 and body["error"]["param"] in ("model", "messages")
    status, body = _raw(served.base_url + "/nothing-here", None, "GET")
    assert status == 404 and "Unknown endpoint" in body["error"]["message"]
