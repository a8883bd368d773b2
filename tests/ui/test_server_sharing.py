"""The window's model lent to the local server: the Server page marks it as the chat window's
own; a full server queue is said as such in the chat; stopping a chat answer that waits behind
an API request ends the wait and leaves the request alone; closing the window while the server
starts leaves no server behind.

The window runs on a scripted runtime (for timing) whose answers can be held at a gate; the
server, its pool and its queue are the real ones, answering real HTTP requests.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.errors import RuntimeBusyError
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from app.server.pool import ModelPool
from app.ui.i18n import install_translator
from app.ui.main_window import MainWindow
from app.ui.server_controller import ON, STARTING
from app.ui.words.errors import error_text
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, close_window, send, wait_idle
from tests.ui.test_server_page import free_port, port_open

BUSY = ("The model is busy answering requests from other programs through the local server; "
        "try again shortly.")


class GatedRuntime(FakeRuntime, RuntimeClient):
    """A scripted host the window lends (it passes for a runtime client) and the pool can use:
    alive, takes the server's extra arguments, and holds each answer at ``gate`` (open unless a
    test closes it)."""

    alive = True  # type: ignore[assignment]
    pid = None  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__(tokens_per_second=500.0)
        self.gate = threading.Event()
        self.gate.set()

    def generate(self, sampling: SamplingParams, messages: Any = None, prompt: str | None = None,
                 overflow_policy: Any = "drop_oldest", answer_reserve: int | None = None,
                 **_server_only: Any) -> Iterator[Any]:
        stream = super().generate(sampling, messages=messages, prompt=prompt,
                                  overflow_policy=overflow_policy)

        def held() -> Iterator[Any]:
            self.gate.wait(60)
            yield from stream

        return held()


def chat_request(base: str, model: str) -> dict[str, Any]:
    body = {"model": model, "max_tokens": 8, "temperature": 0,
            "messages": [{"role": "user", "content": "Say hello."}]}
    request = urllib.request.Request(f"{base}/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def lending_window(qtbot: QtBot, make_window: MakeWindow, fake: GatedRuntime,
                   queue_limit: int = 16) -> MainWindow:
    """A window whose (scripted) model is the library's starter, lent to a running server."""
    from app.core.settings.paths import AppPaths

    AppContext(AppPaths.from_environment().ensure()).ensure_starter_model()
    window = make_window(fake)
    window.server._pool_factory = lambda ctx: ModelPool(ctx, max_loaded=1,
                                                        queue_limit=queue_limit)
    window.server_page.port.setValue(free_port())
    window.server.start()
    qtbot.waitUntil(lambda: window.server.state == ON, timeout=30_000)
    qtbot.waitUntil(lambda: window.worker.client.lent, timeout=10_000)
    return window


def api_request_holding_the_turn(qtbot: QtBot, window: MainWindow, fake: GatedRuntime
                                 ) -> tuple[threading.Thread, list[dict[str, Any]]]:
    """An API request to the lent model, generating (holding the model's turn) at the gate."""
    base = window.server_page.address.text()
    [slot] = window.server.server.pool.loaded()  # type: ignore[union-attr]
    answers: list[dict[str, Any]] = []
    fake.gate.clear()
    request = threading.Thread(target=lambda: answers.append(chat_request(base,
                                                                          slot.model.name)))
    request.start()
    qtbot.waitUntil(lambda: len(fake.requests) == 1 and slot.turns.busy, timeout=10_000)
    return request, answers


def test_the_page_marks_the_window_model_as_shared(qtbot: QtBot,
                                                   make_window: MakeWindow) -> None:
    window = lending_window(qtbot, make_window, GatedRuntime())
    page = window.server_page
    qtbot.waitUntil(lambda: page.loaded.rowCount() == 1, timeout=10_000)
    [slot] = window.server.server.pool.loaded()  # type: ignore[union-attr]
    assert slot.adopted and page.loaded.item(0, 0).text() == slot.model.name
    tag = page.loaded.item(0, 2)
    assert tag.text() == "Used by the chat window" and "chat window's own model" in tag.toolTip()
    # A model the server loaded itself carries no tag; in Korean the tag is Korean.
    page.show_loaded([("other.gguf", 1 << 20, False)])
    assert page.loaded.item(0, 2).text() == ""
    app = QApplication.instance()
    try:
        assert install_translator(app, "ko") is not None
        assert page.tr("Used by the chat window") == "채팅 창에서 사용 중"
    finally:
        install_translator(app, "en")


def test_a_full_server_queue_is_said_in_the_chat(qtbot: QtBot,
                                                 make_window: MakeWindow) -> None:
    fake = GatedRuntime()
    window = lending_window(qtbot, make_window, fake, queue_limit=0)
    request, answers = api_request_holding_the_turn(qtbot, window, fake)
    send(qtbot, window, "Hello?")
    qtbot.waitUntil(lambda: window.status_label.text() == BUSY, timeout=10_000)
    wait_idle(qtbot, window, timeout=10_000)
    fake.gate.set()
    request.join(60)
    assert answers and answers[0]["choices"][0]["finish_reason"] == "length"


def test_the_busy_sentence_in_korean(qapp: QApplication) -> None:
    error = RuntimeBusyError("queue full", reason="server_queue_full")
    assert error_text(error) == BUSY
    try:
        assert install_translator(qapp, "ko") is not None
        korean = error_text(error)
        assert korean != BUSY and "서버" in korean
    finally:
        install_translator(qapp, "en")


def test_stopping_a_chat_answer_waiting_behind_an_api_request(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    fake = GatedRuntime()
    window = lending_window(qtbot, make_window, fake)
    [slot] = window.server.server.pool.loaded()  # type: ignore[union-attr]
    request, answers = api_request_holding_the_turn(qtbot, window, fake)
    send(qtbot, window, "Hello?")
    qtbot.waitUntil(lambda: slot.turns.waiting == 1, timeout=10_000)  # the chat waits
    qtbot.mouseClick(window.composer.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, timeout=5_000)  # the wait ends without the request ending
    assert slot.turns.waiting == 0 and request.is_alive()
    assert window.composer.edit.isEnabled() and not window.composer.stop_button.isVisible()
    # The request goes on untouched, to its whole answer.
    fake.gate.set()
    request.join(60)
    assert answers and answers[0]["choices"][0]["finish_reason"] == "length"
    assert answers[0]["usage"]["completion_tokens"] == 8
    # The window answers again.
    send(qtbot, window, "And now?")
    wait_idle(qtbot, window, timeout=10_000)
    last = window.chat.conversation.active_path()[-1]
    assert last.complete and last.content.strip()


def test_closing_while_the_server_starts_leaves_no_server(qtbot: QtBot,
                                                         make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    controller, port, proceed = window.server, free_port(), threading.Event()
    pools: list[ModelPool] = []

    def slow_pool(ctx: AppContext) -> ModelPool:
        proceed.wait(30)  # the start is under way, not yet listening
        pools.append(ModelPool(ctx, max_loaded=1))
        return pools[-1]

    controller._pool_factory = slow_pool
    window.server_page.port.setValue(port)
    controller.start()
    assert controller.state == STARTING
    close_window(qtbot, window)
    proceed.set()  # the start goes on after the window has closed...
    # ... and the server it made is stopped at once (its pool closed with it).
    qtbot.waitUntil(lambda: bool(pools) and pools[0]._closed.is_set(), timeout=20_000)
    qtbot.waitUntil(lambda: not any(t.name == "ondol-server" for t in threading.enumerate()),
                    timeout=10_000)
    assert not port_open(port) and controller.server is None
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2)
    except urllib.error.URLError:
        pass
    else:
        raise AssertionError("a server still answers")
