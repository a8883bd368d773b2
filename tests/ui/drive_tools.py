"""Screenshots of Settings → Tools, in a process of its own:

    python -m tests.ui.drive_tools OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-tools-<THEME>-<LANGUAGE>.png: three tool servers (the real MCP
        test server, checked; a command that does not exist, checked; a web address with a
        key, switched off), one tool allowed without asking; prints the two check results.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.ui.driving import pump, wait


def tools_screenshot(out: Path, theme: str, language: str) -> None:
    from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
    from app.core.tools.config import ToolServer
    from app.ui.app import application
    from app.ui.i18n import install_translator
    from app.ui.theme import apply_theme
    from app.ui.tools_dialog import ToolsDialog

    app = application([])
    apply_theme(app, theme)
    install_translator(app, language)
    server_file = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
    store = ToolSettingsStore(Path(tempfile.mkdtemp()) / "tool_servers.json")
    store.save(ToolSettings(servers=[
        ToolServer(name="calculator", command=sys.executable, args=(str(server_file),),
                   env={"CALC_KEY": "not-shown"}),
        ToolServer(name="files", command="ondol-no-such-program",
                   args=("-y", "@modelcontextprotocol/server-filesystem")),
        ToolServer(name="hugging-face", url="https://huggingface.co/mcp",
                   headers={"Authorization": "Bearer not-shown"}, enabled=False)],
        always_allowed={"calculator": ["add", "now"]}))
    dialog = ToolsDialog(store)
    dialog.show()
    for row in (1, 0):  # the failing one first, so the working one ends selected
        dialog.servers.setCurrentItem(dialog.servers.topLevelItem(row))
        dialog.check_selected()
    wait(lambda: not dialog.checks, timeout=90)
    dialog.allowed.setCurrentRow(0)
    dialog.servers.setFocus()
    pump(0.3)
    out.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out / f"ondol-tools-{theme}-{language}.png"))
    for row in (0, 1):
        print(dialog.servers.topLevelItem(row).text(2).replace("\n", " "), flush=True)
    dialog.reject()
    pump(0.2)
    print("ok", flush=True)


if __name__ == "__main__":
    tools_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
