"""Remote models in the real window: listed in the picker under their connection (an
unreachable one is a greyed row that says so), loaded, answering in the chat with stats, Stop
mid-answer, a stream the server cuts keeping the partial answer, the top bar naming the remote
model, regenerated versions, and the knobs a server refuses greyed. Against small real HTTP
servers (tests/remote_servers.py); the local model is the scripted runtime."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.errors import RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint
from app.core.remote.names import remote_path
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import SamplingParams
from app.ui.runtime_worker import RuntimeWorker
from app.ui.words.errors import error_text
from tests.fake_runtime import FakeRuntime
from tests.remote_servers import MODEL, TOOL_CALLS, TOOL_TEXT, HostileServer, free_port
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.remote_window import add_connection, load_remote, picker_row

KEY = remote_path("lab", MODEL)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    served = HostileServer()
    yield served
    served.stop()


def test_picker_lists_remote_models_and_an_unreachable_connection(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, server: HostileServer) -> None:
    add_connection("lab", server.base_url)
    add_connection("gone", f"http://127.0.0.1:{free_port()}/v1")
    window = make_window(fake)
    picker = window.model_picker  # type: ignore[attr-defined]
    picker.popup()
    qtbot.waitUntil(lambda: picker_row(window, KEY) is not None
                    and picker_row(window, text="gone: The server") is not None, timeout=30_000)
    tree = picker.list
    remote = tree.topLevelItem(picker_row(window, KEY))
    assert remote.text(2) == "Remote" and "lab" in remote.text(3)
    gone = tree.topLevelItem(picker_row(window, text="gone:"))
    assert "cannot be reached" in gone.text(0)
    assert not gone.flags() & Qt.ItemFlag.ItemIsEnabled  # greyed, cannot be chosen
    picker.search.setText("test-model")  # typing filters remote rows too
    assert picker.visible_rows() == [picker_row(window, KEY)]
    picker.search.setText("lab")  # the connection's name finds its models
    assert picker_row(window, KEY) in picker.visible_rows()
    picker.close()


def test_load_a_remote_model_and_chat_with_it(qtbot: QtBot, make_window: MakeWindow,
                                              fake: FakeRuntime, server: HostileServer) -> None:
    add_connection("lab", server.base_url)
    window = make_window(fake)
    load_remote(qtbot, window, KEY)
    assert fake.loaded is None  # the local model was unloaded
    assert "lab" in window.top_bar.status.text() and "test-model" in window.top_bar.status.text()
    assert not window.params.load_group.isEnabled()  # set by the server
    assert window.params.gauge.maximum() == 4096  # the context length the server states
    send(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    assert answer.content == "Hello" and answer.stats["stop_reason"] == "stop"
    assert answer.stats["generated_tokens"] == 5  # the server's usage
    assert "tok/s" in window.view.toPlainText()
    assert fake.requests == []


def test_stop_ends_a_remote_answer_and_keeps_the_text(qtbot: QtBot, make_window: MakeWindow,
                                                      fake: FakeRuntime) -> None:
    stalled = HostileServer(chat="stall")
    try:
        add_connection("lab", stalled.base_url)
        window = make_window(fake)
        load_remote(qtbot, window, KEY)
        send(qtbot, window, "Hi")
        qtbot.waitUntil(lambda: "first" in window.view.streamed_text, timeout=10_000)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        wait_idle(qtbot, window, timeout=5_000)  # the stalled stream was closed at once
        answer = window.chat.conversation.active_path()[-1]
        assert answer.content == "first" and answer.stats["stop_reason"] == "cancelled"
    finally:
        stalled.stop()


def test_a_cut_stream_keeps_the_partial_answer_marked(qtbot: QtBot, make_window: MakeWindow,
                                                      fake: FakeRuntime) -> None:
    cut = HostileServer(chat="cut")
    try:
        add_connection("lab", cut.base_url)
        window = make_window(fake)
        load_remote(qtbot, window, KEY)
        send(qtbot, window, "Hi")
        wait_idle(qtbot, window)
        answer = window.chat.conversation.active_path()[-1]
        assert answer.content == "ab"
        assert answer.stats["stop_reason"] == "error"
        assert answer.stats["error_facts"]["reason"] == "stream_cut"
        assert "broke off the answer" in window.view.toPlainText()
    finally:
        cut.stop()


def test_the_top_bar_names_the_remote_model_then_the_local_one_again(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, server: HostileServer) -> None:
    add_connection("lab", server.base_url)
    window = make_window(fake)
    bar = window.top_bar
    local = bar.selected()
    assert local is not None and bar.picker.currentIndex() == 0
    load_remote(qtbot, window, KEY)
    assert bar.picker.currentIndex() == -1  # the last local model is no longer shown
    shown = bar.picker.placeholderText()
    assert "test-model" in shown and "remote" in shown and "lab" in shown
    assert bar.showing_remote() and bar.picker.accessibleDescription() == shown
    bar.choose(local)  # back to the local model: the picker shows it
    qtbot.waitUntil(lambda: window.models.ready and window.models.current is not None
                    and not window.models.current.name.startswith("remote:"), timeout=30_000)
    assert bar.picker.currentIndex() == 0 and bar.selected() == local
    assert bar.showing_remote() is None and bar.picker.placeholderText() == ""


def test_regenerate_on_a_remote_model_keeps_versions(qtbot: QtBot, make_window: MakeWindow,
                                                     fake: FakeRuntime,
                                                     server: HostileServer) -> None:
    add_connection("lab", server.base_url)
    window = make_window(fake)
    load_remote(qtbot, window, KEY)
    send(qtbot, window, "Hi")
    wait_idle(qtbot, window)
    first = window.chat.conversation.active_path()[-1]
    window.view.actionRequested.emit("regenerate", first.id)
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    second = conv.active_path()[-1]
    assert second.id != first.id and conv.version_index(second.id) == (2, 2)
    assert second.content == "Hello" and second.stats["stop_reason"] == "stop"
    assert "2/2" in window.view.toPlainText()
    asked = [body for path, _h, body in server.seen
             if path.endswith("/chat/completions") and body and body.get("stream")]
    assert len(asked) == 2 and asked[0]["messages"] == asked[1]["messages"]  # asked again
    window.view.actionRequested.emit("prev", second.id)
    assert window.chat.conversation.active_path()[-1].id == first.id
    assert fake.requests == []


def test_knobs_the_server_refuses_are_greyed_and_not_sent(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime) -> None:
    strict = HostileServer(refuse=("top_k", "min_p"))
    try:
        add_connection("lab", strict.base_url)
        window = make_window(fake)
        panel = window.params
        load_remote(qtbot, window, KEY)
        for name in ("top_k", "min_p"):
            knob = getattr(panel, name)
            assert not knob.isEnabled() and "does not accept" in knob.toolTip()
            assert name in knob.toolTip()  # the server's own reason names the field
        assert panel.repeat_penalty.isEnabled() and panel.temperature.isEnabled()
        send(qtbot, window, "Hi")
        wait_idle(qtbot, window)
        assert window.chat.conversation.active_path()[-1].content == "Hello"
        body = strict.seen[-1][2]
        assert body is not None and "top_k" not in body and "min_p" not in body
        assert "repeat_penalty" in body
        window.top_bar.choose(window.top_bar.models.item(0))  # a local model: all back
        qtbot.waitUntil(lambda: window.models.ready and panel.top_k.isEnabled(),
                        timeout=30_000)
        assert panel.min_p.isEnabled() and "does not accept" not in panel.top_k.toolTip()
    finally:
        strict.stop()


def test_a_server_that_refuses_tools_is_said_in_words() -> None:
    error = RemoteServerError("refused", url="http://gpu:8000/v1", status=400, reason="no_tools")
    text = error_text(error)
    assert "http://gpu:8000/v1" in text and "does not take tools" in text
    assert "--enable-auto-tool-choice" in text


def test_the_worker_hands_on_a_remote_models_calls_before_finished(qapp: object) -> None:
    calling = HostileServer(chat="tool_calls")
    try:
        client = RemoteClient(Endpoint(calling.base_url, None), "lab", probe=False)
        client.load(MODEL)
        worker = RuntimeWorker(client)
        seen: list[tuple[str, object]] = []
        worker.chunk.connect(lambda _job, text: seen.append(("chunk", text)))
        worker.toolCalls.connect(lambda job, calls: seen.append(("toolCalls", (job, calls))))
        worker.finished.connect(lambda _job, done: seen.append(("finished", done.reason)))
        worker.failed.connect(lambda _job, err: seen.append(("failed", err)))
        tools = [{"type": "function", "function": {"name": "add", "parameters": {}}}]
        worker.generate(7, [ChatMessage(role="user", content="2+3?")], SamplingParams(),
                        OverflowPolicy.DROP_OLDEST.value, tools)
        assert seen == [("chunk", TOOL_TEXT), ("toolCalls", (7, TOOL_CALLS)),
                        ("finished", "stop")]
        client.close()
    finally:
        calling.stop()
