"""``tools`` and ``tool_choice`` on chat completions: the template offers the tools, calls come
back as ``tool_calls`` (streamed as OpenAI streams them), tool results render, and every bad
input is a 400 naming its field. The real Qwen2.5-Coder-0.5B-Instruct, through the official
``openai`` client against ``ondol serve``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from openai import OpenAI

from app.core.backends.chat_template import ChatTemplate, TemplateChoice, template_for
from app.core.formats.gguf_reader import read_gguf_metadata
from app.server.openai_schema import ChatCompletionRequest
from app.server.tools import call_schema, offer_for
from tests.conftest import TEST_CACHE
from tests.server.conftest import STARTER, Served, openai_client

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN = f"Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/{QWEN_FILE.name}"
BIG_FILE = QWEN_FILE.with_name("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
BIG = f"Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/{BIG_FILE.name}"
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
CLOCK = {"type": "function", "function": {"name": "get_time", "parameters": {
    "type": "object", "properties": {}}}}
ASK = [{"role": "user", "content": "What is the weather in Seoul?"}]
needs_qwen = pytest.mark.skipif(not QWEN_FILE.is_file(), reason=(
    f"{QWEN_FILE} is absent (bash scripts/get_test_models.sh puts it there; scripts/test.sh "
    "runs it)"))
needs_big = pytest.mark.skipif(not BIG_FILE.is_file(), reason=(
    f"{BIG_FILE} is absent (bash scripts/get_test_models.sh puts it there)"))


def body(**fields: Any) -> ChatCompletionRequest:
    return ChatCompletionRequest(model="m", messages=ASK, **fields)


# -- what the template is offered ------------------------------------------------------------

def test_tool_choice_decides_what_is_offered_and_parsed() -> None:
    call = '{"name": "get_weather", "arguments": {"city": "Seoul"}}'
    auto = offer_for(body(tools=[WEATHER, CLOCK]))
    assert auto.names == ("get_weather", "get_time") and not auto.required
    assert [c.name for c in auto.parse(call).calls] == ["get_weather"]
    none = offer_for(body(tools=[WEATHER], tool_choice="none"))
    assert none.tools == () and none.stream() is None
    assert none.parse(call).calls == [] and none.parse(call).content == call
    assert offer_for(body()).tools == () and offer_for(body(tools=[])).tools == ()
    required = offer_for(body(tools=[WEATHER, CLOCK], tool_choice="required"))
    assert required.required and len(required.tools) == 2
    named = offer_for(body(tools=[WEATHER, CLOCK], tool_choice={
        "type": "function", "function": {"name": "get_time"}}))
    assert named.names == ("get_time",) and named.required


def test_a_required_call_is_held_to_its_schema() -> None:
    named = offer_for(body(tools=[WEATHER], tool_choice="required"))
    schema = call_schema(named)
    assert schema["properties"]["name"] == {"const": "get_weather"}
    assert schema["properties"]["arguments"] == WEATHER["function"]["parameters"]
    assert call_schema(offer_for(body(tools=[WEATHER, CLOCK], tool_choice="required"))
                       )["anyOf"][1]["properties"]["name"] == {"const": "get_time"}
    from app.core.types.params import SamplingParams
    assert named.constrain(SamplingParams()).json_schema == schema
    assert offer_for(body(tools=[WEATHER])).constrain(SamplingParams()).json_schema is None


@needs_qwen
def test_the_qwen_template_renders_tools_calls_and_results() -> None:
    template = template_for(read_gguf_metadata(QWEN_FILE))
    prompt = template.render([*ASK, {"role": "assistant", "content": "", "tool_calls": [{
        "id": "call_1", "type": "function",
        "function": {"name": "get_weather", "arguments": {"city": "Seoul"}}}]},
        {"role": "tool", "content": "Sunny, 21 C", "tool_call_id": "call_1"}],
        tools=[WEATHER])
    assert '<tools>\n{"type": "function", "function": {"name": "get_weather"' in prompt
    assert ('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Seoul"}}\n'
            '</tool_call><|im_end|>') in prompt
    assert "<|im_start|>user\n<tool_response>\nSunny, 21 C\n</tool_response><|im_end|>" in prompt
    assert "<tools>" not in template.render(ASK)


def test_a_template_without_tools_gets_them_in_the_system_prompt() -> None:
    template = ChatTemplate(TemplateChoice("fallback:chatml", "", (
        "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}{% endfor %}")))
    assert not template.takes_tools
    prompt = template.render(ASK, tools=[WEATHER])
    assert prompt.startswith("<system>You may call one or more functions")
    assert '"name": "get_weather"' in prompt and "<tool_call>" in prompt
    with_system = template.render([{"role": "system", "content": "Be brief."}, *ASK],
                                  tools=[WEATHER])
    assert with_system.startswith("<system>Be brief.\n\nYou may call")
    assert template.render(ASK) == "<user>What is the weather in Seoul?"


# -- bad input, through the real server ------------------------------------------------------

@pytest.fixture(scope="module")
def qwen_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("tools-home")
    for name, file in ((QWEN, QWEN_FILE), (BIG, BIG_FILE)):
        if file.is_file():
            folder = home / "data" / "models" / Path(name).parent
            folder.mkdir(parents=True)
            (folder / file.name).symlink_to(file)
    return home


@pytest.fixture(scope="module")
def qwen_client(qwen_home: Path) -> Iterator[OpenAI]:
    server = Served(qwen_home)
    yield openai_client(server.base_url)
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@pytest.mark.parametrize(("fields", "param"), [
    ({"tools": [{"type": "retrieval"}]}, "tools[0].type"),
    ({"tools": [{"type": "function", "function": {"description": "x"}}]},
     "tools[0].function.name"),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": "x"}}]},
     "tools[0].function.parameters"),
    ({"tool_choice": "required"}, "tool_choice"),
    ({"tools": [WEATHER], "tool_choice": "sometimes"}, "tool_choice"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "function": {"name": "nope"}}},
     "tool_choice"),
    ({"messages": [*ASK, {"role": "tool", "content": "21 C"}]}, "messages[1].tool_call_id"),
    ({"messages": [*ASK, {"role": "assistant", "tool_calls": [{"type": "function"}]}]},
     "messages[1].tool_calls[0]"),
    ({"messages": [*ASK, {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                                               "function": {"name": "f",
                                                                            "arguments": "{"}}]}]},
     "messages[1].tool_calls[0].function.arguments"),
])
def test_bad_tool_input_is_a_400_naming_the_field(qwen_client: OpenAI, fields: dict[str, Any],
                                                  param: str) -> None:
    request = {"model": STARTER, "messages": ASK, "max_tokens": 4, **fields}
    with pytest.raises(openai.BadRequestError) as caught:
        qwen_client.chat.completions.create(**request)
    assert caught.value.body["param"] == param


def test_without_tools_an_answer_is_never_a_call(qwen_client: OpenAI) -> None:
    answer = qwen_client.chat.completions.create(
        model=STARTER, messages=[{"role": "user", "content": "Write the JSON object "
                                  '{"name": "get_weather", "arguments": {"city": "Seoul"}}'}],
        temperature=0, seed=1, max_tokens=24)
    assert answer.choices[0].message.tool_calls is None
    assert answer.choices[0].finish_reason in ("stop", "length")


# -- the real Qwen ---------------------------------------------------------------------------

def seoul_call(call: Any) -> None:
    assert call.type == "function" and call.id.startswith("call_")
    assert call.function.name == "get_weather"
    assert "seoul" in json.loads(call.function.arguments)["city"].lower()


@needs_qwen
def test_qwen_calls_a_tool_and_reads_its_result(qwen_client: OpenAI) -> None:
    first = qwen_client.chat.completions.create(model=QWEN, messages=ASK, tools=[WEATHER],
                                                temperature=0, seed=1, max_tokens=48)
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None and len(choice.message.tool_calls) == 1
    call = choice.message.tool_calls[0]
    seoul_call(call)

    follow = [*ASK, {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
              {"role": "tool", "tool_call_id": call.id, "content": "Sunny, 21 degrees Celsius."}]
    # Without tools offered, the result is answered in words (and nothing is parsed).
    answer = qwen_client.chat.completions.create(model=QWEN, messages=follow, temperature=0,
                                                 seed=1, max_tokens=24)
    assert answer.choices[0].message.tool_calls is None
    assert answer.choices[0].message.content
    # With tools still offered the 0.5B repeats its call even when asked again without
    # them; the request is taken whole.
    again = qwen_client.chat.completions.create(model=QWEN, messages=follow, tools=[WEATHER],
                                                temperature=0, seed=1, max_tokens=48)
    assert again.choices[0].finish_reason in ("stop", "tool_calls", "length")


@needs_big
@pytest.mark.parametrize("stream", [False, True])
def test_a_tool_result_is_answered_in_words_with_the_tools_still_offered(
        qwen_client: OpenAI, stream: bool) -> None:
    """Agents offer the tools on every turn; the 1.5B would call again, word for word, and an
    agent would loop. The repeat is not a new call: the model answers from the result."""
    call = {"id": "call_1", "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Seoul"}'}}
    follow = [*ASK, {"role": "assistant", "content": None, "tool_calls": [call]},
              {"role": "tool", "tool_call_id": "call_1",
               "content": '{"city": "Seoul", "weather": "sunny", "temperature_c": 21}'}]
    request = {"model": BIG, "messages": follow, "tools": [WEATHER], "temperature": 0,
               "seed": 1, "max_tokens": 40}
    if stream:
        chunks = list(qwen_client.chat.completions.create(**request, stream=True))
        deltas = [c.choices[0].delta for c in chunks if c.choices]
        assert not any(d.tool_calls for d in deltas)
        text = "".join(d.content or "" for d in deltas)
        finish = chunks[-1].choices[0].finish_reason
    else:
        answer = qwen_client.chat.completions.create(**request)
        assert answer.choices[0].message.tool_calls is None
        text, finish = answer.choices[0].message.content, answer.choices[0].finish_reason
    assert finish == "stop" and "21" in text and "sunny" in text.lower()
    assert "{" not in text  # nothing of the dropped call is left in the words


@needs_qwen
def test_qwen_streams_a_tool_call_as_deltas(qwen_client: OpenAI) -> None:
    chunks = list(qwen_client.chat.completions.create(
        model=QWEN, messages=ASK, tools=[WEATHER], temperature=0, seed=1, max_tokens=48,
        stream=True))
    deltas = [c.choices[0].delta for c in chunks if c.choices]
    calls = [d.tool_calls[0] for d in deltas if d.tool_calls]
    assert calls[0].id and calls[0].function.name == "get_weather" and calls[0].index == 0
    assert all(c.index == 0 for c in calls)
    arguments = "".join(c.function.arguments or "" for c in calls)
    assert "seoul" in json.loads(arguments)["city"].lower()
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


@needs_qwen
def test_a_required_tool_is_always_called(qwen_client: OpenAI) -> None:
    answer = qwen_client.chat.completions.create(
        model=QWEN, messages=[{"role": "user", "content": "Say hello."}],
        tools=[WEATHER, CLOCK], tool_choice={"type": "function",
                                             "function": {"name": "get_weather"}},
        temperature=0, seed=1, max_tokens=48)
    assert answer.choices[0].finish_reason == "tool_calls"
    call = answer.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert isinstance(json.loads(call.function.arguments)["city"], str)
