"""Settings → Tools… opens the Tools dialog on the window's own tool settings file."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def test_the_settings_menu_opens_the_tools_dialog(qtbot: QtBot, make_window: MakeWindow,
                                                  fake: FakeRuntime) -> None:
    window = make_window(fake)
    actions = [a for a in window.settings_menu.actions() if a.text() == "Tools…"]
    assert len(actions) == 1
    actions[0].trigger()
    dialog = window.tools_entry.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.store.path == window.ctx.paths.tool_servers_file
    actions[0].trigger()  # a second time: the same dialog comes forward
    assert window.tools_entry.dialog is dialog
    dialog.steps.setValue(7)
    with qtbot.waitSignal(window.tools_entry.toolsChanged):
        dialog.accept()
    assert window.ctx.paths.tool_servers_file.exists()
    qtbot.waitUntil(lambda: window.tools_entry.dialog is None)  # deleted once closed
