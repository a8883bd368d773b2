"""Settings → Connections: add with the key kept in a file only the user can read, errors beside
their fields, Check against small hostile servers (the /v1 fix, a refused key, a web page, no
server), Edit keeping the stored key, Remove after asking, and the menu entry in the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.settings.connections import Connection, ConnectionStore
from app.ui.background import Background
from app.ui.connections_dialog import ConnectionsDialog
from tests.core.keyrings import no_keyring, using
from tests.remote_servers import MODEL, HostileServer, free_port
from tests.ui.conftest import MakeWindow

KEY = "sk-dialog-0123456789abcdef9f2c"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConnectionStore]:
    with using(no_keyring()):  # the machine's own keyring is never touched
        yield ConnectionStore(tmp_path / "connections.json")


@pytest.fixture
def dialog(qtbot: QtBot, store: ConnectionStore) -> Iterator[ConnectionsDialog]:
    background = Background()
    shown = ConnectionsDialog(store, background)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    background.close()
    if shown.form is not None:
        shown.form.reject()
    shown.reject()


@pytest.fixture
def server() -> Iterator[HostileServer]:
    started = HostileServer(models="v1_only")
    yield started
    started.stop()


def test_add_with_enter_keeps_the_key_in_a_private_file(qtbot: QtBot, dialog: ConnectionsDialog,
                                                        store: ConnectionStore) -> None:
    assert dialog.empty.isVisibleTo(dialog) and not dialog.edit_button.isEnabled()
    dialog.add_button.click()
    form = dialog.form
    assert form is not None and form.key.echoMode() == form.key.EchoMode.Password
    form.name.setText("gpu")
    form.url.setText("http://gpu-box:8000/v1/")
    form.key.setText(KEY)
    with qtbot.waitSignal(dialog.connectionsChanged):
        qtbot.keyClick(form.key, Qt.Key.Key_Return)  # Enter saves (no network needed)
    assert store.get("gpu").base_url == "http://gpu-box:8000/v1"
    assert store.api_key("gpu") == KEY and store.key_storage("gpu") == "file"
    row = dialog.table.topLevelItem(0)
    assert [row.text(0), row.text(1)] == ["gpu", "http://gpu-box:8000/v1"]
    assert row.text(2) == "in a file only you can read (sk-…9f2c)"
    assert KEY not in row.text(2) and dialog.form is None and not dialog.empty.isVisibleTo(dialog)


def test_errors_show_beside_their_field(qtbot: QtBot, dialog: ConnectionsDialog,
                                        store: ConnectionStore) -> None:
    store.add(Connection("taken", "http://a:1/v1"))
    dialog.refresh()
    dialog.add()
    form = dialog.form
    assert form is not None
    form.name.setText("bad/name")
    form.url.setText("http://host/v1")
    form.save()
    assert form.errors["name"].isVisibleTo(form) and "“/”" in form.errors["name"].text()
    form.name.setText("Taken")
    form.save()
    assert form.errors["name"].text() == "There is already a connection named Taken."
    form.name.setText("fine")
    form.url.setText("ftp://user:hunter2@host")
    form.save()
    assert "http:// or https://" in form.errors["url"].text()
    assert not form.errors["name"].isVisibleTo(form) and "hunter2" not in form.errors["url"].text()
    assert form.isVisible() and [c.name for c in store.list()] == ["taken"]


def check(qtbot: QtBot, dialog: ConnectionsDialog, url: str, key: str = "") -> str:
    """Open Add, type ``url`` (and ``key``), press Check, wait for the answer."""
    dialog.add()
    form = dialog.form
    assert form is not None
    form.url.setText(url)
    form.key.setText(key)
    form.check_button.click()
    assert not form.check_button.isEnabled()  # the answer comes later, off the GUI thread
    qtbot.waitUntil(form.check_button.isEnabled, timeout=30_000)
    return form.check_result.text()


def test_check_offers_the_address_with_v1(qtbot: QtBot, dialog: ConnectionsDialog,
                                          server: HostileServer) -> None:
    assert check(qtbot, dialog, server.origin) == f"1 model: {MODEL}"
    form = dialog.form
    assert form is not None and form.use_fixed.isVisibleTo(form)
    assert form.use_fixed.text() == f"Use {server.base_url}?"
    form.use_fixed.click()
    assert form.url.text() == server.base_url and not form.use_fixed.isVisibleTo(form)


@pytest.mark.parametrize(("behaviour", "words"), [
    ("unauthorized", "refused the API key"),
    ("html", "does not answer like an OpenAI-compatible server"),
])
def test_check_says_what_is_wrong(qtbot: QtBot, dialog: ConnectionsDialog, behaviour: str,
                                  words: str) -> None:
    hostile = HostileServer(models=behaviour)
    try:
        text = check(qtbot, dialog, hostile.base_url, key=KEY)
    finally:
        hostile.stop()
    assert words in text and KEY not in text
    assert dialog.form is not None and dialog.form.check_result.property("role") == "error"


def test_check_without_a_server(qtbot: QtBot, dialog: ConnectionsDialog) -> None:
    text = check(qtbot, dialog, f"http://127.0.0.1:{free_port()}/v1")
    assert "cannot be reached" in text


def test_edit_keeps_the_stored_key_and_never_shows_it(qtbot: QtBot, dialog: ConnectionsDialog,
                                                      store: ConnectionStore,
                                                      server: HostileServer) -> None:
    store.add(Connection("box", "http://old-host:8000/v1"), KEY)
    dialog.refresh()
    dialog.edit_button.click()
    form = dialog.form
    assert form is not None and form.key.text() == "" and form.url.text() == "http://old-host:8000/v1"
    form.url.setText(server.base_url)
    form.check_button.click()  # checks with the stored key
    qtbot.waitUntil(form.check_button.isEnabled, timeout=30_000)
    assert server.seen[-1][1]["authorization"] == f"Bearer {KEY}"
    with qtbot.waitSignal(dialog.connectionsChanged):
        form.save()
    assert store.get("box").base_url == server.base_url and store.api_key("box") == KEY
    dialog.edit()
    renamed = dialog.form
    assert renamed is not None
    renamed.name.setText("Box two")
    renamed.save()
    assert [c.name for c in store.list()] == ["Box two"] and store.api_key("Box two") == KEY


def test_remove_asks_first(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
                           dialog: ConnectionsDialog, store: ConnectionStore) -> None:
    store.add(Connection("one", "http://one:1/v1"), KEY)
    dialog.refresh()
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: answers.pop(0))
    dialog.remove_button.click()
    assert [c.name for c in store.list()] == ["one"]
    with qtbot.waitSignal(dialog.connectionsChanged):
        dialog.remove_button.click()
    assert store.list() == [] and store.keys.get("one") is None
    assert dialog.table.topLevelItemCount() == 0 and not dialog.remove_button.isEnabled()


def test_every_control_has_a_name_and_escape_closes(qtbot: QtBot,
                                                    dialog: ConnectionsDialog) -> None:
    dialog.add()
    form = dialog.form
    assert form is not None
    for widget in (form.name, form.url, form.key, form.check_button, dialog.table,
                   dialog.add_button, dialog.edit_button, dialog.remove_button):
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget
    with qtbot.waitSignal(form.finished):
        qtbot.keyClick(form.name, Qt.Key.Key_Escape)
    assert form.result() == QDialog.DialogCode.Rejected


def test_the_settings_menu_opens_the_dialog(qtbot: QtBot, make_window: MakeWindow,
                                            fake: object) -> None:
    window = make_window(fake)
    entry = next(a for a in window.settings_menu.actions() if a.text() == "Connections…")
    changed: list[bool] = []
    window.connections.connectionsChanged.connect(lambda: changed.append(True))
    entry.trigger()
    shown = window.connections.dialog
    assert shown is not None and shown.isVisible()
    shown.reject()
