"""Anthropic's Messages API (``POST /v1/messages``) as the official ``anthropic`` client and a
plain HTTP client see it, against ``ondol serve`` with the real starter model (and the real
Qwen2.5-Coder-0.5B-Instruct for tool calls)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anthropic
import pytest
from openai import OpenAI

from tests.server.conftest import STARTER, MakeServer, Served, openai_client
from tests.server.test_tools import QWEN, QWEN_FILE, needs_qwen, qwen_home  # noqa: F401

pytestmark = pytest.mark.slow
SYSTEM = "You are a helpful assistant."
ASK = [{"role": "user", "content": "Tell me about the sea."}]
WEATHER = {"name": "get_weather", "description": "Get the current weather in a city",
           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                            "required": ["city"]}}
SEOUL = [{"role": "user", "content": "What is the weather in Seoul?"}]


def claude(base_url: str, api_key: str = "not-needed") -> anthropic.Anthropic:
    """The official client pointed at Ondol (its base URL has no ``/v1``)."""
    return anthropic.Anthropic(base_url=base_url.removesuffix("/v1"), api_key=api_key,
                               max_retries=0, timeout=300)


def post(base_url: str, body: dict[str, Any], headers: dict[str, str] | None = None,
         path: str = "/v1/messages") -> tuple[int, dict[str, str], bytes]:
    """A plain HTTP request, as a client without the SDK sends it."""
    where = urlsplit(base_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=300)
    connection.request("POST", path, json.dumps(body), {
        "content-type": "application/json", "anthropic-version": "2023-06-01",
        **(headers or {})})
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data


def sse(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """A stream's events, as (name, data)."""
    out = []
    for chunk in data.decode().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in chunk.splitlines() if ": " in line)
        if lines:
            assert json.loads(lines["data"])["type"] == lines["event"]
            out.append((lines["event"], json.loads(lines["data"])))
    return out


@pytest.fixture(scope="module")
def client(served: Served) -> anthropic.Anthropic:
    return claude(served.base_url)


@pytest.fixture(scope="module")
def chat(served: Served) -> OpenAI:
    return openai_client(served.base_url)


@pytest.fixture(scope="module")
def reference(chat: OpenAI) -> Any:
    """The chat completions answer the Messages answers must equal."""
    return chat.chat.completions.create(
        model=STARTER, messages=[{"role": "system", "content": SYSTEM}, *ASK], temperature=0,
        seed=1, max_tokens=24)


# The client of this version sends sampling fields only as extra body fields.
GREEDY = {"temperature": 0, "seed": 1}


def ask(client: anthropic.Anthropic, **fields: Any) -> Any:
    request = {"model": STARTER, "system": SYSTEM, "messages": ASK, "max_tokens": 24,
               "extra_body": GREEDY, **fields}
    return client.messages.create(**request)


def test_a_whole_answer_equals_chat_completions(client: anthropic.Anthropic,
                                                reference: Any) -> None:
    answer = ask(client)
    expected = reference.choices[0]
    assert answer.type == "message" and answer.role == "assistant" and answer.model == STARTER
    assert answer.id.startswith("msg_")
    assert [b.type for b in answer.content] == ["text"]
    assert answer.content[0].text == expected.message.content
    assert answer.stop_reason == {"length": "max_tokens", "stop": "end_turn"}[
        expected.finish_reason]
    assert answer.stop_sequence is None
    usage = reference.usage
    assert answer.usage.output_tokens == usage.completion_tokens
    assert answer.usage.input_tokens + answer.usage.cache_read_input_tokens == (
        usage.prompt_tokens)
    assert answer.usage.cache_read_input_tokens > 0  # the same prompt again: from the cache


def test_a_streamed_answer_equals_chat_completions(client: anthropic.Anthropic,
                                                   reference: Any) -> None:
    request = {"model": STARTER, "system": [{"type": "text", "text": SYSTEM}],
               "messages": [{"role": "user", "content": [{"type": "text",
                                                          "text": ASK[0]["content"]}]}],
               "max_tokens": 24, "extra_body": GREEDY}
    with client.messages.stream(**request) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == reference.choices[0].message.content == final.content[0].text
    assert final.usage.output_tokens == reference.usage.completion_tokens
    assert final.usage.input_tokens + final.usage.cache_read_input_tokens == (
        reference.usage.prompt_tokens)


def test_the_stream_is_anthropics_events(served: Served, reference: Any) -> None:
    status, headers, data = post(served.base_url, {
        "model": STARTER, "system": SYSTEM, "messages": ASK, "max_tokens": 24,
        "temperature": 0, "seed": 1, "stream": True})
    assert status == 200 and headers["content-type"].startswith("text/event-stream")
    events = sse(data)
    names = [name for name, _ in events]
    assert names[:3] == ["message_start", "ping", "content_block_start"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(names[3:-3]) == {"content_block_delta"}
    start = events[0][1]["message"]
    assert start["id"].startswith("msg_") and start["content"] == [] and (
        start["stop_reason"] is None)
    assert events[2][1] == {"type": "content_block_start", "index": 0,
                            "content_block": {"type": "text", "text": ""}}
    deltas = [data["delta"] for name, data in events if name == "content_block_delta"]
    assert all(d["type"] == "text_delta" for d in deltas)
    assert "".join(d["text"] for d in deltas) == reference.choices[0].message.content
    delta = events[-2][1]
    assert delta["delta"]["stop_reason"] in ("end_turn", "max_tokens")
    assert delta["usage"]["output_tokens"] == reference.usage.completion_tokens


def test_a_stop_sequence_ends_the_answer_and_is_named(client: anthropic.Anthropic,
                                                      reference: Any) -> None:
    full = reference.choices[0].message.content
    word = full.split()[3]
    answer = ask(client, stop_sequences=["never-written", word])
    assert answer.stop_reason == "stop_sequence" and answer.stop_sequence == word
    assert answer.content[0].text == full[:full.index(word)]
    assert 0 < answer.usage.output_tokens < reference.usage.completion_tokens
    with client.messages.stream(model=STARTER, system=SYSTEM, messages=ASK, max_tokens=24,
                                stop_sequences=[word], extra_body=GREEDY) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == full[:full.index(word)]
    assert final.stop_reason == "stop_sequence" and final.stop_sequence == word
    # The model is free again at once: the next answer is whole.
    assert ask(client).content[0].text == full


def test_a_stop_sequence_answer_is_logged_as_stopped(make_server: MakeServer) -> None:
    server = make_server()
    client = claude(server.base_url)
    full = ask(client).content[0].text
    word = full.split()[3]
    answer = ask(client, stop_sequences=[word])
    assert answer.stop_reason == "stop_sequence" and answer.stop_sequence == word
    entry = server.log.entries()[-1]
    assert entry.endpoint == "/v1/messages" and entry.status == 200
    assert entry.finish == "stop"
    assert entry.completion_tokens == answer.usage.output_tokens > 0


def test_count_tokens_equals_the_prompt_of_an_answer(client: anthropic.Anthropic) -> None:
    counted = client.messages.count_tokens(model=STARTER, system=SYSTEM, messages=ASK)
    usage = ask(client, max_tokens=1).usage
    assert counted.input_tokens == usage.input_tokens + usage.cache_read_input_tokens > 0
    # The tools are rendered as the template offers them, as for an answer.
    with_tools = client.messages.count_tokens(model=STARTER, system=SYSTEM, messages=ASK,
                                              tools=[WEATHER])
    usage = ask(client, max_tokens=1, tools=[WEATHER]).usage
    assert with_tools.input_tokens == usage.input_tokens + usage.cache_read_input_tokens
    assert with_tools.input_tokens >= counted.input_tokens


@pytest.mark.parametrize(("body", "status", "kind", "words"), [
    ({"messages": []}, 400, "invalid_request_error", "messages"),
    ({"messages": ASK, "model": ""}, 400, "invalid_request_error", "model"),
    ({"messages": [{"role": "user", "content": [{"type": "image", "source": {}}]}]}, 400,
     "invalid_request_error", "messages[0].content[0]"),
    ({"messages": ASK, "tools": [WEATHER], "tool_choice": {"type": "tool", "name": "nope"}},
     400, "invalid_request_error", "tool_choice"),
    ({"messages": ASK, "model": "nope/none.gguf"}, 404, "not_found_error", "nope/none.gguf"),
])
def test_bad_count_requests_are_anthropics_errors(served: Served, body: dict[str, Any],
                                                  status: int, kind: str, words: str) -> None:
    code, headers, data = post(served.base_url, {"model": STARTER, **body},
                               path="/v1/messages/count_tokens")
    assert code == status and headers["content-type"] == "application/json"
    error = json.loads(data)
    assert error["type"] == "error" and error["error"]["type"] == kind
    assert words in error["error"]["message"]


def test_max_tokens_is_the_stop_reason_at_the_limit(client: anthropic.Anthropic) -> None:
    answer = ask(client, max_tokens=3)
    assert answer.stop_reason == "max_tokens" and answer.usage.output_tokens == 3


@pytest.mark.parametrize(("body", "status", "kind", "words"), [
    ({"messages": ASK}, 400, "invalid_request_error", "max_tokens"),
    ({"messages": ASK, "max_tokens": 0}, 400, "invalid_request_error", "max_tokens"),
    ({"messages": [], "max_tokens": 8}, 400, "invalid_request_error", "messages"),
    ({"messages": [{"role": "system", "content": "x"}], "max_tokens": 8}, 400,
     "invalid_request_error", "role"),
    ({"model": "nope/none.gguf", "messages": ASK, "max_tokens": 8}, 404, "not_found_error",
     "nope/none.gguf"),
    ({"model": "../../etc/passwd", "messages": ASK, "max_tokens": 8, "stream": True}, 404,
     "not_found_error", "passwd"),
    ({"messages": [{"role": "user", "content": [{"type": "image", "source": {}}]}],
      "max_tokens": 8}, 400, "invalid_request_error", "messages[0].content[0]"),
    ({"messages": [{"role": "user", "content": [{"type": "tool_result"}]}], "max_tokens": 8},
     400, "invalid_request_error", "tool_use_id"),
    ({"messages": [*SEOUL, {"role": "assistant", "content": [{"type": "tool_use"}]}],
      "max_tokens": 8}, 400, "invalid_request_error", "messages[1].content[0]"),
    ({"messages": ASK, "max_tokens": 8, "tools": [{"type": "web_search_20250305",
                                                  "name": "web_search"}]},
     400, "invalid_request_error", "tools[0]"),
    ({"messages": ASK, "max_tokens": 8, "tools": [WEATHER],
      "tool_choice": {"type": "tool", "name": "nope"}}, 400, "invalid_request_error",
     "tool_choice"),
    ({"messages": ASK, "max_tokens": 8, "tool_choice": {"type": "maybe"}}, 400,
     "invalid_request_error", "tool_choice"),
    ({"messages": ASK, "max_tokens": 8, "temperature": -1}, 400, "invalid_request_error",
     "temperature"),
])
def test_bad_requests_are_anthropics_errors(served: Served, body: dict[str, Any], status: int,
                                            kind: str, words: str) -> None:
    code, headers, data = post(served.base_url, {"model": STARTER, **body})
    assert code == status and headers["content-type"] == "application/json"
    error = json.loads(data)
    assert error["type"] == "error" and error["error"]["type"] == kind
    assert words in error["error"]["message"]


def test_the_official_client_reads_the_errors(client: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.NotFoundError) as missing:
        ask(client, model="nope/none.gguf")
    assert missing.value.body["error"]["type"] == "not_found_error"
    with pytest.raises(anthropic.BadRequestError) as bad:
        ask(client, extra_body={"top_k": -5})
    assert bad.value.body["error"]["type"] == "invalid_request_error"


def test_the_key_is_read_from_x_api_key(make_server: MakeServer) -> None:
    server = make_server(api_key="s3cret")
    with pytest.raises(anthropic.AuthenticationError) as caught:
        claude(server.base_url, "wrong").messages.create(model=STARTER, messages=ASK,
                                                         max_tokens=8)
    assert caught.value.status_code == 401
    assert caught.value.body == {"type": "error", "error": {
        "type": "authentication_error", "message": caught.value.body["error"]["message"]}}
    code, _headers, data = post(server.base_url, {"model": STARTER, "messages": ASK})
    assert code == 401 and json.loads(data)["error"]["type"] == "authentication_error"
    # The right key passes the check; the body's own problem is what is answered then.
    code, _headers, data = post(server.base_url, {"model": STARTER, "messages": ASK},
                                {"x-api-key": "s3cret"})
    assert code == 400 and "max_tokens" in json.loads(data)["error"]["message"]
    # The OpenAI endpoints keep OpenAI's shape.
    code, _headers, data = post(server.base_url, {}, path="/v1/chat/completions")
    assert code == 401 and json.loads(data)["error"]["code"] == "invalid_api_key"


# -- tools, with the real Qwen ---------------------------------------------------------------

@pytest.fixture(scope="module")
def qwen(qwen_home: Path) -> Iterator[anthropic.Anthropic]:  # noqa: F811
    if not QWEN_FILE.is_file():
        pytest.skip(f"{QWEN_FILE} is absent")
    server = Served(qwen_home)
    yield claude(server.base_url)
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@needs_qwen
def test_qwen_calls_a_tool_and_reads_its_result(qwen: anthropic.Anthropic) -> None:
    first = qwen.messages.create(model=QWEN, messages=SEOUL, tools=[WEATHER], max_tokens=48,
                                 extra_body=GREEDY)
    assert first.stop_reason == "tool_use"
    uses = [b for b in first.content if b.type == "tool_use"]
    assert len(uses) == 1 and uses[0].name == "get_weather" and uses[0].id.startswith("toolu_")
    assert "seoul" in uses[0].input["city"].lower()

    follow = [*SEOUL, {"role": "assistant", "content": [b.model_dump() for b in first.content]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": uses[0].id,
                                            "content": "Sunny, 21 degrees Celsius."}]}]
    answer = qwen.messages.create(model=QWEN, messages=follow, max_tokens=24,
                                  extra_body=GREEDY)
    assert answer.stop_reason in ("end_turn", "max_tokens")
    assert answer.content[0].type == "text" and answer.content[0].text
    again = qwen.messages.create(model=QWEN, messages=follow, tools=[WEATHER], max_tokens=48,
                                 extra_body=GREEDY)
    assert again.stop_reason in ("end_turn", "max_tokens", "tool_use")


@needs_qwen
def test_qwen_streams_a_tool_call_as_input_json(qwen: anthropic.Anthropic) -> None:
    with qwen.messages.stream(model=QWEN, messages=SEOUL, tools=[WEATHER], max_tokens=48,
                              extra_body=GREEDY) as stream:
        events = list(stream)
        final = stream.get_final_message()
    partial = [e.delta.partial_json for e in events if e.type == "content_block_delta"
               and e.delta.type == "input_json_delta"]
    assert "seoul" in json.loads("".join(partial))["city"].lower()
    assert final.stop_reason == "tool_use"
    assert final.content[-1].type == "tool_use" and final.content[-1].name == "get_weather"


@needs_qwen
def test_a_named_tool_is_always_called(qwen: anthropic.Anthropic) -> None:
    answer = qwen.messages.create(
        model=QWEN, messages=[{"role": "user", "content": "Say hello."}], tools=[WEATHER],
        tool_choice={"type": "tool", "name": "get_weather"}, max_tokens=48,
        extra_body=GREEDY)
    assert answer.stop_reason == "tool_use"
    assert isinstance(answer.content[-1].input["city"], str)
