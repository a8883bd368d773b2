"""Tool servers as the user describes them, and the ``mcp.json`` other apps share.

A server is started by a command (stdio: Ondol runs it as a child process) or reached at a URL
(streamable HTTP). ``mcp.json`` is the format LM Studio, Claude Desktop and Cursor use::

    {"mcpServers": {"files": {"command": "npx", "args": ["-y", "pkg"], "env": {"KEY": "v"}},
                    "hf": {"url": "https://huggingface.co/mcp",
                           "headers": {"Authorization": "Bearer ..."}}}}

Values in ``env`` and ``headers`` are often secrets: nothing here logs them or puts them in an
error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from app.core.errors import ToolServerError
from app.core.files.atomic import write_atomically

# Transports an entry may name in its optional ``type``; SSE is the old HTTP transport.
_STDIO_TYPES = {"stdio"}
_HTTP_TYPES = {"http", "streamable-http", "streamable_http", "streamableHttp"}
MAX_NAME_LENGTH = 64


@dataclass(frozen=True)
class ToolServer:
    """One tool server: exactly one of ``command`` (stdio) and ``url`` (streamable HTTP)."""

    name: str
    command: str | None = None
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict, repr=False)  # may hold secrets
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)  # may hold secrets
    enabled: bool = True

    @property
    def transport(self) -> str:
        """``"stdio"`` or ``"http"``."""
        return "stdio" if self.command is not None else "http"


@dataclass(frozen=True)
class McpImport:
    """What an ``mcp.json`` gave: the servers, and ``(name, reason)`` for each entry skipped."""

    servers: list[ToolServer]
    skipped: list[tuple[str, str]]


def _bad(server: str, detail: str) -> ToolServerError:
    return ToolServerError(f"Tool server {server!r}: {detail}", reason="bad_config",
                           server=server, detail=detail)


def _str_map(value: Any, what: str, server: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _bad(server, f"{what} must map names to text")
    return dict(value)


def check_server(server: ToolServer) -> ToolServer:
    """``server`` when it is usable, with its name and command or URL trimmed.

    Raises:
        ToolServerError: reason ``bad_config`` (fact ``detail`` says what is wrong): a blank or
            too long name, both or neither of command and URL, a URL that is not http(s), args
            that are not text, env or headers that do not map text to text.
    """
    name = server.name.strip() if isinstance(server.name, str) else ""
    if not name or len(name) > MAX_NAME_LENGTH or any(c in name for c in "\n\r\t"):
        raise _bad(str(server.name), f"the name must be 1 to {MAX_NAME_LENGTH} characters "
                                     "on one line")
    command = server.command.strip() if isinstance(server.command, str) else server.command
    url = server.url.strip() if isinstance(server.url, str) else server.url
    if bool(command) == bool(url):
        raise _bad(name, "give either a command or a URL, not both and not neither")
    if command is not None and not isinstance(command, str):
        raise _bad(name, "the command must be text")
    if url:
        if not isinstance(url, str):
            raise _bad(name, "the URL must be text")
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise _bad(name, "the URL must start with http:// or https://")
    if not isinstance(server.args, (tuple, list)) or not all(
            isinstance(a, str) for a in server.args):
        raise _bad(name, "args must be a list of text")
    if not isinstance(server.enabled, bool):
        raise _bad(name, "enabled must be true or false")
    return ToolServer(name=name, command=command or None, args=tuple(server.args),
                      env=_str_map(server.env, "env", name), url=url or None,
                      headers=_str_map(server.headers, "headers", name),
                      enabled=server.enabled)


def server_from_entry(name: str, entry: Any) -> ToolServer:
    """One ``mcpServers`` entry as a checked ``ToolServer``.

    Raises:
        ToolServerError: reason ``bad_config`` (see ``check_server``), also for an entry that
            is not an object or names a transport Ondol does not speak (``sse``).
    """
    if not isinstance(entry, dict):
        raise _bad(name, "the entry must be an object")
    kind = entry.get("type")
    if kind is not None and kind not in _STDIO_TYPES | _HTTP_TYPES:
        raise _bad(name, f"the transport {kind!r} is not supported (only stdio and "
                         "streamable HTTP)")
    args = entry.get("args", [])
    disabled = entry.get("disabled", False)
    if not isinstance(disabled, bool):
        raise _bad(name, "disabled must be true or false")
    return check_server(ToolServer(
        name=name, command=entry.get("command"),
        args=tuple(args) if isinstance(args, list) else args,
        env=entry.get("env") or {}, url=entry.get("url"), headers=entry.get("headers") or {},
        enabled=not disabled))


def entry_of(server: ToolServer) -> dict[str, Any]:
    """``server`` as an ``mcpServers`` entry (``disabled`` only when it is off)."""
    entry: dict[str, Any]
    if server.command is not None:
        entry = {"command": server.command, "args": list(server.args)}
        if server.env:
            entry["env"] = dict(server.env)
    else:
        entry = {"url": server.url}
        if server.headers:
            entry["headers"] = dict(server.headers)
    if not server.enabled:
        entry["disabled"] = True
    return entry


def parse_mcp_json(text: str) -> McpImport:
    """The servers in an ``mcp.json`` text; bad entries are skipped with their reason.

    Raises:
        ToolServerError: reason ``bad_mcp_json`` when the text is not JSON or has no
            ``mcpServers`` object (fact ``detail``).
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ToolServerError(f"Not a JSON file: {exc}", reason="bad_mcp_json",
                              detail=str(exc)) from None
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        raise ToolServerError("The file has no \"mcpServers\" object.", reason="bad_mcp_json",
                              detail="no mcpServers object")
    found: list[ToolServer] = []
    skipped: list[tuple[str, str]] = []
    for name, entry in servers.items():
        try:
            found.append(server_from_entry(name, entry))
        except ToolServerError as exc:
            skipped.append((name, str(exc.facts.get("detail", exc.message))))
    return McpImport(found, skipped)


def read_mcp_json(path: Path) -> McpImport:
    """``parse_mcp_json`` of the file at ``path``.

    Raises:
        ToolServerError: reason ``bad_mcp_json`` (unreadable, not UTF-8, not JSON, no
            ``mcpServers``; facts ``path``, ``detail``).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ToolServerError(f"Cannot read {path}: {exc}", reason="bad_mcp_json",
                              path=str(path), detail=str(exc)) from exc
    return parse_mcp_json(text)


def mcp_json_text(servers: list[ToolServer]) -> str:
    """``servers`` in the ``mcp.json`` format (the last of two with one name wins)."""
    body = {"mcpServers": {s.name: entry_of(s) for s in servers}}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def write_mcp_json(path: Path, servers: list[ToolServer]) -> None:
    """Write ``servers`` to ``path`` in the ``mcp.json`` format, atomically and readable only
    by the user (the file may hold keys).

    Raises:
        ToolServerError: reason ``write_failed`` (facts ``path``, ``errno``).
    """
    path = Path(path)
    try:
        write_atomically(path, mcp_json_text(servers), private=True)
    except OSError as exc:
        raise ToolServerError(f"Could not write {path}: {exc.strerror or exc}",
                              reason="write_failed", path=str(path), errno=exc.errno) from exc
