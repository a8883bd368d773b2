"""The second real model: Gemma 3 270M base (gemma3, sliding window, no chat template)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests.integration.conftest import collect, load_params, text_of


@pytest.fixture(scope="module")
def gemma(gemma3_path: Path) -> Iterator[RuntimeClient]:
    client = RuntimeClient()
    client.load(str(gemma3_path), load_params())
    yield client
    client.close()


def test_missing_template_falls_back_by_architecture_and_says_so(gemma: RuntimeClient) -> None:
    assert gemma.loaded is not None
    assert gemma.loaded.template_source == "fallback:gemma"
    assert "no chat template" in gemma.loaded.template_note
    assert gemma.loaded.architecture == "gemma3"


def test_chat_streams_through_the_fallback_template(gemma: RuntimeClient) -> None:
    deltas, done = collect(gemma, SamplingParams(temperature=0, max_tokens=24),
                           messages=[{"role": "system", "content": "Answer briefly."},
                                     {"role": "user", "content": "Name a colour."}])
    assert len(deltas) >= 2 and text_of(deltas).strip()
    assert done.reason in ("stop", "length")
    # One BOS only, even though the template writes "<bos>" itself.
    prompt_ids = gemma.tokenize("<bos><start_of_turn>user\n")
    assert prompt_ids[0] == 2 and prompt_ids[1] != 2


def test_stop_reasons_and_seed_on_gemma(gemma: RuntimeClient) -> None:
    sampling = SamplingParams(temperature=0.8, max_tokens=12, seed=99)
    first = collect(gemma, sampling, prompt="The sea is")
    second = collect(gemma, sampling, prompt="The sea is")
    assert text_of(first[0]) == text_of(second[0])
    assert first[1].reason == "length" and first[1].stats.generated_tokens == 12


def test_korean_round_trip_on_gemma(gemma: RuntimeClient) -> None:
    text = "서울은 한국의 수도입니다. 온돌 🙂"
    assert gemma.detokenize(gemma.tokenize(text)) == text


def test_korean_continuation_streams_whole_characters(gemma: RuntimeClient) -> None:
    deltas, _done = collect(gemma, SamplingParams(temperature=0, max_tokens=20),
                            prompt="서울은 한국의 수도입니다. 부산은")
    text = text_of(deltas)
    assert "\ufffd" not in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)
