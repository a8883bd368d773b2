"""The next-token distribution and a forced answer start on both ONNX layouts (the
onnxruntime-genai folder and the Optimum one on Ondol's own loop), through the host."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams

pytestmark = pytest.mark.slow

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(scope="module", params=["genai_int4_path", "optimum_path"])
def client(request: pytest.FixtureRequest) -> Iterator[RuntimeClient]:
    runtime = RuntimeClient()
    try:
        runtime.load(str(request.getfixturevalue(request.param)),
                     LoadParams(n_ctx=512, n_threads=2))
        yield runtime
    finally:
        runtime.close()


def test_the_distribution_leads_greedy_and_a_forced_start_goes_on(client: RuntimeClient
                                                                  ) -> None:
    view = client.next_token_distribution(messages=QUESTION, top_n=5)
    assert len(view.candidates) == 5
    assert sum(c.prob for c in view.candidates) + view.rest == pytest.approx(1.0, abs=1e-5)
    greedy = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=2)
    first = next(e for e in client.generate(greedy, messages=QUESTION)
                 if isinstance(e, ev.Delta))
    assert first.token_ids[0] == view.candidates[0].token_id
    other = view.candidates[1].token_id
    forced = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=2,
                            answer_prefix=(other,))
    deltas = [e for e in client.generate(forced, messages=QUESTION) if isinstance(e, ev.Delta)]
    ids = [t for d in deltas for t in d.token_ids]
    assert ids[0] == other and len(ids) == 3
    after = client.next_token_distribution(messages=QUESTION, top_n=1, answer_prefix=(other,))
    assert ids[1] == after.candidates[0].token_id
