"""The keyboard path to a remote model, against a real ``ondol serve`` with the starter model:
Ctrl+L opens the picker, typing the remote model's name and its connection's leaves only its
row, Enter loads it, and a message typed and sent with Enter is answered by the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.remote.names import remote_path
from app.ui.picker_remote import NAME, REMOTE_ROLE
from tests.fake_runtime import FakeRuntime
from tests.server.conftest import STARTER, Served
from tests.ui.conftest import MakeWindow, wait_idle
from tests.ui.remote_window import add_connection, picker_row

CONNECTION = "workstation"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``ondol serve`` with the starter model loaded before any test starts (its runtime
    process is the server's, not one a test left behind)."""
    server = Served(tmp_path_factory.mktemp("served-home"), "--model", STARTER)
    yield server
    server.stop()


def test_ctrl_l_type_enter_then_a_message_answered_by_the_server(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, served: Served) -> None:
    add_connection(CONNECTION, served.base_url)
    window = make_window(fake)
    window.params.max_tokens.setValue(12)
    key = remote_path(CONNECTION, STARTER)
    picker = window.model_picker  # type: ignore[attr-defined]

    window.composer.edit.setFocus()
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(picker.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: picker_row(window, key) is not None, timeout=30_000)
    remote = picker_row(window, key)
    local = picker_row(window, text="SmolLM2-135M-Instruct")
    assert remote is not None and local is not None and local != remote
    assert picker.search.hasFocus()

    # The same model is in the library here: its name finds both rows, the connection's one.
    qtbot.keyClicks(picker.search, "SmolLM2")
    assert sorted(picker.visible_rows()) == sorted([local, remote])
    qtbot.keyClicks(picker.search, " workstation")
    assert picker.visible_rows() == [remote]
    assert picker.list.currentItem().data(NAME, REMOTE_ROLE) is True
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert not picker.isVisible()
    qtbot.waitUntil(lambda: window.models.ready and window.models.current is not None
                    and window.models.current.name == key, timeout=60_000)

    window.activateWindow()  # (offscreen Qt leaves the closed popup active)
    window.composer.edit.setFocus()
    qtbot.keyClicks(window.composer.edit, "Say hello.")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.chat.conversation.active_path()) == 2, timeout=10_000)
    wait_idle(qtbot, window)
    question, answer = window.chat.conversation.active_path()
    assert question.content == "Say hello." and window.composer.edit.toPlainText() == ""
    assert answer.content.strip() and answer.content != "".join(fake.tokens)
    assert 0 < answer.stats["generated_tokens"] <= 12
    assert answer.stats["stop_reason"] in ("stop", "length")
