"""Connections to a real OpenAI-compatible server in its own process (llama-cpp-python's own
server, serving the real SmolLM2 starter): ``ondol connections add`` checks it (and saves the
address with /v1 when that is the one that answers), ``ondol chat --model CONNECTION/MODEL``
streams a short greedy answer with its stats line, and the window's Check lists its model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from app.core.settings.connections import ConnectionStore
from app.ui.background import Background
from app.ui.connections_dialog import ConnectionsDialog
from tests.core.keyrings import no_keyring, using
from tests.integration.test_connections_cli import ondol
from tests.remote_servers import LlamaCppServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, smollm2_path: Path
           ) -> Iterator[LlamaCppServer]:
    started = LlamaCppServer(smollm2_path, tmp_path_factory.mktemp("server") / "server.log")
    yield started
    started.stop()


def test_add_checks_the_server_and_chat_streams_through_it(server: LlamaCppServer,
                                                           ondol_home: Path) -> None:
    model = server.models[0].id
    origin = server.base_url.removesuffix("/v1")
    added = ondol("connections", "add", "local", origin)
    assert added.returncode == 0, added.stderr
    assert "1 model: " + model in added.stdout
    assert f"{server.base_url} has, so that address is saved" in added.stderr
    assert f"Added local ({server.base_url})" in added.stdout

    chat = ondol("chat", "--model", f"local/{model}", "--temperature", "0",
                 "--max-tokens", "8", "Say hello.")
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.strip()
    stats = chat.stderr.strip().splitlines()[-1]
    assert "tok/s" in stats and "first token" in stats, chat.stderr

    missing = ondol("chat", "--model", "local/no-such-model", "Hi")
    assert missing.returncode != 0 and "no-such-model" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_an_unknown_connection_is_said(ondol_home: Path) -> None:
    result = ondol("chat", "--model", "nobody/some-model", "Hi")
    assert result.returncode != 0
    assert "no connection named nobody" in result.stderr and "Traceback" not in result.stderr


def test_the_dialogs_check_lists_the_servers_model(qtbot: QtBot, server: LlamaCppServer,
                                                   tmp_path: Path) -> None:
    background = Background()
    with using(no_keyring()):
        dialog = ConnectionsDialog(ConnectionStore(tmp_path / "connections.json"), background)
        qtbot.addWidget(dialog)
        dialog.add(server.base_url, "local")
        form = dialog.form
        assert form is not None
        form.check_button.click()
        qtbot.waitUntil(form.check_button.isEnabled, timeout=30_000)
        assert form.check_result.text() == f"1 model: {server.models[0].id}"
        form.reject()
        background.close()
