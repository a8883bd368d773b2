"""The window's running tools: one ``ToolHost``, started when a chat first needs tools.

Starting servers and calling tools block (processes, network), so both run on the
``Background`` pool and answer on the GUI thread. The enabled servers come from
``ToolSettingsStore`` each time the host starts; ``restart`` (on ``toolsChanged``) drops the
host so the next need starts the new set; ``close`` ends every server process with the
window. The MCP SDK is imported only when a host first starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.errors import OndolError
from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.results import ToolResult, ToolSpec
from app.ui.background import Background

if TYPE_CHECKING:
    from app.core.tools.host import ToolHost

CALL_TIMEOUT = 60.0


class ToolService(QObject):
    """The tool host of one window, used from the GUI thread only."""

    problems = Signal(object)  # {server name: ToolServerError} of servers that did not start

    def __init__(self, settings_store: ToolSettingsStore, background: Background) -> None:
        super().__init__()
        self.settings_store = settings_store
        self.background = background
        self._host: ToolHost | None = None
        self._specs: list[ToolSpec] | None = None  # None: not started (or restarting)
        self._waiting: list[Callable[[list[ToolSpec]], None]] = []

    def settings(self) -> ToolSettings:
        """The tool settings as saved now (permissions, step limit, servers)."""
        return self.settings_store.load()

    def enabled(self) -> bool:
        """Some tool server is enabled (else a chat offers no tools)."""
        return any(s.enabled for s in self.settings().servers)

    def tools(self, done: Callable[[list[ToolSpec]], None]) -> None:
        """``done(specs)`` on the GUI thread with the running servers' tools, starting the
        host first if it is not running ([] when no server is enabled or none started)."""
        if self._specs is not None:
            done(list(self._specs))
            return
        self._waiting.append(done)
        if len(self._waiting) > 1:
            return  # a start is under way; it answers everyone
        servers = [s for s in self.settings().servers if s.enabled]
        host = self._host

        def start() -> tuple[ToolHost, dict[str, Any], list[ToolSpec]]:
            from app.core.tools.host import ToolHost  # the SDK, only now

            started = host or ToolHost()
            problems = started.start(servers) if servers else {}
            return started, problems, started.tools()

        self.background.run(start, self._started, self._start_failed)

    def _started(self, outcome: tuple[ToolHost, dict[str, Any], list[ToolSpec]]) -> None:
        self._host, problems, specs = outcome
        self._specs = specs
        if problems:
            self.problems.emit(problems)
        self._answer(specs)

    def _start_failed(self, _error: OndolError) -> None:
        self._answer([])

    def _answer(self, specs: list[ToolSpec]) -> None:
        waiting, self._waiting = self._waiting, []
        for done in waiting:
            done(list(specs))

    def call(self, server: str, tool: str, arguments: dict[str, Any],
             done: Callable[[ToolResult], None]) -> None:
        """Run one call off the GUI thread; ``done(result)`` on it (failures are results)."""
        host = self._host
        if host is None:
            done(ToolResult("The tools are not running.", True, False, "server_down"))
            return

        def failed(error: OndolError) -> None:
            done(ToolResult(error.message, True, False, "server_down"))

        self.background.run(lambda: host.call(server, tool, arguments, CALL_TIMEOUT), done,
                            failed)

    def restart(self) -> None:
        """The servers changed: the next chat that needs tools starts them again."""
        old, self._host, self._specs = self._host, None, None
        if old is not None:
            self.background.run(old.close, lambda _none: None, lambda _error: None)

    def close(self) -> None:
        """The window closes: every server process ends (bounded, on this thread)."""
        old, self._host, self._specs = self._host, None, None
        if old is not None:
            old.close(timeout=4.0)
