"""The chat calls tools in the window: the card asks, the call runs on the real MCP test server,
the model answers again, and the calls are kept with the answer.

The model is the scripted runtime (it writes a call, then words); the tools are real: the MCP
test server over stdio, started by the window's ``ToolService``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import psutil
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from app.core.chat.tool_steps import DENIED, DONE, FAILED
from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.config import ToolServer
from app.ui.chat.tool_blocks import tool_link
from app.ui.chat.tool_cards import ToolCard
from app.ui.main_window import MainWindow
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, close_window, send, wait_idle

SERVER = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
ADD = '<tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>'
CRASH = '<tool_call>{"name": "crash", "arguments": {}}</tool_call>'
TIMEOUT = 60_000  # the server starts in a Python process of its own


def tools_window(make_window: MakeWindow, answers: list[str],
                 allowed: dict[str, list[str]] | None = None,
                 client: object = "scripted", takes_tools: bool = True
                 ) -> tuple[MainWindow, FakeRuntime]:
    """A window whose tools are the MCP test server as "calculator"; the model answers
    ``answers`` in turn (``client=None``: the real runtime instead)."""
    fake = FakeRuntime(answers=answers, tokens_per_second=400, takes_tools=takes_tools)
    window = make_window(fake if client == "scripted" else client)
    ToolSettingsStore(window.ctx.paths.tool_servers_file).save(ToolSettings(
        servers=[ToolServer(name="calculator", command=sys.executable, args=(str(SERVER),))],
        always_allowed=allowed or {}))
    return window, fake


def card(window: MainWindow) -> ToolCard | None:
    found = window.tool_flow.card
    return found if found is not None and found.isVisible() else None


def answer_steps(window: MainWindow) -> tuple[str, list]:
    chat = window.chat
    answer = chat.conversation.active_path()[-1]
    return answer.content, chat.store.load_tool_steps(answer.id)


def test_allow_once_runs_the_call_and_the_answer_goes_on(qtbot: QtBot,
                                                         make_window: MakeWindow) -> None:
    window, fake = tools_window(make_window, [f"Let me add. {ADD}", "The answer is 5."])
    send(qtbot, window, "What is 2 + 3?")
    qtbot.waitUntil(lambda: card(window) is not None, timeout=TIMEOUT)
    shown = card(window)
    assert shown is not None
    assert '"a": 2' in shown.arguments.text() and "calculator" in shown.title.text()
    assert shown.allow_once.hasFocus()  # Enter allows, without reaching for the mouse
    assert "<tool_call>" not in window.view.toPlainText()  # the call's text is never shown
    assert fake.requests[0]["tools"][0]["type"] == "function"
    qtbot.mouseClick(shown.allow_once, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, TIMEOUT)
    content, steps = answer_steps(window)
    assert content == "Let me add.\n\nThe answer is 5."
    assert [(s.tool, s.state, s.result) for s in steps] == [("add", DONE, "5")]
    tool_message = [m for m in fake.requests[1]["messages"] if m["role"] == "tool"]
    assert tool_message[0]["content"] == "5"  # the model got the result
    assert card(window) is None
    text = window.view.toPlainText()
    assert "add · calculator" in text and "The answer is 5." in text
    assert "Show result" in text
    window.view.anchorClicked.emit(QUrl(tool_link(window.chat.conversation.active_path()[-1].id,
                                                  0)))  # "Show result" unfolds it
    assert "Hide result" in window.view.toPlainText()
    assert "\n5\n" in window.view.toPlainText()  # the result itself


def test_always_allow_saves_the_choice_and_the_next_call_runs_without_asking(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window, fake = tools_window(make_window, [ADD, "Five.", ADD, "Five again."])
    send(qtbot, window, "2 + 3?")
    qtbot.waitUntil(lambda: card(window) is not None, timeout=TIMEOUT)
    qtbot.mouseClick(card(window).allow_always, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, TIMEOUT)
    saved = ToolSettingsStore(window.ctx.paths.tool_servers_file).load()
    assert saved.is_allowed("calculator", "add")
    asked: list[bool] = []
    window.tool_flow.place_card = lambda c: asked.append(True)
    send(qtbot, window, "And again?")
    wait_idle(qtbot, window, TIMEOUT)
    assert not asked
    content, steps = answer_steps(window)
    assert content == "Five again." and steps[0].state == DONE and len(fake.requests) == 4


def test_deny_tells_the_model_and_the_answer_goes_on(qtbot: QtBot,
                                                     make_window: MakeWindow) -> None:
    window, fake = tools_window(make_window, [ADD, "I may not use the tool, so: 5."])
    send(qtbot, window, "2 + 3?")
    qtbot.waitUntil(lambda: card(window) is not None, timeout=TIMEOUT)
    qtbot.mouseClick(card(window).deny, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, TIMEOUT)
    content, steps = answer_steps(window)
    assert content == "I may not use the tool, so: 5."
    assert steps[0].state == DENIED
    told = [m["content"] for m in fake.requests[1]["messages"] if m["role"] == "tool"]
    assert "denied" in told[0]
    assert "Denied." in window.view.toPlainText()


def test_stop_while_the_card_waits_ends_the_answer(qtbot: QtBot,
                                                   make_window: MakeWindow) -> None:
    window, fake = tools_window(make_window, [f"Adding. {ADD}", "never asked for"])
    send(qtbot, window, "2 + 3?")
    qtbot.waitUntil(lambda: card(window) is not None, timeout=TIMEOUT)
    window.chat.stop()
    wait_idle(qtbot, window, 5_000)
    assert card(window) is None and len(fake.requests) == 1
    content, steps = answer_steps(window)
    assert content == "Adding." and steps[0].reason == "stopped"
    assert "Stopped." in window.view.toPlainText()


def test_a_crashing_tool_shows_an_error_and_the_chat_goes_on(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window, _fake = tools_window(make_window, [CRASH, "unused"], {"calculator": ["crash"]})
    send(qtbot, window, "Crash it.")
    wait_idle(qtbot, window, TIMEOUT)
    _content, steps = answer_steps(window)
    assert steps[0].state == FAILED and steps[0].is_error
    assert "The call failed." in window.view.toPlainText()
    assert not window.chat.busy  # the chat takes the next message


def test_reopened_chats_show_each_versions_calls_and_no_server_outlives_the_window(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window, _fake = tools_window(make_window, [ADD, "The answer is 5."],
                                 {"calculator": ["add"]})
    send(qtbot, window, "2 + 3?")
    wait_idle(qtbot, window, TIMEOUT)
    chat_id = window.chat.summary.id
    servers = [p for p in psutil.Process().children(recursive=True)
               if any("mcp_test_server" in part for part in p.cmdline())]
    assert servers  # the window started the tool server
    answer_id = window.chat.conversation.active_path()[-1].id
    window.chat.new_chat()
    window.chat.open_chat(chat_id)
    assert window.tool_flow.steps[answer_id][0].result == "5"
    assert "add · calculator" in window.view.toPlainText()
    close_window(qtbot, window)
    _gone, alive = psutil.wait_procs(servers, timeout=5)
    assert not alive


def test_a_server_that_does_not_start_is_named_and_the_answer_is_plain(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    fake = FakeRuntime(answers=["Plain words."], tokens_per_second=400)
    window = make_window(fake)
    ToolSettingsStore(window.ctx.paths.tool_servers_file).save(ToolSettings(
        servers=[ToolServer(name="files", command="ondol-no-such-program")]))
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window, TIMEOUT)
    assert "files" in window.status_label.text()
    assert fake.requests[0]["tools"] is None
    assert window.chat.conversation.active_path()[-1].content == "Plain words."


def test_a_model_whose_template_has_no_tools_is_not_offered_them(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window, fake = tools_window(make_window, ["Five."], takes_tools=False)
    send(qtbot, window, "What is 2 + 3?")
    wait_idle(qtbot, window, TIMEOUT)
    assert fake.requests[-1].get("tools") is None  # a plain answer: no list it cannot use
    assert card(window) is None
    assert "Five." in window.view.toPlainText()
    close_window(qtbot, window)
