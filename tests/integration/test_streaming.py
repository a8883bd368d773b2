"""Real streaming through the runtime host with SmolLM2: deltas, stop reasons, seeds, stops."""

from __future__ import annotations

from app.core.backends.params import SamplingParams
from app.core.runtime.client import RuntimeClient
from tests.integration.conftest import collect, text_of

HELLO = [{"role": "user", "content": "Write three sentences about the sea."}]


def test_deltas_arrive_incrementally_before_done(smol_client: RuntimeClient) -> None:
    deltas, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=64),
                           messages=HELLO)
    assert len(deltas) >= 3  # streamed, not one lump at the end
    assert text_of(deltas).strip()
    ids = [t for d in deltas for t in d.token_ids]
    assert len(ids) == done.stats.generated_tokens
    assert done.stats.prompt_tokens > 5 and done.stats.time_to_first_token > 0
    assert done.stats.peak_rss_bytes > 50 * 2**20


def test_max_tokens_is_respected_with_reason_length(smol_client: RuntimeClient) -> None:
    deltas, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=7),
                           messages=HELLO)
    assert done.reason == "length"
    assert done.stats.generated_tokens == 7
    assert sum(len(d.token_ids) for d in deltas) == 7


def test_end_of_turn_gives_reason_stop(smol_client: RuntimeClient) -> None:
    messages = [{"role": "user", "content": "Say just the word: yes"}]
    _deltas, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=200),
                            messages=messages)
    assert done.reason == "stop"
    assert done.stats.generated_tokens < 200


def test_same_seed_same_text_at_temperature_08(smol_client: RuntimeClient) -> None:
    sampling = SamplingParams(temperature=0.8, max_tokens=40, seed=1234)
    first = text_of(collect(smol_client, sampling, messages=HELLO)[0])
    second = text_of(collect(smol_client, sampling, messages=HELLO)[0])
    assert first == second and first.strip()
    others = {text_of(collect(smol_client, SamplingParams(temperature=0.8, max_tokens=40,
                                                          seed=s), messages=HELLO)[0])
              for s in (1, 2, 3)}
    assert len(others | {first}) > 1  # the seed really changes the draw


def test_stop_string_ends_the_answer(smol_client: RuntimeClient) -> None:
    sampling = SamplingParams(temperature=0, max_tokens=60, stop=("7",))
    deltas, done = collect(smol_client, sampling, prompt="1, 2, 3, 4, 5,")
    text = text_of(deltas)
    assert done.reason == "stop"
    assert "6" in text and "7" not in text
    assert done.stats.generated_tokens < 60


def test_top_logprobs_come_with_each_token(smol_client: RuntimeClient) -> None:
    deltas, _done = collect(smol_client, SamplingParams(temperature=0, max_tokens=8,
                                                        top_logprobs=3), messages=HELLO)
    for delta in deltas:
        assert delta.logprobs is not None and len(delta.logprobs) == len(delta.token_ids)
        for (chosen, top), token_id in zip(delta.logprobs, delta.token_ids, strict=False):
            assert len(top) == 3 and chosen.token_id == token_id
            assert top[0].logprob >= top[1].logprob >= top[2].logprob
            assert chosen.token_id == top[0].token_id  # greedy picks the most likely
            assert chosen.logprob <= 0


def test_multi_turn_chat_uses_the_whole_conversation(smol_client: RuntimeClient) -> None:
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "My name is Minji."},
        {"role": "assistant", "content": "Nice to meet you, Minji!"},
        {"role": "user", "content": "What is my name?"},
    ]
    deltas, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=30),
                           messages=messages)
    assert "Minji" in text_of(deltas)
    assert done.stats.prompt_tokens > smol_client.count_chat_tokens(messages[-1:])


def test_korean_survives_tokenize_and_detokenize(smol_client: RuntimeClient) -> None:
    text = "안녕하세요! 온돌은 내 컴퓨터에서 언어 모델을 돌립니다. 한글 테스트 🙂"
    ids = smol_client.tokenize(text)
    assert len(ids) > 10
    assert smol_client.detokenize(ids) == text


def test_korean_answer_streams_as_valid_text(smol_client: RuntimeClient) -> None:
    # SmolLM2 speaks English; continuing a Korean text makes it write Korean all the same.
    deltas, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=20),
                           prompt="한국어: 안녕하세요. 한국어: 안녕하세요. 한국어:")
    text = text_of(deltas)
    ids = [t for d in deltas for t in d.token_ids]
    assert "안녕하세요" in text
    # Hangul syllables span several byte-level tokens: streaming must join them exactly as
    # decoding the whole answer at once does; a character cut off by max_tokens is dropped.
    assert done.reason == "length"
    assert "\ufffd" not in text
    assert smol_client.detokenize(ids).startswith(text)
