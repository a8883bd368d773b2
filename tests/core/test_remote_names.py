"""The ``remote:`` names, the context length in each server's words, and which 400s say the
prompt is too long (pure functions)."""

from __future__ import annotations

import pytest

from app.core.remote.endpoint import context_length_of
from app.core.remote.failures import retry_after_seconds, says_context_too_long
from app.core.remote.names import parse_remote_path, remote_path
from app.core.remote.request import request_fields
from app.core.types.params import SamplingParams


def test_remote_names_split_at_the_first_slash() -> None:
    path = remote_path("lab", "Qwen/Qwen2.5-7B-Instruct")
    assert path == "remote:lab/Qwen/Qwen2.5-7B-Instruct"
    assert parse_remote_path(path) == ("lab", "Qwen/Qwen2.5-7B-Instruct")
    for other in ("/models/a.gguf", "remote:", "remote:lab", "remote:/m", "remote:lab/"):
        assert parse_remote_path(other) is None
    with pytest.raises(ValueError):
        remote_path("a/b", "m")


@pytest.mark.parametrize(("entry", "expected"), [
    ({"id": "m", "max_model_len": 8192}, 8192),  # vLLM
    ({"id": "m", "max_context_length": 32768}, 32768),  # LM Studio
    ({"id": "m", "context_length": 2048}, 2048),  # Ondol
    ({"id": "m", "meta": {"n_ctx_train": 131072}}, 131072),  # llama-server
    ({"id": "m", "meta": {"n_ctx": 4096, "n_ctx_train": 131072}}, 4096),
    ({"id": "m", "owned_by": "library"}, None),  # Ollama says nothing
    ({"id": "m", "max_model_len": "big"}, None),
])
def test_context_length_in_each_servers_words(entry: dict, expected: int | None) -> None:
    assert context_length_of(entry) == expected


@pytest.mark.parametrize("message", [
    "This model's maximum context length is 2048 tokens. However, you requested 4000 tokens.",
    "The decoder prompt (length 5000) is longer than the maximum model length of 4096.",
    "the request exceeds the available context size, try increasing it",
    "Requested tokens (5000) exceed context window of 4096",
    "prompt too long; exceeded max context length by 12 tokens",
    "input length exceeds maximum context length",
])
def test_too_long_prompts_in_each_servers_words(message: str) -> None:
    assert says_context_too_long(message)


def test_other_refusals_are_not_too_long() -> None:
    assert not says_context_too_long("Unrecognized request argument supplied: top_k")
    assert says_context_too_long("bad", {"error": {"code": "context_length_exceeded"}})


def test_retry_after_as_seconds_or_a_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


def test_sampling_maps_to_openai_fields_and_extra_knobs() -> None:
    sampling = SamplingParams(temperature=0.3, seed=7, stop=("END",), max_tokens=None)
    fields, extra = request_fields(sampling, refused={"min_p"})
    assert fields["temperature"] == 0.3 and fields["seed"] == 7 and fields["stop"] == ["END"]
    assert "max_tokens" not in fields
    assert extra == {"top_k": 40, "repeat_penalty": 1.1}
