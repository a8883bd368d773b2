"""The chat's tool loop with a real model (Qwen2.5-Coder 0.5B) and the real MCP test server
over stdio: a call allowed and answered, a call denied, the step limit, arguments that are
not valid, and a server that crashes mid-call."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.tool_steps import DENIED, DONE, FAILED, INVALID, SKIPPED
from app.core.chat.tool_turn import (
    ENDED_ANSWERED,
    ENDED_INVALID,
    ENDED_SERVER,
    ToolTurn,
    drive,
)
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.tools.config import ToolServer
from app.core.tools.host import ToolHost
from app.core.tools.results import ToolResult, ToolSpec
from app.core.types.chat import ChatMessage
from app.core.types.params import LoadParams, SamplingParams
from tests.conftest import TEST_CACHE
from tests.tools.http_server import mcp_over_http

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
SERVER_FILE = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
ASK = [ChatMessage(role="user", content="What is 2+3? Use the add tool.")]

needs_qwen = pytest.mark.skipif(not QWEN_FILE.is_file(), reason=(
    f"Qwen2.5-Coder 0.5B is not in the test cache ({QWEN_FILE})"))


@pytest.fixture(scope="module")
def host() -> Iterator[ToolHost]:
    tools = ToolHost()
    assert tools.start([ToolServer("calc", sys.executable, (str(SERVER_FILE),))]) == {}
    yield tools
    tools.close()


@pytest.fixture(scope="module")
def qwen() -> Iterator[RuntimeClient]:
    client = RuntimeClient()
    client.start()
    client.load(str(QWEN_FILE), LoadParams(n_ctx=2048, n_threads=2))
    yield client
    client.close()


def _answerer(client: RuntimeClient, rounds: list[list[dict[str, Any]] | None]) -> Any:
    def answer(messages: list[ChatMessage], tools: list[dict[str, Any]] | None) -> str:
        rounds.append(tools)
        events = client.generate(SamplingParams(temperature=0, max_tokens=120),
                                 messages=messages, tools=tools)
        return "".join(e.text for e in events if isinstance(e, ev.Delta))
    return answer


@pytest.fixture(scope="module")
def http_host() -> Iterator[ToolHost]:
    """The same test server, reached over streamable HTTP."""
    with mcp_over_http() as url:
        tools = ToolHost()
        assert tools.start([ToolServer("web", url=url)]) == {}
        yield tools
        tools.close()


def _only(host: ToolHost, *names: str) -> list[Any]:
    return [spec for spec in host.tools() if spec.name in names]


@needs_qwen
def test_an_allowed_call_gets_its_result_and_the_answer_goes_on(
        qwen: RuntimeClient, host: ToolHost) -> None:
    rounds: list[Any] = []
    asked: list[str] = []
    turn = drive(ToolTurn(ASK, _only(host, "add", "multiply"), max_steps=4),
                 _answerer(qwen, rounds), lambda step: asked.append(step.name) or True,
                 lambda server, tool, args: host.call(server, tool, args, timeout=20))
    assert asked and asked[0] == "add"
    first = turn.steps[0]
    assert (first.server, first.state, first.result.strip()) == ("calc", DONE, "5")
    assert turn.ended == ENDED_ANSWERED and len(rounds) >= 2
    assert "5" in turn.text  # the model read the result and answered with it
    tool_messages = [m for m in turn.messages if m["role"] == "tool"]
    assert tool_messages[0]["tool_call_id"] == first.call_id


@needs_qwen
def test_a_denied_call_is_not_run_and_the_model_is_told(qwen: RuntimeClient,
                                                         host: ToolHost) -> None:
    ran: list[str] = []
    turn = drive(ToolTurn(ASK, _only(host, "add"), max_steps=4), _answerer(qwen, []),
                 lambda _step: False, lambda *a: ran.append(a[1]) or ToolResult("5"))
    assert not ran and turn.steps and turn.steps[0].state == DENIED
    assert any("denied" in m["content"] for m in turn.messages if m["role"] == "tool")
    assert turn.ended == ENDED_ANSWERED


def test_the_step_limit_withholds_the_tools() -> None:
    turn = ToolTurn(ASK, [_spec("add")], max_steps=2)
    calls = "".join(f'<tool_call>{{"name": "add", "arguments": {{"a": {i}, "b": 1}}}}'
                    "</tool_call>" for i in range(3))
    rounds: list[Any] = []
    answers = iter([calls, "Done."])
    drive(turn, lambda _m, tools: rounds.append(tools) or next(answers), lambda _s: True,
          lambda *_a: ToolResult("ok"))
    assert [s.state for s in turn.steps] == [DONE, DONE, SKIPPED]
    assert rounds[0] is not None and rounds[1] is None  # the second round answers in words
    assert turn.text == "Done." and turn.ended == ENDED_ANSWERED


def test_invalid_arguments_are_told_once_then_the_answer_ends() -> None:
    bad = '<tool_call>{"name": "add", "arguments": {"a": "two"}}</tool_call>'
    answers = iter([bad, bad, "never asked"])
    turn = drive(ToolTurn(ASK, [_spec("add")], max_steps=5), lambda _m, _t: next(answers),
                 lambda _s: True, lambda *_a: ToolResult("ok"))
    assert [s.state for s in turn.steps] == [INVALID, FAILED]
    told = [m["content"] for m in turn.messages if m["role"] == "tool"]
    assert "Invalid arguments for the tool add" in told[0]
    assert turn.ended == ENDED_INVALID


def test_a_repeated_call_is_answered_again_without_tools() -> None:
    call = '<tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>'
    rounds: list[Any] = []
    answers = iter([call, call, "It is 5."])
    turn = drive(ToolTurn(ASK, [_spec("add")], max_steps=5),
                 lambda _m, tools: rounds.append(tools) or next(answers), lambda _s: True,
                 lambda *_a: ToolResult("5"))
    assert len(turn.steps) == 1 and rounds[2] is None and turn.text == "It is 5."


def test_a_crashing_server_ends_the_answer_with_an_error_step(host: ToolHost) -> None:
    answers = iter(['<tool_call>{"name": "crash", "arguments": {}}</tool_call>', "no"])
    turn = drive(ToolTurn(ASK, _only(host, "crash", "add"), max_steps=3),
                 lambda _m, _t: next(answers), lambda _s: True,
                 lambda server, tool, args: host.call(server, tool, args, timeout=20))
    step = turn.steps[0]
    assert (step.state, step.is_error, step.reason) == (FAILED, True, "server_crashed")
    assert turn.ended == ENDED_SERVER
    host.restart("calc")  # the other tests' server comes back
    assert host.call("calc", "add", {"a": 1, "b": 1}).text.strip() == "2"


def _spec(name: str) -> ToolSpec:
    return ToolSpec("calc", name, "Add two numbers.",
                    {"type": "object", "properties": {"a": {"type": "integer"},
                                                      "b": {"type": "integer"}},
                     "required": ["a", "b"]})


@needs_qwen
def test_a_call_over_http_gets_its_result_too(qwen: RuntimeClient, http_host: ToolHost) -> None:
    rounds: list[Any] = []
    turn = drive(ToolTurn(ASK, _only(http_host, "add", "multiply"), max_steps=4),
                 _answerer(qwen, rounds), lambda step: True,
                 lambda server, tool, args: http_host.call(server, tool, args, timeout=20))
    first = turn.steps[0]
    assert (first.server, first.name, first.state, first.result.strip()) == (
        "web", "add", DONE, "5")
    assert turn.ended == ENDED_ANSWERED and len(rounds) >= 2
