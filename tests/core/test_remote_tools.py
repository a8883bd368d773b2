"""Remote models call tools: the tools go out with the request, the calls streamed in pieces come
back whole as one ``ToolCalls`` event, a server that refuses tools says so, the tool turn takes
calls as given (with the same rules as parsed ones), and the results go back in OpenAI's shape.
Against a scripted server (tests/remote_servers.py), and ``ondol serve`` with the real
Qwen2.5-Coder 0.5B calling the real MCP test server's ``add``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.tool_steps import DONE, FAILED, INVALID, SKIPPED
from app.core.chat.tool_turn import ENDED_ANSWERED, ENDED_INVALID, ToolTurn, drive
from app.core.errors import RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint
from app.core.remote.request import wire_messages
from app.core.runtime import events as ev
from app.core.tools.config import ToolServer
from app.core.tools.host import ToolHost
from app.core.tools.results import ToolResult, ToolSpec
from app.core.types.chat import ChatMessage
from app.core.types.params import SamplingParams
from tests.conftest import TEST_CACHE
from tests.remote_servers import MODEL, TOOL_CALLS, TOOL_TEXT, HostileServer
from tests.server.conftest import Served

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN = f"Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/{QWEN_FILE.name}"
SERVER_FILE = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
ASK = [ChatMessage(role="user", content="What is 2+3? Use the add tool.")]
NUMBERS = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
           "required": ["a", "b"]}
SPECS = [ToolSpec("calc", "add", "Add two whole numbers.", NUMBERS),
         ToolSpec("calc", "now", "The time.", {"type": "object", "properties": {}})]

needs_qwen = pytest.mark.skipif(not QWEN_FILE.is_file(), reason=(
    f"Qwen2.5-Coder 0.5B is not in the test cache ({QWEN_FILE})"))


def _client(server: HostileServer) -> RemoteClient:
    client = RemoteClient(Endpoint(server.base_url, None), "lab", probe=False)
    client.load(MODEL)
    return client


def _round(client: RemoteClient, sampling: SamplingParams | None = None) -> Any:
    """One round as ``drive`` wants it: (text, calls), from the client's events."""
    def answer(messages: list[ChatMessage], tools: list[dict[str, Any]] | None) -> Any:
        events = list(client.generate(sampling or SamplingParams(), messages=messages,
                                      tools=tools))
        calls = [e.calls for e in events if isinstance(e, ev.ToolCalls)]
        return "".join(e.text for e in events if isinstance(e, ev.Delta)), \
            calls[0] if calls else ()
    return answer


@pytest.fixture
def server() -> Iterator[HostileServer]:
    served = HostileServer(chat="tool_calls")
    yield served
    served.stop()


def test_streamed_calls_come_whole_before_done(server: HostileServer) -> None:
    client = _client(server)
    tools = [{"type": "function", "function": {"name": "add", "parameters": NUMBERS}}]
    events = list(client.generate(SamplingParams(), messages=ASK, tools=tools))
    kinds = [type(e).__name__ for e in events]
    assert kinds[-2:] == ["ToolCalls", "Done"]
    assert events[-2].calls == TOOL_CALLS  # id, name and the arguments' pieces joined
    assert "".join(e.text for e in events if isinstance(e, ev.Delta)) == TOOL_TEXT
    assert events[-1].reason == "stop"
    assert server.seen[-1][2]["tools"] == tools
    plain = list(client.generate(SamplingParams(), messages=ASK))  # no tools: none sent
    assert "tools" not in server.seen[-1][2]
    assert not any(isinstance(e, ev.ToolCalls) for e in plain)
    client.close()


@pytest.mark.parametrize("server_kind", ["refuse", "vllm"])
def test_a_server_that_refuses_tools_says_so(server_kind: str) -> None:
    refusing = HostileServer(refuse=("tools",)) if server_kind == "refuse" else \
        HostileServer(chat="no_tools_vllm")
    try:
        client = _client(refusing)
        tools = [{"type": "function", "function": {"name": "add", "parameters": NUMBERS}}]
        with pytest.raises(RemoteServerError) as caught:
            list(client.generate(SamplingParams(), messages=ASK, tools=tools))
        assert caught.value.facts["reason"] == "no_tools"
        assert caught.value.facts["url"] == refusing.base_url
        # Without tools the same server answers.
        text = "".join(e.text for e in client.generate(SamplingParams(), messages=ASK)
                       if isinstance(e, ev.Delta))
        assert text == "Hello"
        client.close()
    finally:
        refusing.stop()


def test_a_turn_over_a_remote_model_sends_results_in_openai_shape(
        server: HostileServer) -> None:
    client = _client(server)
    ran: list[tuple[str, dict[str, Any]]] = []
    turn = drive(ToolTurn(ASK, SPECS, max_steps=4), _round(client), lambda _s: True,
                 lambda _server, tool, args: ran.append((tool, args)) or ToolResult(
                     "5" if tool == "add" else "noon"))
    assert ran == [("add", {"a": 2, "b": 3}), ("now", {})]
    assert [s.state for s in turn.steps] == [DONE, DONE]
    assert turn.ended == ENDED_ANSWERED and turn.text == f"{TOOL_TEXT}\n\nHello"
    sent = server.seen[-1][2]["messages"]  # the second round's request
    assert sent[1] == {"role": "assistant", "content": TOOL_TEXT, "tool_calls": [
        {"id": "call_add", "type": "function",
         "function": {"name": "add", "arguments": '{"a": 2, "b": 3}'}},
        {"id": "call_now", "type": "function", "function": {"name": "now", "arguments": "{}"}}]}
    assert [(m["role"], m["tool_call_id"], m["content"]) for m in sent[2:]] == [
        ("tool", "call_add", "5"), ("tool", "call_now", "noon")]
    client.close()


def test_given_calls_keep_the_rules() -> None:
    # Invalid arguments are told once; the second time the answer ends.
    turn = ToolTurn(ASK, SPECS, max_steps=5)
    first = turn.end_round("", [("c1", "add", '{"a": "two"}')])
    assert first[0].state == INVALID and turn.ended is None and turn.next_round()
    second = turn.end_round("", [("c2", "add", "{not json")])
    assert second[0].state == FAILED and turn.ended == ENDED_INVALID
    # Past the step limit calls are skipped and the tools withheld.
    limited = ToolTurn(ASK, SPECS, max_steps=1)
    steps = limited.end_round("", [("c1", "now", "{}"), ("c2", "now", "{}")])
    assert [s.state for s in steps][1] == SKIPPED and limited.offered() is None
    # A repeat of an answered call: dropped, the model answers again without tools.
    again = ToolTurn(ASK, SPECS, max_steps=5)
    (step,) = again.end_round("", [("c1", "add", '{"a": 2, "b": 3}')])
    again.allow(step)
    again.finish_call(step, ToolResult("5"))
    assert again.end_round("", [("c9", "add", '{"b": 3, "a": 2}')]) == []
    assert again.offered() is None and again.ended is None
    # Given calls are used as given: no parsing of the text next to them.
    plain = ToolTurn(ASK, SPECS, max_steps=5)
    text = '<tool_call>{"name": "now", "arguments": {}}</tool_call>'
    (only,) = plain.end_round(text, [("c1", "add", '{"a": 1, "b": 1}')])
    assert only.name == "add" and plain.messages[-1]["content"] == text


def test_wire_messages_keep_text_arguments_and_ids() -> None:
    turn = ToolTurn(ASK, SPECS, max_steps=3)
    (step,) = turn.end_round("", [("c1", "add", '{"a": 2, "b": 3}')])
    turn.allow(step)
    turn.finish_call(step, ToolResult("5"))
    wired = wire_messages(turn.messages)
    assert json.loads(wired[1]["tool_calls"][0]["function"]["arguments"]) == {"a": 2, "b": 3}
    assert wired[2] == {"role": "tool", "content": "5", "tool_call_id": "c1", "name": "add"}


# -- the real thing: ``ondol serve`` with Qwen, the MCP test server's add --------------------

@pytest.fixture(scope="module")
def qwen_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("remote-tools-home")
    folder = home / "data" / "models" / Path(QWEN).parent
    folder.mkdir(parents=True)
    (folder / QWEN_FILE.name).symlink_to(QWEN_FILE)
    server = Served(home)
    yield server
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err


@needs_qwen
def test_qwen_on_ondol_serve_calls_the_real_add_tool(qwen_served: Served) -> None:
    client = RemoteClient(Endpoint(qwen_served.base_url, None), "ondol", probe=False)
    client.load(QWEN)
    host = ToolHost()
    rounds: list[tuple[list[ChatMessage], Any]] = []
    inner = _round(client, SamplingParams(temperature=0, seed=1, max_tokens=64))

    def answer(messages: list[ChatMessage], tools: list[dict[str, Any]] | None) -> Any:
        rounds.append((list(messages), tools))
        return inner(messages, tools)

    try:
        assert host.start([ToolServer("calc", sys.executable, (str(SERVER_FILE),))]) == {}
        specs = [spec for spec in host.tools() if spec.name == "add"]
        # One call allowed: the round after it has no tools, so the model answers in words
        # (the 0.5B keeps calling while tools are offered).
        turn = drive(ToolTurn(ASK, specs, max_steps=1), answer, lambda _s: True, host.call)
    finally:
        host.close()
        client.close()
    (step,) = turn.steps  # the server streamed the call as tool_calls, taken as given
    assert step.name == "add" and step.state == DONE and step.result == "5"
    assert json.loads(step.arguments) == {"a": 2, "b": 3}
    assert len(rounds) == 2 and rounds[1][1] is None
    sent_back = rounds[1][0][-1]  # the result went back to the server with the call's id
    assert sent_back["role"] == "tool" and sent_back["tool_call_id"] == step.call_id
    assert sent_back["content"] == "5"
    assert turn.ended == ENDED_ANSWERED and turn.text.strip()  # the answer went on
