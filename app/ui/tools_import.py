"""Import mcp.json…: add another app's tool servers to the settings and say, in sentences, what
was added, what was renamed (a server by that name was already here) and what was skipped.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.core.settings.tool_servers import ToolSettings
from app.core.tools.config import MAX_NAME_LENGTH, read_mcp_json
from app.ui.words.sizes import format_number
from app.ui.words.tool_config import detail_text


def free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``… (cut to fit) when it is taken."""
    if name not in taken:
        return name
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = name[:MAX_NAME_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def merge_import(settings: ToolSettings, path: Path) -> tuple[str, int]:
    """Add the servers in the ``mcp.json`` at ``path`` to ``settings`` (a clashing name gets a
    number); the sentences that report it, and how many servers were added.

    Raises:
        ToolServerError: reason ``bad_mcp_json`` when the file cannot be read as an mcp.json.
    """
    imported = read_mcp_json(path)
    taken = {s.name for s in settings.servers}
    added: list[str] = []
    lines: list[str] = []
    for server in imported.servers:
        name = free_name(server.name, taken)
        if name != server.name:
            lines.append(QCoreApplication.translate(
                "ToolServers", "{old} was added as {new}: a tool server by that name is already "
                "here.").replace("{old}", server.name).replace("{new}", name))
        settings.put(replace(server, name=name))
        taken.add(name)
        added.append(name)
    if added:
        first = (QCoreApplication.translate("ToolServers", "Added 1 tool server: {names}.")
                 if len(added) == 1 else
                 QCoreApplication.translate("ToolServers", "Added {count} tool servers: {names}.")
                 .replace("{count}", format_number(len(added))))
        lines.insert(0, first.replace("{names}", ", ".join(added)))
    else:
        lines.insert(0, QCoreApplication.translate("ToolServers", "No tool servers were added."))
    for name, detail in imported.skipped:
        skipped = QCoreApplication.translate("ToolServers", "Skipped {name}: {reason}.")
        lines.append(skipped.replace("{name}", name).replace("{reason}", detail_text(detail)))
    return "\n".join(lines), len(added)
