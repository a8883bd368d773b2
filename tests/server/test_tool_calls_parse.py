"""Tool calls read out of answer text, in every form models write them, and text that is not
a call left alone."""

from __future__ import annotations

import itertools
import json

import pytest

from app.core.tools.calls import CallStream, parse_tool_calls

NAMES = ("get_weather", "get_time")
WEATHER = {"city": "Seoul"}


def ids() -> object:
    counter = itertools.count(1)
    return lambda: f"call_{next(counter)}"


def calls_of(text: str, names: tuple[str, ...] = NAMES) -> list[tuple[str, dict]]:
    parsed = parse_tool_calls(text, names, ids())
    return [(c.name, json.loads(c.arguments)) for c in parsed.calls]


@pytest.mark.parametrize("text", [
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Seoul"}}\n</tool_call>',
    '<tool_call>{"name": "get_weather", "arguments": {"city": "Seoul"}}',  # turn ended early
    '<tool_call>\n```json\n{"name": "get_weather", "arguments": {"city": "Seoul"}}\n```\n'
    '</tool_call>',
    '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Seoul"}}]',
    '[TOOL_CALLS]get_weather[ARGS]{"city": "Seoul"}',
    '{"name": "get_weather", "parameters": {"city": "Seoul"}}',  # Llama 3
    '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Seoul"}}',
    '<function=get_weather>{"city": "Seoul"}</function>',
    '```json\n{"name": "get_weather", "arguments": {"city": "Seoul"}}\n```',
    '```\n{"name": "get_weather", "arguments": {"city": "Seoul"}}\n```',
    '{"name": "get_weather", "arguments": "{\\"city\\": \\"Seoul\\"}"}',  # arguments as text
    '{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Seoul"}}}',
    # Qwen2.5-Coder-1.5B doubles the braces; the stray ones are not text.
    '{{"name": "get_weather", "arguments": {"city": "Seoul"}}}',
])
def test_every_form_is_one_call(text: str) -> None:
    parsed = parse_tool_calls(text, NAMES, ids())
    assert [(c.name, json.loads(c.arguments)) for c in parsed.calls] == [("get_weather",
                                                                          WEATHER)]
    assert parsed.content is None
    assert parsed.calls[0].id == "call_1"
    assert parsed.calls[0].to_openai()["type"] == "function"


def test_several_calls_and_the_text_around_them() -> None:
    text = ('Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Seoul"}}'
            '\n</tool_call>\n<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>')
    parsed = parse_tool_calls(text, NAMES, ids())
    assert [c.name for c in parsed.calls] == ["get_weather", "get_time"]
    assert [c.id for c in parsed.calls] == ["call_1", "call_2"]
    assert parsed.content == "Let me check."
    assert calls_of('[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Seoul"}}, '
                    '{"name": "get_time", "arguments": {}}]') == [
        ("get_weather", WEATHER), ("get_time", {})]
    assert calls_of('[{"name": "get_weather", "arguments": {"city": "Seoul"}}]') == [
        ("get_weather", WEATHER)]
    fenced = parse_tool_calls('Sure:\n```json\n{"name": "get_weather", "arguments": '
                              '{"city": "Seoul"}}\n```\nDone.', NAMES, ids())
    assert fenced.content == "Sure:\n\nDone." and len(fenced.calls) == 1


def test_a_tagged_call_needs_no_arguments_and_may_name_any_function() -> None:
    assert calls_of('<tool_call>{"name": "get_time"}</tool_call>') == [("get_time", {})]
    assert calls_of('<tool_call>{"name": "other", "arguments": {}}</tool_call>') == [
        ("other", {})]


@pytest.mark.parametrize("text", [
    "The weather in Seoul is sunny.",
    "",
    '{"city": "Seoul"}',  # JSON without a name
    '{"name": "get_weather"}',  # bare JSON without arguments
    '{"name": "get_weather", "arguments": [1, 2]}',  # arguments not an object
    '{"name": "send_mail", "arguments": {}}',  # bare JSON naming no offered tool
    '```json\n{"answer": 42}\n```',
    '```python\nprint({"name": "get_weather", "arguments": {}})\n```',
    "<tool_call>not json</tool_call>",
    '<tool_call>{"arguments": {}}</tool_call>',
    "[TOOL_CALLS] nothing here",
    "Use {braces} and [{brackets}] freely.",
])
def test_what_is_not_a_call_stays_text(text: str) -> None:
    parsed = parse_tool_calls(text, NAMES, ids())
    assert parsed.calls == []
    assert parsed.content == text


def test_without_offered_names_bare_json_is_text() -> None:
    text = '{"name": "get_weather", "arguments": {"city": "Seoul"}}'
    assert parse_tool_calls(text, (), ids()).calls == []


def stream(pieces: list[str]) -> tuple[str, object]:
    splitter = CallStream(NAMES)
    sent = "".join(splitter.feed(piece) for piece in pieces)
    return sent, splitter.finish(ids())


def test_a_stream_sends_text_before_a_call_and_holds_the_call() -> None:
    text = 'Checking now. <tool_call>\n{"name": "get_weather", "arguments": {"city": "Seoul"}}'
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
    sent, parsed = stream(pieces)
    assert sent == "Checking now. "
    assert [c.name for c in parsed.calls] == ["get_weather"] and parsed.content is None


def test_a_stream_of_plain_text_goes_out_whole() -> None:
    text = "Seoul is the capital of Korea. It has four seasons."
    sent, parsed = stream([text[i:i + 2] for i in range(0, len(text), 2)])
    assert sent + (parsed.content or "") == text
    assert parsed.calls == []


def test_a_stream_holds_only_what_may_start_a_call() -> None:
    splitter = CallStream(NAMES)
    assert splitter.feed("Hello <tool") == "Hello "
    # "<tool" may have begun a tag; it was not one, and goes out with what followed.
    assert splitter.feed("tip> ok") == "<tooltip> ok"
    assert splitter.feed(' then {"a": 1} and more') == " then "
    assert splitter.finish(ids()).content == '{"a": 1} and more'
    other = CallStream(NAMES)
    assert other.feed("a < b") == "a < b"
    assert other.feed("```") == ""
    parsed = other.finish(ids())
    assert parsed.calls == [] and parsed.content == "```"
