"""The user's tool servers and how tools may be used, in ``tool_servers.json``.

Kept apart from ``settings.json`` because server entries may hold keys (in ``env`` or
``headers``): the file is written readable only by the user (0600), atomically, and is never
logged. Like the settings, a missing or damaged file never stops Ondol: a damaged one is kept
aside as ``tool_servers.json.bad-<timestamp>`` and the defaults are used; a file from a newer
Ondol is left untouched and not overwritten.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import ToolServerError
from app.core.files.atomic import move_aside, write_atomically
from app.core.files.versioned import read_versioned_json
from app.core.tools.config import ToolServer, check_server, entry_of, server_from_entry

logger = logging.getLogger("ondol.settings")

TOOLS_SCHEMA_VERSION = 1
DEFAULT_MAX_STEPS = 5
MAX_STEPS_LIMIT = 50


@dataclass
class ToolSettings:
    """Tool servers in the order the user added them, the tools allowed without asking (per
    server), and the most tool calls one message may make."""

    servers: list[ToolServer] = field(default_factory=list)
    always_allowed: dict[str, list[str]] = field(default_factory=dict)  # server -> tools
    max_steps: int = DEFAULT_MAX_STEPS

    def server(self, name: str) -> ToolServer | None:
        """The server called ``name``, or None."""
        return next((s for s in self.servers if s.name == name), None)

    def put(self, server: ToolServer) -> ToolServer:
        """Add ``server``, or replace the one with its name (keeping its place).

        Raises:
            ToolServerError: reason ``bad_config`` (see ``config.check_server``).
        """
        server = check_server(server)
        for i, old in enumerate(self.servers):
            if old.name == server.name:
                self.servers[i] = server
                return server
        self.servers.append(server)
        return server

    def remove(self, name: str) -> bool:
        """Forget the server ``name`` and its allowed tools; True when there was one."""
        before = len(self.servers)
        self.servers = [s for s in self.servers if s.name != name]
        self.always_allowed.pop(name, None)
        return len(self.servers) != before

    def is_allowed(self, server: str, tool: str) -> bool:
        """True when the user chose "always allow" for this tool."""
        return tool in self.always_allowed.get(server, [])

    def allow_always(self, server: str, tool: str) -> None:
        """Remember "always allow" for ``tool`` on ``server``."""
        tools = self.always_allowed.setdefault(server, [])
        if tool not in tools:
            tools.append(tool)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to disk."""
        return {"schema_version": TOOLS_SCHEMA_VERSION,
                "servers": [{"name": s.name, **entry_of(s)} for s in self.servers],
                "always_allowed": {k: list(v) for k, v in self.always_allowed.items()},
                "max_steps": self.max_steps}


def tool_settings_from_dict(data: dict[str, Any]) -> ToolSettings:
    """``ToolSettings`` from the file's JSON form; a bad server entry is skipped (logged by
    name only).

    Raises:
        TypeError: ``servers``, ``always_allowed`` or ``max_steps`` has the wrong shape.
    """
    out = ToolSettings()
    servers = data.get("servers", [])
    if not isinstance(servers, list):
        raise TypeError("servers must be a list")
    for entry in servers:
        name = entry.get("name") if isinstance(entry, dict) else None
        try:
            if not isinstance(name, str):
                raise ToolServerError("no name", reason="bad_config", detail="no name")
            out.put(server_from_entry(name, {k: v for k, v in entry.items() if k != "name"}))
        except ToolServerError as exc:
            logger.warning("skipping tool server %r: %s", name, exc.facts.get("detail"))
    allowed = data.get("always_allowed", {})
    if not isinstance(allowed, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v)
            for k, v in allowed.items()):
        raise TypeError("always_allowed must map server names to lists of tool names")
    out.always_allowed = {k: list(v) for k, v in allowed.items()}
    steps = data.get("max_steps", DEFAULT_MAX_STEPS)
    if type(steps) is not int or not 1 <= steps <= MAX_STEPS_LIMIT:
        raise TypeError(f"max_steps must be a whole number from 1 to {MAX_STEPS_LIMIT}")
    out.max_steps = steps
    return out


class ToolSettingsStore:
    """Loads and saves ``tool_servers.json``; see the module's notes on damaged and newer
    files (``recovered_from``, ``newer_version``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.recovered_from: Path | None = None
        self.newer_version: int | None = None

    def load(self) -> ToolSettings:
        """The tool settings on disk; defaults when there are none or they are damaged.

        Never raises for the file's content.
        """
        self.recovered_from, self.newer_version = None, None
        read = read_versioned_json(self.path, TOOLS_SCHEMA_VERSION, "tool settings")
        if read.damaged is not None:
            return self._recover(read.damaged)
        self.newer_version = read.newer
        if read.data is None:  # none yet, unreadable, or from a newer Ondol: no servers
            return ToolSettings()
        try:
            return tool_settings_from_dict(read.data)
        except (ValueError, TypeError, RecursionError, AttributeError) as exc:
            return self._recover(str(exc) or type(exc).__name__)

    def save(self, settings: ToolSettings, *, overwrite_newer: bool = False) -> None:
        """Write ``settings`` atomically, readable only by the user.

        Raises:
            ToolServerError: reason ``write_failed`` (facts ``path``, ``errno``, or
                ``schema_version`` when the file on disk is from a newer Ondol).
        """
        if self.newer_version is not None and not overwrite_newer:
            raise ToolServerError(f"{self.path} was written by a newer Ondol; not overwriting.",
                                  reason="write_failed", path=str(self.path),
                                  schema_version=self.newer_version)
        text = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            write_atomically(self.path, text, private=True)
        except OSError as exc:
            raise ToolServerError(f"Could not save {self.path}: {exc.strerror or exc}",
                                  reason="write_failed", path=str(self.path),
                                  errno=exc.errno) from exc
        self.newer_version = None

    def _recover(self, why: str) -> ToolSettings:
        self.recovered_from = move_aside(self.path, "tool settings", why) or self.recovered_from
        return ToolSettings()
