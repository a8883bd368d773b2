"""OpenAI's Responses API, ``POST /v1/responses``, as the official ``openai`` client sees it
(``client.responses.create`` and its strict ``client.responses.stream`` accumulator), against
``ondol serve`` with the real starter model, and the real Qwen2.5-Coder-0.5B-Instruct for tools."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import openai
import pytest
from openai import OpenAI

from tests.server.conftest import STARTER, MakeServer, Served, openai_client
from tests.server.test_tools import QWEN, needs_qwen, qwen_home  # noqa: F401

pytestmark = pytest.mark.slow
QUESTION = "Name three colours."
BRIEF = "Answer in one short sentence."
WEATHER = {"type": "function", "name": "get_weather",
           "description": "Get the current weather in a city",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                          "required": ["city"]}}
SEOUL = "What is the weather in Seoul?"
EVENTS = ["response.created", "response.in_progress", "response.output_item.added",
          "response.content_part.added", "response.output_text.delta",
          "response.output_text.done", "response.content_part.done",
          "response.output_item.done"]


def chat_answer(client: OpenAI, messages: list[dict[str, str]], max_tokens: int = 24) -> str:
    answer = client.chat.completions.create(model=STARTER, messages=messages, temperature=0,
                                            seed=7, max_tokens=max_tokens)
    return answer.choices[0].message.content or ""


def test_text_whole_and_streamed_equals_chat_completions(client: OpenAI) -> None:
    expected = chat_answer(client, [{"role": "user", "content": QUESTION}])
    same = {"model": STARTER, "temperature": 0, "max_output_tokens": 24,
            "extra_body": {"seed": 7}}
    whole = client.responses.create(input=QUESTION, **same)
    assert whole.output_text == expected and expected  # the SDK's convenience
    assert whole.object == "response"
    # Cut by ``max_output_tokens`` or ended by the model: the status says which.
    assert whole.status == ("incomplete" if whole.usage.output_tokens == 24 else "completed")
    assert whole.model == STARTER and whole.id.startswith("resp_")
    [message] = whole.output
    assert message.type == "message" and message.role == "assistant"
    assert [part.type for part in message.content] == ["output_text"]
    usage = whole.usage
    assert usage.input_tokens > 0 and 0 < usage.output_tokens <= 24
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert usage.input_tokens_details.cached_tokens >= 0

    events = list(client.responses.create(input=QUESTION, stream=True, **same))
    kinds = [event.type for event in events]
    assert [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]] == [
        *EVENTS, f"response.{whole.status}"]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == expected
    done = events[-1].response
    assert done.output_text == expected and done.status == whole.status
    assert done.id == events[0].response.id and events[0].response.status == "in_progress"
    # The same conversation again: its prompt came from the cache.
    assert done.usage.input_tokens_details.cached_tokens > 0


def test_instructions_and_input_items_are_the_conversation(client: OpenAI) -> None:
    expected = chat_answer(client, [{"role": "system", "content": BRIEF},
                                    {"role": "user", "content": QUESTION}], 64)
    items = [{"type": "message", "role": "user",
              "content": [{"type": "input_text", "text": "Name three "},
                          {"type": "input_text", "text": "colours."}]}]
    # The SDK's strict accumulator rebuilds the answer from the events.
    with client.responses.stream(model=STARTER, instructions=BRIEF, input=items,
                                 temperature=0, max_output_tokens=64,
                                 extra_body={"seed": 7}) as stream:
        final = stream.get_final_response()
    assert final.output_text == expected and final.instructions == BRIEF


def test_max_output_tokens_leaves_the_answer_incomplete(client: OpenAI, served: Served) -> None:
    cut = {"model": STARTER, "input": QUESTION, "max_output_tokens": 2,
           "extra_body": {"ignore_eos": True}}
    whole = client.responses.create(**cut)
    assert whole.status == "incomplete"
    assert whole.incomplete_details.reason == "max_output_tokens"
    assert whole.usage.output_tokens == 2 and whole.output[0].status == "incomplete"

    # The raw stream: each event's ``event:`` line names its ``type``; no ``[DONE]``.
    request = urllib.request.Request(served.base_url + "/responses", json.dumps({
        "model": STARTER, "input": QUESTION, "max_output_tokens": 2, "ignore_eos": True,
        "stream": True}).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        blocks = answer.read().decode().strip().split("\n\n")
    events = []
    for block in blocks:
        event_line, data_line = block.split("\n")
        data = json.loads(data_line.removeprefix("data: "))
        assert event_line == f"event: {data['type']}"
        events.append(data)
    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}


def test_text_format_json_schema_is_kept(client: OpenAI) -> None:
    schema = {"type": "object", "properties": {"colour": {"type": "string"}},
              "required": ["colour"], "additionalProperties": False}
    answer = client.responses.create(
        model=STARTER, input="Name a colour as JSON.", temperature=0, max_output_tokens=40,
        text={"format": {"type": "json_schema", "name": "colour", "schema": schema,
                         "strict": True}})
    jsonschema.validate(json.loads(answer.output_text), schema)


ASK = [{"role": "user", "content": "Hi"}]


@pytest.mark.parametrize(("change", "param"), [
    ({"input": []}, "input"),
    ({"input": [{"type": "item_reference", "id": "msg_1"}]}, "input[0].type"),
    ({"input": [{"role": "robot", "content": "Hi"}]}, "input[0].role"),
    ({"input": [{"role": "user", "content": [{"type": "input_image", "image_url": "x"}]}]},
     "input[0].content[0]"),
    ({"input": [*ASK, {"type": "function_call", "name": "f", "arguments": "{}"}]},
     "input[1].call_id"),
    ({"input": [*ASK, {"type": "function_call", "call_id": "c", "name": "f",
                       "arguments": "{"}]}, "input[1].arguments"),
    ({"input": [*ASK, {"type": "function_call_output", "output": "21 C"}]}, "input[1].call_id"),
    ({"previous_response_id": "resp_1"}, "previous_response_id"),
    ({"conversation": "conv_1"}, "conversation"),
    ({"tools": [{"type": "web_search"}]}, "tools[0].type"),
    ({"tools": [{"type": "function"}]}, "tools[0].name"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "name": "nope"}}, "tool_choice"),
    ({"max_output_tokens": 0}, "max_output_tokens"),
    ({"top_logprobs": 21}, "top_logprobs"),
    ({"top_logprobs": -1}, "top_logprobs"),
    ({"include": "message.output_text.logprobs"}, "include"),
    ({"temperature": -1}, "temperature"),
    ({"text": {"format": {"type": "yaml"}}}, "text.format.type"),
    ({"text": {"format": {"type": "json_schema", "name": "x", "schema": "x"}}},
     "text.format.schema"),
])
def test_bad_input_is_a_400_naming_the_param(client: OpenAI, change: dict[str, Any],
                                             param: str) -> None:
    request = {"model": STARTER, "input": "Hi", "max_output_tokens": 2, **change}
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(**request)
    assert caught.value.body["param"] == param
    if param == "previous_response_id":  # as OpenAI answers one it does not hold
        assert caught.value.body["code"] == "previous_response_not_found"
        assert caught.value.body["message"] == "Previous response with id 'resp_1' not found."
    if param == "conversation":
        assert "send the whole conversation" in caught.value.body["message"]


def test_an_unknown_model_is_a_404_and_input_is_required(client: OpenAI,
                                                         served: Served) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.responses.create(model="no/such/model.gguf", input="Hi")
    assert caught.value.body["code"] == "model_not_found"
    request = urllib.request.Request(served.base_url + "/responses", json.dumps(
        {"model": STARTER}).encode(), {"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 400
    assert json.loads(refused.value.read())["error"]["param"] == "input"


def test_a_conversation_continues_from_a_kept_response(client: OpenAI) -> None:
    first = client.responses.create(model=STARTER, instructions=BRIEF, input=QUESTION,
                                    temperature=0, max_output_tokens=12,
                                    extra_body={"seed": 7})
    assert first.store is True and first.previous_response_id is None
    follow = "Name two more."
    second = client.responses.create(model=STARTER, previous_response_id=first.id,
                                     input=follow, temperature=0, max_output_tokens=4,
                                     extra_body={"seed": 7})
    assert second.previous_response_id == first.id and second.instructions is None
    # The prompt was the first turn (its instructions not carried over), then the new input.
    same = client.chat.completions.create(model=STARTER, max_tokens=1, messages=[
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": first.output_text},
        {"role": "user", "content": follow}])
    assert second.usage.input_tokens == same.usage.prompt_tokens
    assert second.usage.input_tokens > first.usage.input_tokens + first.usage.output_tokens - 2

    # A third turn continues the second, and so the first as well.
    third = client.responses.create(model=STARTER, previous_response_id=second.id,
                                    input=[{"role": "user", "content": "Thanks."}],
                                    max_output_tokens=2)
    assert third.usage.input_tokens > second.usage.input_tokens + second.usage.output_tokens
    kept = client.responses.retrieve(second.id)
    assert kept.model_dump() == second.model_dump()


def test_store_false_keeps_nothing_and_delete_forgets(client: OpenAI, served: Served) -> None:
    unkept = client.responses.create(model=STARTER, input="Hi", max_output_tokens=2,
                                     store=False)
    assert unkept.store is False
    with pytest.raises(openai.NotFoundError) as caught:
        client.responses.retrieve(unkept.id)
    assert caught.value.body["param"] == "response_id"
    assert caught.value.body["message"] == f"Response with id '{unkept.id}' not found."
    with pytest.raises(openai.BadRequestError) as refused:
        client.responses.create(model=STARTER, input="Hi", previous_response_id=unkept.id)
    assert refused.value.body["code"] == "previous_response_not_found"

    kept = client.responses.create(model=STARTER, input="Hi", max_output_tokens=2)
    assert client.responses.retrieve(kept.id).id == kept.id
    request = urllib.request.Request(f"{served.base_url}/responses/{kept.id}", method="DELETE")
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert json.loads(answer.read()) == {"id": kept.id, "object": "response",
                                             "deleted": True}
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(kept.id)
    with pytest.raises(openai.NotFoundError) as again:
        client.responses.delete(kept.id)
    assert again.value.body["param"] == "response_id"


def test_logprobs_come_with_the_text_when_included(client: OpenAI) -> None:
    ask = {"model": STARTER, "input": QUESTION, "max_output_tokens": 4, "temperature": 0,
           "extra_body": {"ignore_eos": True, "seed": 7}}
    plain = client.responses.create(**ask)
    assert plain.output[0].content[0].logprobs == []
    include = ["message.output_text.logprobs"]
    whole = client.responses.create(include=include, top_logprobs=2, **ask)
    assert whole.output_text == plain.output_text and whole.top_logprobs == 2
    logprobs = whole.output[0].content[0].logprobs
    assert len(logprobs) == whole.usage.output_tokens == 4
    assert "".join(entry.token for entry in logprobs) == whole.output_text
    for entry in logprobs:
        assert entry.logprob <= 0 and entry.bytes == list(entry.token.encode())
        assert len(entry.top_logprobs) == 2
        assert entry.top_logprobs[0].logprob >= entry.top_logprobs[1].logprob

    # Streamed: each delta with its tokens; the kept response is the one streamed.
    events = list(client.responses.create(include=include, stream=True, **ask))
    deltas = [event for event in events if event.type == "response.output_text.delta"]
    final = events[-1].response  # "response.incomplete": cut at max_output_tokens
    assert all(event.logprobs for event in deltas)
    for event in deltas:
        assert "".join(entry.token for entry in event.logprobs) == event.delta
        assert all(entry.top_logprobs == [] for entry in event.logprobs)
    streamed = final.output[0].content[0].logprobs
    assert [entry.token for entry in streamed] == [entry.token for entry in logprobs]
    assert client.responses.retrieve(final.id).output_text == final.output_text


def test_a_client_that_leaves_mid_stream_is_logged_cancelled(make_server: MakeServer) -> None:
    server = make_server()
    ended = threading.Event()
    server.log.listen(lambda entry: ended.set() if entry.finish == "cancelled" else None)
    client = openai_client(server.base_url)
    stream = client.responses.create(model=STARTER, input="Write a long story.",
                                     max_output_tokens=4000, stream=True,
                                     extra_body={"ignore_eos": True})
    deltas = 0
    for event in stream:
        deltas += event.type == "response.output_text.delta"
        if deltas == 3:
            break
    stream.close()  # the client goes away mid-answer
    assert ended.wait(60)
    entry = next(e for e in server.log.entries() if e.finish == "cancelled")
    assert entry.endpoint == "/v1/responses" and entry.status == 499
    assert entry.completion_tokens < 4000
    # The model is free again at once.
    assert client.responses.create(model=STARTER, input="Hi", max_output_tokens=2).output_text


# -- tools, with the real Qwen ----------------------------------------------------------------

@pytest.fixture(scope="module")
def qwen_client(qwen_home: Path) -> Iterator[OpenAI]:  # noqa: F811 (the fixture imported)
    server = Served(qwen_home)
    yield openai_client(server.base_url)
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@needs_qwen
def test_a_function_tool_is_called_and_its_result_answered(qwen_client: OpenAI) -> None:
    first = qwen_client.responses.create(model=QWEN, input=SEOUL, tools=[WEATHER],
                                         temperature=0, max_output_tokens=48,
                                         extra_body={"seed": 1})
    assert first.status == "completed"
    [call] = [item for item in first.output if item.type == "function_call"]
    assert call.call_id.startswith("call_") and call.name == "get_weather"
    assert "seoul" in json.loads(call.arguments)["city"].lower()

    # Streamed, the call arrives as its own output item, rebuilt by the SDK's accumulator.
    with qwen_client.responses.stream(model=QWEN, input=SEOUL, tools=[WEATHER],
                                      temperature=0, max_output_tokens=48,
                                      extra_body={"seed": 1}) as stream:
        kinds = [event.type for event in stream]
        streamed = stream.get_final_response()
    assert "response.function_call_arguments.done" in kinds
    [again] = [item for item in streamed.output if item.type == "function_call"]
    assert again.name == "get_weather" and json.loads(again.arguments) == json.loads(
        call.arguments)

    follow: list[Any] = [{"role": "user", "content": SEOUL},
                         call.model_dump(exclude_none=True),
                         {"type": "function_call_output", "call_id": call.call_id,
                          "output": "Sunny, 21 degrees Celsius."}]
    answer = qwen_client.responses.create(model=QWEN, input=follow, temperature=0,
                                          max_output_tokens=24, extra_body={"seed": 1})
    assert answer.output_text and [item.type for item in answer.output] == ["message"]
