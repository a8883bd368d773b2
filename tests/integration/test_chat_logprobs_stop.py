"""Token pieces from the real runtime join to the shown text when a stop string cuts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.logprobs import AnswerLogprobs
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams


@pytest.fixture(scope="module")
def client(smollm2_path: Path) -> Iterator[RuntimeClient]:
    runtime = RuntimeClient()
    try:
        runtime.load(str(smollm2_path), LoadParams(n_ctx=512, n_threads=2))
        yield runtime
    finally:
        runtime.close()


# "5" ends the answer; "3. 9" holds back "3. " until the next token shows it is not a stop.
@pytest.mark.parametrize(("stop", "ends"), [((), None), (("5",), "5"), (("3. 9",), None)])
def test_pieces_join_to_the_answer(client: RuntimeClient, stop: tuple[str, ...],
                                   ends: str | None) -> None:
    sampling = SamplingParams(temperature=0, max_tokens=40, top_logprobs=2, stop=stop)
    ask = [{"role": "user", "content": "Count from 1 to 20, separated by commas."}]
    text, pieces, logprobs, done = "", [], [], None
    for event in client.generate(sampling, messages=ask):
        if isinstance(event, ev.Delta):
            text += event.text
            assert (event.pieces is None) == (event.logprobs is None)
            pieces += event.pieces or ()
            logprobs += event.logprobs or ()
        elif isinstance(event, ev.Done):
            done = event
    assert done is not None and len(logprobs) == done.stats.generated_tokens
    record = AnswerLogprobs.from_stream(text, pieces, logprobs, 2)
    assert record is not None and record.text() == text
    assert done.stop_string == ends and "1. 1\n2. 2\n3. 3" in text
    assert "5" not in text if ends else len(record.steps) == 40
