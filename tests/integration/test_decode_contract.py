"""One suite, every backend: the shared decoding loop's rules hold for llama.cpp,
onnxruntime-genai and Ondol's own onnxruntime loop, each on a real SmolLM2 build, through the
runtime host: prompt size, length, end of turn, stop strings, cancel, seeds, context window,
Korean text and log-probabilities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import ContextOverflowError
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.chat import OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams
from tests.integration.conftest import collect, text_of

pytestmark = pytest.mark.slow

N_CTX = 1024
STORY = [{"role": "user", "content": "Tell me a long story about a lighthouse keeper."}]
YES = [{"role": "user", "content": "Say just the word: yes"}]
HANGUL = re.compile("[\uac00-\ud7a3]")
BACKENDS = ["llama.cpp", "onnxruntime-genai", "onnxruntime"]


def _model_path(kind: str, request: pytest.FixtureRequest) -> Path:
    if kind == "llama.cpp":
        return request.getfixturevalue("smollm2_path")
    if kind == "onnxruntime-genai":
        return request.getfixturevalue("genai_int4_path")
    return request.getfixturevalue("optimum_path")  # the folder: the CPU picks the q4 graph


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest) -> Iterator[RuntimeClient]:
    """A host with SmolLM2 loaded on one backend (4-bit weights on each)."""
    path = _model_path(request.param, request)
    runtime = RuntimeClient()
    try:
        model = runtime.load(str(path), LoadParams(n_ctx=N_CTX, n_threads=2))
        backend = model.params.get("backend", "llama.cpp")
        assert backend == request.param
        yield runtime
    finally:
        runtime.close()


def events_of(client: RuntimeClient, sampling: SamplingParams, **kwargs: object
              ) -> list[object]:
    return list(client.generate(sampling, **kwargs))  # type: ignore[arg-type]


def test_the_prompt_size_comes_first_then_deltas_then_done(client: RuntimeClient) -> None:
    events = events_of(client, SamplingParams(temperature=0, max_tokens=12), messages=STORY)
    assert isinstance(events[0], ev.PromptReady)
    assert isinstance(events[-1], ev.Done)
    deltas = [e for e in events if isinstance(e, ev.Delta)]
    assert len(deltas) >= 1 and text_of(deltas).strip()
    assert events[0].prompt_tokens == events[-1].stats.prompt_tokens > 5
    assert events[0].n_ctx == N_CTX and events[0].messages_dropped == 0


def test_max_tokens_ends_with_reason_length(client: RuntimeClient) -> None:
    deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=7), messages=STORY)
    assert done.reason == "length"
    assert done.stats.generated_tokens == 7 == sum(len(d.token_ids) for d in deltas)


def test_end_of_turn_stops_unless_ignored(client: RuntimeClient) -> None:
    deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=50), messages=YES)
    assert done.reason == "stop" and done.stats.generated_tokens < 50
    assert "<|im_end|>" not in text_of(deltas)
    _d, fixed = collect(client, SamplingParams(temperature=0, max_tokens=30, ignore_eos=True),
                        messages=YES)
    assert fixed.reason == "length" and fixed.stats.generated_tokens == 30


def test_a_stop_string_ends_the_answer_before_it(client: RuntimeClient) -> None:
    sampling = SamplingParams(temperature=0, max_tokens=40, stop=("7",))
    deltas, done = collect(client, sampling, prompt="1, 2, 3, 4, 5,")
    text = text_of(deltas)
    assert done.reason == "stop"
    assert "6" in text and "7" not in text
    assert done.stats.generated_tokens < 40


def test_cancel_mid_stream_stops_within_a_few_tokens_and_the_host_goes_on(
        client: RuntimeClient) -> None:
    long = SamplingParams(temperature=0.7, max_tokens=800, seed=7, ignore_eos=True)
    deltas = 0
    seen_at_cancel = 0
    seen = 0
    done: ev.Done | None = None
    for event in client.generate(long, messages=STORY):
        if isinstance(event, ev.Delta):
            deltas += 1
            seen += len(event.token_ids)
            if deltas == 3:
                seen_at_cancel = seen
                client.cancel()
        elif isinstance(event, ev.Done):
            done = event
    assert done is not None and done.reason == "cancelled"
    # The flag is read per token: counted in tokens, not seconds, so a busy machine is fine
    # (those already in the pipe when the flag was set still arrive).
    assert done.stats.generated_tokens - seen_at_cancel <= 64  # of 800
    _d, after = collect(client, SamplingParams(temperature=0, max_tokens=4), prompt="Hi")
    assert after.reason == "length" and after.stats.generated_tokens == 4


def test_cancel_right_after_the_request_stops_before_any_token(client: RuntimeClient) -> None:
    stream = client.generate(SamplingParams(temperature=0, max_tokens=200), messages=STORY)
    client.cancel()
    done = list(stream)[-1]
    assert isinstance(done, ev.Done) and done.reason == "cancelled"
    assert done.stats.generated_tokens <= 1


def test_the_same_seed_gives_the_same_text_and_is_reported(client: RuntimeClient) -> None:
    sampling = SamplingParams(temperature=0.9, max_tokens=16, seed=1234)
    first_deltas, first_done = collect(client, sampling, messages=STORY)
    first = text_of(first_deltas)
    assert text_of(collect(client, sampling, messages=STORY)[0]) == first and first.strip()
    assert first_done.stats.seed == 1234
    others = {text_of(collect(client, SamplingParams(temperature=0.9, max_tokens=16, seed=s),
                              messages=STORY)[0]) for s in (1, 2)}
    assert len(others | {first}) > 1  # the seed really changes the draw
    free_deltas, free_done = collect(client, SamplingParams(temperature=0.9, max_tokens=16),
                                     messages=STORY)
    seed = free_done.stats.seed
    assert seed is not None  # a random seed is picked, reported, and reproduces the answer
    again = collect(client, SamplingParams(temperature=0.9, max_tokens=16, seed=seed),
                    messages=STORY)[0]
    assert text_of(again) == text_of(free_deltas)


def test_a_prompt_longer_than_the_context_is_a_typed_error(client: RuntimeClient) -> None:
    prompt = " ".join(f"item {i} is a blue square." for i in range(250))
    assert len(client.tokenize(prompt)) > N_CTX
    with pytest.raises(ContextOverflowError) as info:
        collect(client, SamplingParams(temperature=0, max_tokens=4), prompt=prompt)
    assert info.value.facts["n_ctx"] == N_CTX


def test_the_host_drops_the_oldest_turns_to_fit_or_refuses(client: RuntimeClient) -> None:
    turns = []
    for i in range(12):
        turns += [{"role": "user", "content": f"Fact {i}: " + "the sea is wide. " * 12},
                  {"role": "assistant", "content": f"Noted fact {i}."}]
    chat = [{"role": "system", "content": "You are terse."}, *turns,
            {"role": "user", "content": "What was the last fact?"}]
    sampling = SamplingParams(temperature=0, max_tokens=8)
    events = events_of(client, sampling, messages=chat, answer_reserve=200)
    prompt = events[0]
    assert isinstance(prompt, ev.PromptReady)
    assert prompt.messages_dropped > 0 and prompt.messages_dropped % 2 == 0  # whole turns
    assert prompt.prompt_tokens <= N_CTX - 200
    assert isinstance(events[-1], ev.Done)
    with pytest.raises(ContextOverflowError) as info:
        events_of(client, sampling, messages=chat, answer_reserve=200,
                  overflow_policy=OverflowPolicy.STOP_AT_LIMIT)
    assert info.value.facts["reason"] == "conversation"


def test_korean_round_trips_through_tokenize(client: RuntimeClient) -> None:
    text = "안녕하세요! 온돌은 내 컴퓨터에서 언어 모델을 돌립니다. 한글 테스트 🙂"
    ids = client.tokenize(text)
    assert len(ids) > 10
    assert client.detokenize(ids) == text


def test_a_korean_answer_streams_whole_characters(client: RuntimeClient) -> None:
    # Hangul syllables span several byte-level tokens; the stream joins them exactly as
    # decoding the whole answer at once does, and a character cut off at the end is dropped.
    deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=20),
                           prompt="안녕하세요! 오늘 날씨가 좋네요. 안녕하세요! 오늘")
    text = text_of(deltas)
    ids = [t for d in deltas for t in d.token_ids]
    assert done.reason == "length"
    assert HANGUL.search(text) and "\ufffd" not in text
    assert client.detokenize(ids).startswith(text)


def test_top_logprobs_come_with_each_token(client: RuntimeClient) -> None:
    # No repetition penalty: the log-probabilities are the model's own, before penalties, so
    # only then is the greedy choice always the most likely token.
    deltas, _done = collect(client, SamplingParams(temperature=0, max_tokens=8, top_logprobs=3,
                                                   repeat_penalty=1.0), messages=STORY)
    assert deltas
    for delta in deltas:
        assert delta.logprobs is not None and len(delta.logprobs) == len(delta.token_ids)
        for (chosen, top), token_id in zip(delta.logprobs, delta.token_ids, strict=True):
            assert len(top) == 3 and chosen.token_id == token_id
            assert top[0].logprob >= top[1].logprob >= top[2].logprob
            assert chosen.token_id == top[0].token_id  # greedy picks the most likely
            assert chosen.logprob <= 0 and chosen.token
