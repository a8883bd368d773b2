"""Settings → Tools: the tool server list, the add/edit form, mcp.json import, checks with the
real MCP test server, and the tool rules, saved through ``ToolSettingsStore``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.config import ToolServer
from app.ui.tools_dialog import ToolsDialog
from app.ui.tools_server_form import ServerForm, parse_pairs
from tests.child_processes import check_no_leftovers, snapshot
from tests.ui.widget_walk import interactive_widgets, spoken_name, tab_walk

SERVER_FILE = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
CALC = ToolServer(name="calc", command=sys.executable, args=(str(SERVER_FILE),))
CHECK_WAIT_MS = 60_000  # a Python server's start on a loaded machine


@pytest.fixture
def store(tmp_path: Path) -> ToolSettingsStore:
    return ToolSettingsStore(tmp_path / "tool_servers.json")


def _dialog(qtbot: QtBot, store: ToolSettingsStore) -> ToolsDialog:
    dialog = ToolsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _row_texts(dialog: ToolsDialog) -> list[str]:
    texts = []
    for index in range(dialog.servers.topLevelItemCount()):
        item = dialog.servers.topLevelItem(index)
        texts += [item.text(c) for c in range(3)] + [item.toolTip(c) for c in range(3)]
    return texts


def _state(dialog: ToolsDialog, name: str) -> str:
    for index in range(dialog.servers.topLevelItemCount()):
        item = dialog.servers.topLevelItem(index)
        if item.text(0) == name:
            return item.text(2)
    raise AssertionError(f"no row {name}")


def _check(qtbot: QtBot, dialog: ToolsDialog, name: str) -> str:
    dialog.servers.setCurrentItem(dialog.servers.findItems(name, Qt.MatchFlag.MatchExactly)[0])
    dialog.check_selected()
    assert _state(dialog, name) == "Checking…"
    qtbot.waitUntil(lambda: name not in dialog.checks, timeout=CHECK_WAIT_MS)
    return _state(dialog, name)


def test_the_form_builds_a_command_server_and_refuses_bad_lines(qtbot: QtBot) -> None:
    form = ServerForm("stdio", None, {"taken"})
    qtbot.addWidget(form)
    labels = form.findChildren(QLabel)
    assert all(spoken_name(w, labels) for w in interactive_widgets(form))
    form.name.setText("calc")
    form.command.setText(sys.executable)
    form.args.setPlainText(f"{SERVER_FILE}\n\n")
    form.env.setPlainText("API_KEY=s3=cret\nnot a pair")
    form.accept()
    assert form.server() is None and "Line 2 of the environment" in form.error.text()
    form.env.setPlainText("API_KEY=s3=cret")
    form.accept()
    server = form.server()
    assert server is not None and form.result() == QDialog.DialogCode.Accepted
    assert server.args == (str(SERVER_FILE),) and server.env == {"API_KEY": "s3=cret"}
    assert parse_pairs("Authorization: Bearer a:b", ":") == {"Authorization": "Bearer a:b"}


def test_the_form_says_what_is_wrong_with_a_web_address(qtbot: QtBot) -> None:
    form = ServerForm("http", None, {"taken"})
    qtbot.addWidget(form)
    form.name.setText("taken")
    form.url.setText("https://example.com/mcp")
    form.accept()
    assert "already a tool server named taken" in form.error.text()
    form.name.setText("web")
    form.url.setText("ftp://example.com")
    form.accept()
    assert form.error.text() == "The web address must start with http:// or https://."
    assert form.server() is None


def test_check_lists_the_real_servers_tools(qtbot: QtBot, store: ToolSettingsStore) -> None:
    before = snapshot()
    dialog = _dialog(qtbot, store)
    dialog.add_server(CALC)
    assert _check(qtbot, dialog, "calc") == "7 tools"
    listed = [dialog.tools.item(i).text() for i in range(dialog.tools.count())]
    names = {text.split(" — ")[0] for text in listed}
    assert {"add", "multiply", "divide", "now"} <= names
    assert "add — Add two whole numbers." in listed
    dialog.reject()
    check_no_leftovers(before)  # the checked server was ended


def test_a_missing_command_gives_the_start_failed_sentence(qtbot: QtBot,
                                                           store: ToolSettingsStore) -> None:
    dialog = _dialog(qtbot, store)
    dialog.add_server(ToolServer(name="nope", command="ondol-no-such-program-here"))
    state = _check(qtbot, dialog, "nope")
    assert state.startswith("The tool server nope did not start:")
    assert dialog.tools_title.text() == state  # the whole sentence, below the list
    assert dialog.tools.count() == 0 and not dialog.tools.isEnabled()


def test_closing_during_a_check_ends_its_server(qtbot: QtBot, store: ToolSettingsStore) -> None:
    before = snapshot()
    dialog = _dialog(qtbot, store)
    dialog.add_server(CALC)
    dialog.check_selected()
    check = dialog.checks["calc"]
    dialog.reject()
    assert not dialog.checks
    qtbot.waitUntil(lambda: check.finished, timeout=CHECK_WAIT_MS)
    check_no_leftovers(before)


def test_import_adds_renames_and_skips_with_reasons(qtbot: QtBot, store: ToolSettingsStore,
                                                    tmp_path: Path) -> None:
    store.save(ToolSettings(servers=[ToolServer(name="files", command="npx")]))
    mcp = {"mcpServers": {
        # LM Studio's and Claude Desktop's own examples
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem",
                                             "/home/me"]},
        "hf-mcp-server": {"url": "https://huggingface.co/mcp",
                          "headers": {"Authorization": "Bearer hf_secret"}},
        "old": {"type": "sse", "url": "https://example.com/sse"},
        "broken": {"args": ["x"]},
    }}
    path = tmp_path / "mcp.json"
    path.write_text(json.dumps(mcp), encoding="utf-8")
    dialog = _dialog(qtbot, store)
    dialog.import_file(path)
    text = dialog.notice.text()
    assert "Added 2 tool servers: files-2, hf-mcp-server." in text
    assert "files was added as files-2" in text
    assert "Skipped old: the transport 'sse' is not supported" in text
    assert "Skipped broken: it needs either a command or a web address" in text
    assert [s.name for s in dialog.settings.servers] == ["files", "files-2", "hf-mcp-server"]
    assert not any("hf_secret" in t for t in _row_texts(dialog))
    dialog.import_file(tmp_path / "missing.json")
    assert "is not an mcp.json file Ondol can read" in dialog.notice.text()


def test_edit_remove_and_rules_persist(qtbot: QtBot, store: ToolSettingsStore) -> None:
    store.save(ToolSettings(
        servers=[CALC, ToolServer(name="web", url="https://example.com/mcp")],
        always_allowed={"calc": ["add", "now"]}))
    dialog = _dialog(qtbot, store)
    dialog.replace_server("calc", ToolServer(name="maths", command=sys.executable,
                                             args=(str(SERVER_FILE),), enabled=False))
    dialog.servers.setCurrentItem(dialog.servers.findItems("web", Qt.MatchFlag.MatchExactly)[0])
    dialog.confirm = lambda _text: True  # type: ignore[method-assign]
    dialog.remove_selected()
    dialog.allowed.setCurrentRow(0)
    dialog.rules.forget_selected()
    dialog.steps.setValue(9)
    with qtbot.waitSignal(dialog.toolsChanged):
        dialog.accept()
    saved = ToolSettingsStore(store.path).load()
    assert [(s.name, s.enabled) for s in saved.servers] == [("maths", False)]
    assert saved.always_allowed == {"maths": ["now"]}
    assert saved.max_steps == 9


def test_switching_a_server_off_and_cancel_keeps_the_file(qtbot: QtBot,
                                                          store: ToolSettingsStore) -> None:
    store.save(ToolSettings(servers=[CALC]))
    dialog = _dialog(qtbot, store)
    item = dialog.servers.topLevelItem(0)
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.settings.servers[0].enabled is False and item.text(2) == "Off"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert ToolSettingsStore(store.path).load().servers[0].enabled is True


def test_secrets_are_masked_in_the_list(qtbot: QtBot, store: ToolSettingsStore) -> None:
    store.save(ToolSettings(servers=[
        ToolServer(name="keyed", command="npx", args=("-y", "pkg"),
                   env={"API_KEY": "sk-very-secret"}),
        ToolServer(name="web", url="https://example.com/mcp",
                   headers={"Authorization": "Bearer tok-secret"})]))
    dialog = _dialog(qtbot, store)
    texts = _row_texts(dialog)
    assert not any("secret" in t for t in texts)
    assert "npx -y pkg · Environment: API_KEY=••••" in texts
    assert "https://example.com/mcp · Headers: Authorization: ••••" in texts


def test_every_control_is_named_and_reachable_by_tab(qtbot: QtBot,
                                                     store: ToolSettingsStore) -> None:
    store.save(ToolSettings(servers=[CALC], always_allowed={"calc": ["add"]}))
    dialog = _dialog(qtbot, store)
    controls = interactive_widgets(dialog)
    labels = dialog.findChildren(QLabel)
    assert len(controls) >= 10
    assert [type(w).__name__ for w in controls if not spoken_name(w, labels)] == []
    dialog.allowed.setCurrentRow(0)  # "Ask again" works on a selected tool
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    reachable = tab_walk(qtbot, dialog.servers)
    for widget in (dialog.servers, dialog.add_command, dialog.check, dialog.import_json,
                   dialog.allowed, dialog.ask_again, dialog.steps, dialog.save_button):
        assert widget in reachable, type(widget).__name__


def test_enter_saves(qtbot: QtBot, store: ToolSettingsStore) -> None:
    dialog = _dialog(qtbot, store)
    dialog.steps.setValue(3)
    with qtbot.waitSignal(dialog.toolsChanged):
        qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ToolSettingsStore(store.path).load().max_steps == 3
