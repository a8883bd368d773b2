"""Words for tool server settings: why an ``mcp.json`` entry was skipped, and how a server is
shown in a list with its secrets masked.

The core says why an entry is unusable in a short English ``detail``; the ones it knows are
translated here, and any other is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.tools.config import MAX_NAME_LENGTH, ToolServer

CONTEXT = "ToolServers"
MASK = "••••"

_DETAILS: dict[str, str] = {
    f"the name must be 1 to {MAX_NAME_LENGTH} characters on one line": QT_TRANSLATE_NOOP(
        "ToolServers", "the name must be 1 to {count} characters on one line"),
    "give either a command or a URL, not both and not neither": QT_TRANSLATE_NOOP(
        "ToolServers", "it needs either a command or a web address, not both"),
    "the command must be text": QT_TRANSLATE_NOOP("ToolServers", "the command must be text"),
    "the URL must be text": QT_TRANSLATE_NOOP("ToolServers", "the web address must be text"),
    "the URL must start with http:// or https://": QT_TRANSLATE_NOOP(
        "ToolServers", "the web address must start with http:// or https://"),
    "args must be a list of text": QT_TRANSLATE_NOOP(
        "ToolServers", "the arguments must be a list of text"),
    "enabled must be true or false": QT_TRANSLATE_NOOP(
        "ToolServers", "\"enabled\" must be true or false"),
    "disabled must be true or false": QT_TRANSLATE_NOOP(
        "ToolServers", "\"disabled\" must be true or false"),
    "env must map names to text": QT_TRANSLATE_NOOP(
        "ToolServers", "the environment variables must map names to text"),
    "headers must map names to text": QT_TRANSLATE_NOOP(
        "ToolServers", "the headers must map names to text"),
    "the entry must be an object": QT_TRANSLATE_NOOP(
        "ToolServers", "the entry must be a JSON object"),
}
_TRANSPORT = re.compile(r"the transport (.+) is not supported")


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def detail_text(detail: str) -> str:
    """Why a server entry is unusable, in the window's language (unknown ones as they are)."""
    known = _DETAILS.get(detail)
    if known is not None:
        return _tr(known).replace("{count}", str(MAX_NAME_LENGTH))
    transport = _TRANSPORT.match(detail)
    if transport:
        return _tr("the transport {name} is not supported (only commands and streamable "
                   "HTTP are)").replace("{name}", transport.group(1))
    return detail


def masked(values: dict[str, str], separator: str) -> str:
    """``NAME=••••`` for each entry: the names only, never the values."""
    return ", ".join(f"{name}{separator}{MASK}" for name in values)


def how_it_runs(server: ToolServer) -> str:
    """The command line (program and arguments) or the web address; no secrets."""
    if server.command is not None:
        return " ".join([server.command, *(_quoted(a) for a in server.args)])
    return server.url or ""


def _quoted(arg: str) -> str:
    return f'"{arg}"' if not arg or any(c.isspace() for c in arg) else arg


def secrets_line(server: ToolServer) -> str:
    """The environment variables or headers, values masked; empty when there are none."""
    if server.command is not None and server.env:
        return _tr("Environment: {names}").replace("{names}", masked(server.env, "="))
    if server.url is not None and server.headers:
        return _tr("Headers: {names}").replace("{names}", masked(server.headers, ": "))
    return ""
