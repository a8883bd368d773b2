"""A real remote engine in the window: llama-cpp-python's own OpenAI-compatible server in its
own process, serving the real SmolLM2 starter; the window lists it, loads it and streams a
short answer with its figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.remote.names import remote_path
from tests.fake_runtime import FakeRuntime
from tests.remote_servers import LlamaCppServer
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.remote_window import add_connection, load_remote


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory,
                 smollm2_path: Path) -> Iterator[LlamaCppServer]:
    server = LlamaCppServer(smollm2_path, tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()


def test_a_real_server_answers_in_the_window(qtbot: QtBot, make_window: MakeWindow,
                                             fake: FakeRuntime,
                                             llama_server: LlamaCppServer) -> None:
    add_connection("llama", llama_server.base_url)
    window = make_window(fake)
    key = remote_path("llama", llama_server.models[0].id)
    load_remote(qtbot, window, key)
    window.params.max_tokens.setValue(12)
    send(qtbot, window, "Say hello.")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    assert answer.content.strip() and answer.stats["stop_reason"] in ("stop", "length")
    assert 0 < answer.stats["generated_tokens"] <= 12
    assert answer.stats["time_to_first_token"] > 0
    assert "tok/s" in window.view.toPlainText()
