"""Real remote engines in the window, each in its own process serving the real SmolLM2
starter: llama-cpp-python's own OpenAI-compatible server, and ``ondol serve``. The window lists
the model, loads it and streams a short answer with its figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.remote.names import remote_path
from tests.fake_runtime import FakeRuntime
from tests.remote_servers import LlamaCppServer
from tests.server.conftest import STARTER, Served, openai_client
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.remote_window import add_connection, load_remote


@pytest.fixture(scope="module", params=["llama_cpp", "ondol"])
def real_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                smollm2_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, model id) of a real server, started once per kind."""
    if request.param == "llama_cpp":
        llama = LlamaCppServer(smollm2_path, tmp_path_factory.mktemp("llama") / "server.log")
        yield llama.base_url, llama.models[0].id
        llama.stop()
        return
    ondol = Served(tmp_path_factory.mktemp("ondol-serve-home"))
    # The model's host process starts with the first answer: here, before any test counts
    # its own child processes.
    openai_client(ondol.base_url).chat.completions.create(
        model=STARTER, messages=[{"role": "user", "content": "Hi"}], max_tokens=1)
    yield ondol.base_url, STARTER
    code, err = ondol.stop()
    assert code == 0 and "Traceback" not in err, err


def test_a_real_server_answers_in_the_window(qtbot: QtBot, make_window: MakeWindow,
                                             fake: FakeRuntime,
                                             real_server: tuple[str, str]) -> None:
    base_url, model_id = real_server
    add_connection("real", base_url)
    window = make_window(fake)
    key = remote_path("real", model_id)
    load_remote(qtbot, window, key)
    window.params.max_tokens.setValue(12)
    send(qtbot, window, "Say hello.")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    assert answer.content.strip() and answer.stats["stop_reason"] in ("stop", "length")
    assert 0 < answer.stats["generated_tokens"] <= 12
    assert answer.stats["time_to_first_token"] > 0
    assert "tok/s" in window.view.toPlainText()
    assert fake.requests == []
