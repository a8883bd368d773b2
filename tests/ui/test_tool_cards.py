"""The tool card (asking, then its result) and the window's tool service with the real MCP
test server."""

from __future__ import annotations

import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.chat.tool_steps import ASKING, DONE, ToolStep
from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.config import ToolServer
from app.core.tools.results import ToolResult
from app.ui.background import Background
from app.ui.chat.tool_cards import ALLOW_ALWAYS, ALLOW_ONCE, DENY, ToolCard
from app.ui.tool_service import ToolService

SERVER_FILE = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"


def _step(state: str = ASKING, result: str = "") -> ToolStep:
    return ToolStep("call_1", "add", "calc", "add", '{"a": 2, "b": 3}', state, result)


def test_the_card_asks_with_three_buttons_then_shows_the_result(qtbot: QtBot) -> None:
    card = ToolCard(_step())
    qtbot.addWidget(card)
    card.show()
    assert "add" in card.title.text() and "calc" in card.title.text()
    assert '"a": 2' in card.arguments.text()
    buttons = [card.allow_once, card.allow_always, card.deny]
    assert all(b.isVisible() for b in buttons) and not card.toggle.isVisible()
    with qtbot.waitSignal(card.decided) as got:
        card.allow_once.click()
    assert got.args == ["call_1", ALLOW_ONCE] and not card.buttons.isVisible()
    card.update_step(_step(DONE, "5"))
    assert card.toggle.isVisible() and not card.result.isVisible()
    card.toggle.click()  # the result folds out
    assert card.result.isVisible() and card.result.text() == "5"
    assert {ALLOW_ALWAYS, DENY} == {"always", "deny"}


def test_the_service_starts_the_enabled_servers_and_calls_off_the_gui_thread(
        qtbot: QtBot, tmp_path: Path) -> None:
    store = ToolSettingsStore(tmp_path / "tools.json")
    settings = ToolSettings()
    settings.put(ToolServer("calc", sys.executable, (str(SERVER_FILE),)))
    settings.put(ToolServer("off", sys.executable, (str(SERVER_FILE),), enabled=False))
    store.save(settings)
    service = ToolService(store, Background())
    try:
        specs: list = []
        service.tools(specs.extend)
        qtbot.waitUntil(lambda: bool(specs), timeout=30_000)
        assert {s.server for s in specs} == {"calc"} and "add" in {s.name for s in specs}
        results: list[ToolResult] = []
        service.call("calc", "add", {"a": 2, "b": 3}, results.append)
        qtbot.waitUntil(lambda: bool(results), timeout=30_000)
        assert results[0].text.strip() == "5" and not results[0].is_error
        pids = service._host.pids() if service._host else set()
        assert pids
    finally:
        service.close()
    assert service._host is None
