"""Remote models in the real window: listed in the picker under their connection (an
unreachable one is a greyed row that says so), loaded, answering in the chat with stats, Stop
mid-answer, and a stream the server cuts keeping the partial answer. Against small real HTTP
servers (tests/remote_servers.py); the local model is the scripted runtime."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.remote.names import remote_path
from tests.fake_runtime import FakeRuntime
from tests.remote_servers import MODEL, HostileServer, free_port
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
