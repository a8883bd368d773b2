"""Real streaming through the runtime host with SmolLM2: deltas and a whole conversation (the
rules every backend shares are in test_decode_contract.py)."""

from __future__ import annotations

from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
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


