"""The Server page: switched on, a real request to the real starter model shows in its log;
switched off, the port is closed; a taken port or a missing key is said in a sentence and the
switch goes back to off; its settings are kept between runs (and older files still load)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.errors import InvalidParameterError
from app.core.settings.paths import AppPaths
from app.core.settings.settings import (
    SERVER_PORT,
    Settings,
    SettingsStore,
    check_server_value,
    settings_from_dict,
)
from app.ui.main_window import MainWindow
from app.ui.server_controller import OFF, ON
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def call(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as answer:
        return json.loads(answer.read())


def open_page(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.sidebar.server_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.server_page


def switch(qtbot: QtBot, window: MainWindow, state: str) -> None:
    qtbot.mouseClick(window.server_page.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.server.state == state, timeout=60_000)


def test_a_real_request_shows_in_the_log_and_off_closes_the_port(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())  # the window's own chat is not what is tested here
    window.ctx.ensure_starter_model()
    page, port = window.server_page, free_port()
    open_page(qtbot, window)
    page.port.setValue(port)
    assert page.address.text() == f"http://127.0.0.1:{port}/v1"

    switch(qtbot, window, ON)
    assert page.switch.isChecked() and not page.port.isEnabled()
    base = page.address.text()
    assert base == f"http://127.0.0.1:{port}/v1"
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == base

    model = call(f"{base}/models")["data"][0]["id"]
    answer = call(f"{base}/chat/completions", {
        "model": model, "max_tokens": 8, "temperature": 0,
        "messages": [{"role": "user", "content": "Say hello."}]})
    usage = answer["usage"]
    qtbot.waitUntil(lambda: page.log.rowCount() == 1, timeout=10_000)
    row = [page.log.item(0, c).text() for c in range(page.log.columnCount())]
    assert row[1] == "/v1/chat/completions" and model.endswith("/" + row[2])
    assert page.log.item(0, 2).toolTip() == model  # the file name shown, the whole name told
    assert row[3] == str(usage["prompt_tokens"]) and row[4] == str(usage["completion_tokens"])
    assert row[6].startswith("200")
    # The model the request loaded, and its memory.
    qtbot.waitUntil(lambda: page.loaded.rowCount() == 1, timeout=5_000)
    assert page.loaded.item(0, 0).text() == model and page.loaded.item(0, 1).text()
    assert page.loaded.item(0, 2).text() == ""  # the server's own copy, not the window's
    assert page.no_models.isHidden()

    switch(qtbot, window, OFF)
    assert not page.switch.isChecked() and page.port.isEnabled()
    assert not port_open(port)
    assert page.loaded.rowCount() == 0 and not page.no_models.isHidden()


def test_a_taken_port_is_said_and_the_switch_goes_back(qtbot: QtBot,
                                                       make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    page = window.server_page
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        page.port.setValue(port)
        switch(qtbot, window, OFF)
        qtbot.waitUntil(lambda: not page.error.isHidden(), timeout=5_000)
    assert not page.switch.isChecked() and page.switch.text() == "Start server"
    assert f"Port {port} is already in use" in page.error.text()
    assert window.status_label.text() == page.error.text()
    # The next try, on a free port, clears the sentence and starts.
    page.port.setValue(free_port())
    switch(qtbot, window, ON)
    assert page.error.isHidden()
    switch(qtbot, window, OFF)


def test_every_network_without_a_key_is_refused_with_a_sentence(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    page = window.server_page
    page.host.setCurrentIndex(page.host.findData("0.0.0.0"))
    page.key.clear()
    switch(qtbot, window, OFF)
    qtbot.waitUntil(lambda: not page.error.isHidden(), timeout=5_000)
    assert "set an API key first" in page.error.text() and not page.switch.isChecked()


def test_the_key_is_hidden_until_shown(qtbot: QtBot, make_window: MakeWindow) -> None:
    page = make_window(FakeRuntime()).server_page
    page.key.setText("secret")
    assert page.key.echoMode() == page.key.EchoMode.Password
    qtbot.mouseClick(page.show_key, Qt.MouseButton.LeftButton)
    assert page.key.echoMode() == page.key.EchoMode.Normal and page.show_key.text() == "Hide"
    qtbot.mouseClick(page.show_key, Qt.MouseButton.LeftButton)
    assert page.key.echoMode() == page.key.EchoMode.Password


def test_settings_are_kept_and_start_the_server_with_the_window(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    page, port = window.server_page, free_port()
    page.port.setValue(port)
    page.key.setText("k-123")
    page.key.editingFinished.emit()
    page.at_start.setChecked(True)
    stored = SettingsStore(window.ctx.paths.settings_file).load()
    assert (stored.server_port, stored.server_api_key, stored.server_at_start) == (
        port, "k-123", True)
    window.close()
    qtbot.waitUntil(window.thread_.isFinished, timeout=5_000)
    window.closed_by_test = True  # type: ignore[attr-defined]
    window.store.close()

    again = make_window(FakeRuntime())
    qtbot.waitUntil(lambda: again.server.state == ON, timeout=30_000)
    assert again.server_page.port.value() == port and again.server_page.key.text() == "k-123"
    with pytest.raises(urllib.error.HTTPError) as refused:  # the key is asked for
        call(f"http://127.0.0.1:{port}/v1/models")
    assert refused.value.code == 401
    # Closing the window stops the server.
    again.close()
    qtbot.waitUntil(again.thread_.isFinished, timeout=15_000)
    again.closed_by_test = True  # type: ignore[attr-defined]
    again.store.close()
    assert not port_open(port)


def test_older_settings_files_load_with_server_defaults(ondol_home: Path) -> None:
    path = AppPaths.from_environment().ensure().settings_file
    path.write_text(json.dumps({"schema_version": 2, "language": "en"}))
    store = SettingsStore(path)
    loaded = store.load()
    assert store.recovered_from is None and loaded.language == "en"
    assert (loaded.server_at_start, loaded.server_host, loaded.server_port,
            loaded.server_api_key) == (False, "127.0.0.1", SERVER_PORT, None)


@pytest.mark.parametrize(("name", "value"), [
    ("server_port", 0), ("server_port", 70000), ("server_port", "5151"), ("server_port", True),
    ("server_host", ""), ("server_host", 7), ("server_api_key", 12),
    ("server_at_start", "yes"), ("server_nonsense", 1)])
def test_bad_server_settings_are_refused(name: str, value: object, ondol_home: Path) -> None:
    with pytest.raises(InvalidParameterError):
        check_server_value(name, value)
    if name in {"server_port", "server_host", "server_api_key", "server_at_start"}:
        with pytest.raises(TypeError):
            settings_from_dict({**Settings().to_dict(), name: value})
        # A hand-damaged file is put aside and the defaults are used.
        path = AppPaths.from_environment().ensure().settings_file
        path.write_text(json.dumps({"schema_version": 2, name: value}))
        store = SettingsStore(path)
        assert store.load().server_port == SERVER_PORT and store.recovered_from is not None


def test_an_empty_key_means_none() -> None:
    assert check_server_value("server_api_key", "") is None
    assert check_server_value("server_host", " 127.0.0.1 ") == "127.0.0.1"


def test_the_window_and_the_server_share_one_host_and_take_turns(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    import threading

    import psutil

    from tests.child_processes import _is_helper
    from tests.ui.conftest import send, wait_idle

    window = make_window()  # the real runtime, with the starter model loaded
    page, port = window.server_page, free_port()
    page.port.setValue(port)
    switch(qtbot, window, ON)
    base = page.address.text()
    model = call(f"{base}/models")["data"][0]["id"]
    body = {"model": model, "max_tokens": 24, "temperature": 0,
            "messages": [{"role": "user", "content": "Count to five."}]}

    # A chat in the window and an API request at once: both answered, one after the other.
    answers: list[dict[str, Any]] = []
    window.params.max_tokens.setValue(24)
    send(qtbot, window, "Name three rivers.")
    request = threading.Thread(target=lambda: answers.append(call(f"{base}/chat/completions",
                                                                  body)))
    request.start()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not request.is_alive(), timeout=120_000)
    assert answers and answers[0]["choices"][0]["message"]["content"]
    last = window.chat.conversation.active_path()[-1]
    assert last.complete and last.content.strip()

    # The server answered with the window's own host: no second copy was loaded.
    [slot] = window.server.server.pool.loaded()
    assert slot.adopted and slot.client is window.worker.client.client
    hosts = [p.pid for p in psutil.Process().children(recursive=True) if not _is_helper(p)]
    assert hosts == [window.worker.client.pid], hosts
    qtbot.waitUntil(lambda: page.loaded.rowCount() == 1, timeout=5_000)
    assert page.loaded.item(0, 0).text() == model
    assert page.loaded.item(0, 2).text() == "Used by the chat window"

    # Ejected in the window, the model is the window's to free: the server loads its own.
    window.models.eject()
    qtbot.waitUntil(lambda: not window.worker.client.lent, timeout=30_000)
    again = call(f"{base}/chat/completions", body)
    assert again["choices"][0]["message"]["content"] == answers[0]["choices"][0]["message"][
        "content"]  # temperature 0: the same answer from the server's own copy
    [slot] = window.server.server.pool.loaded()
    assert not slot.adopted
    switch(qtbot, window, OFF)
    assert not port_open(port)
