"""``ToolHost``: the user's tool servers, running, for callers on plain threads.

The MCP SDK is async; the window's worker and the command line are not. The host runs one
asyncio loop on a background thread and every public method hands its work to that loop and
waits for the answer. One server failing (it will not start, it crashes, a call hangs) never
stops the others. ``close`` ends every server process, and an ``atexit`` hook does so when
Ondol ends without calling it (stdio servers run in their own process group, so the hook
kills the whole group).

Typical use::

    host = ToolHost()
    problems = host.start(servers)          # {server name: ToolServerError} for those that failed
    specs = host.tools()                    # ToolSpec per tool, names unique across servers
    spec = host.find("add")                 # the model's tool name → its ToolSpec
    result = host.call(spec.server, spec.tool, {"a": 2, "b": 3}, timeout=30)
    host.close()
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import re
import signal
import threading
import weakref
from collections.abc import Coroutine, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.errors import ToolServerError
from app.core.tools.config import ToolServer
from app.core.tools.results import ToolResult, ToolSpec

if TYPE_CHECKING:
    from app.core.tools.connection import ServerConnection

logger = logging.getLogger("ondol.tools")

START_TIMEOUT = 30.0  # seconds for a server to start and answer the handshake
CALL_TIMEOUT = 60.0
_T = TypeVar("_T")
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_-]")


def qualified_name(server: str, tool: str) -> str:
    """``server__tool`` in the characters function-calling APIs accept, at most 64 long."""
    return _NAME_CHARS.sub("_", f"{server}__{tool}")[:64]


class ToolHost:
    """Connections to tool servers on a private asyncio loop; every method is thread-safe."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="ondol-tools",
                                        daemon=True)
        self._thread.start()
        self._connections: dict[str, ServerConnection] = {}
        self._servers: dict[str, ToolServer] = {}
        self._closed = False
        self._lock = threading.Lock()
        self._spawn_lock: asyncio.Lock | None = None
        # Not a bound method: atexit must not keep the host alive; it keeps the connections,
        # so a host dropped without close() still has its servers killed at the end.
        self._atexit = _AtExit(weakref.ref(self), self._connections)
        atexit.register(self._atexit)

    # -- plumbing ---------------------------------------------------------------------------

    def _run(self, work: Coroutine[Any, Any, _T], timeout: float | None = None) -> _T:
        if self._closed:
            work.close()
            raise ToolServerError("The tool host is closed.", reason="server_down")
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError from None

    async def _lock_for_spawns(self) -> asyncio.Lock:
        if self._spawn_lock is None:
            self._spawn_lock = asyncio.Lock()
        return self._spawn_lock

    # -- servers ----------------------------------------------------------------------------

    def start(self, servers: Iterable[ToolServer],
              timeout: float = START_TIMEOUT) -> dict[str, ToolServerError]:
        """Connect to each enabled server (all at once), do the handshake and list its tools.

        A server already running under that name is restarted. Returns the servers that
        failed, by name, with their error (reason ``start_failed``); the others are up.

        Raises:
            ToolServerError: reason ``server_down`` when the host is closed.
        """
        wanted = [s for s in servers if s.enabled]
        for server in wanted:
            self._servers[server.name] = server
        return self._run(self._start_all(wanted, timeout))

    async def _start_all(self, servers: list[ToolServer],
                         timeout: float) -> dict[str, ToolServerError]:
        from app.core.tools.connection import ServerConnection  # the SDK, only now

        spawn_lock = await self._lock_for_spawns()
        for server in servers:
            old = self._connections.pop(server.name, None)
            if old is not None:
                await old.close()
        connections = [ServerConnection(s, spawn_lock) for s in servers]
        outcomes = await asyncio.gather(*(c.open(timeout) for c in connections),
                                        return_exceptions=True)
        failed: dict[str, ToolServerError] = {}
        for connection, outcome in zip(connections, outcomes, strict=True):
            self._connections[connection.server.name] = connection
            if isinstance(outcome, ToolServerError):
                failed[connection.server.name] = outcome
            elif isinstance(outcome, BaseException):
                failed[connection.server.name] = ToolServerError(
                    f"Tool server {connection.server.name!r} did not start: {outcome}",
                    reason="start_failed", server=connection.server.name, detail=str(outcome))
        for name, error in failed.items():
            logger.warning("tool server %s did not start: %s", name, error.facts.get("detail"))
        return failed

    def restart(self, server: str, timeout: float = START_TIMEOUT) -> None:
        """Stop ``server`` if it runs and start it again (after a crash, or a changed setting).

        Raises:
            ToolServerError: reason ``not_found`` (no server by that name was started),
                ``start_failed`` (it did not come back), ``server_down`` (the host is closed).
        """
        config = self._servers.get(server)
        if config is None:
            raise ToolServerError(f"No tool server named {server!r}.", reason="not_found",
                                  server=server)
        failed = self._run(self._start_all([config], timeout))
        if server in failed:
            raise failed[server]

    def status(self) -> dict[str, str | None]:
        """Each started server's state: None when it is up, else why not (``start_failed``,
        ``server_crashed``, ``closed``, ...)."""
        return {name: ("start_failed" if c.down == "not_started" else c.down)
                for name, c in list(self._connections.items())}

    # -- tools ------------------------------------------------------------------------------

    def tools(self) -> list[ToolSpec]:
        """The tools of every server that is up; a name two servers share becomes
        ``server__tool`` for both."""
        listed = [(name, tool) for name, c in list(self._connections.items()) if c.down is None
                  for tool in c.tools]
        counts: dict[str, int] = {}
        for _, tool in listed:
            counts[tool.name] = counts.get(tool.name, 0) + 1
        specs = []
        for server, tool in listed:
            shown = tool.name if counts[tool.name] == 1 else qualified_name(server, tool.name)
            schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
            specs.append(ToolSpec(server=server, name=shown,
                                  description=tool.description or "",
                                  input_schema=dict(schema), tool=tool.name))
        return specs

    def find(self, name: str) -> ToolSpec | None:
        """The tool the model calls ``name``, or None."""
        return next((spec for spec in self.tools() if spec.name == name), None)

    def call(self, server: str, tool: str, arguments: dict[str, Any],
             timeout: float = CALL_TIMEOUT) -> ToolResult:
        """Call ``tool`` on ``server``; failures are error results (see ``ToolResult``).

        ``server_crashed`` marks the server down (``restart`` brings it back); ``timeout``
        leaves it up. Never raises for the server's or the tool's failures.
        """
        connection = self._connections.get(server)
        if connection is None:
            return ToolResult(f"No tool server named {server}.", True, False, "not_found")
        if connection.down is None and all(t.name != tool for t in connection.tools):
            return ToolResult(f"The tool server {server} has no tool named {tool}.", True,
                              False, "not_found")
        try:
            return self._run(connection.call(tool, dict(arguments), timeout), timeout + 10)
        except ToolServerError:
            return ToolResult("The tools are shut down.", True, False, "server_down")
        except TimeoutError:
            return ToolResult(f"The tool {tool} did not answer within {timeout:g} seconds.",
                              True, False, "timeout")

    # -- the end ----------------------------------------------------------------------------

    def pids(self) -> set[int]:
        """The process ids of the stdio servers started (for the end and for tests)."""
        return {pid for c in list(self._connections.values()) for pid in c.pids}

    def close(self, timeout: float = 8.0) -> None:
        """End every server (and its children) and the loop; safe to call twice.

        Servers that do not end on their own within the SDK's grace time are killed; any
        still alive after ``timeout`` s get SIGKILL to their process group.
        """
        with self._lock:
            if self._closed:
                return
            pids = self.pids()
            try:
                self._run(self._close_all(), timeout)
            except Exception as exc:  # ending must go on whatever happened
                logger.warning("tool servers did not close cleanly: %s", exc)
            self._closed = True
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(2.0)
            _kill_groups(pids)
            atexit.unregister(self._atexit)

    async def _close_all(self) -> None:
        connections = list(self._connections.values())
        await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)


def _kill_groups(pids: Iterable[int]) -> None:
    """SIGKILL each server's process group (its children too); gone ones are skipped."""
    if os.name != "posix":
        return
    for pid in pids:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


class _AtExit:
    """Closes the host when the interpreter ends, or at least kills its servers' groups."""

    def __init__(self, host: weakref.ref[ToolHost],
                 connections: dict[str, ServerConnection]) -> None:
        self._host = host
        self._connections = connections

    def __call__(self) -> None:
        host = self._host()
        pids = {pid for c in list(self._connections.values()) for pid in c.pids}
        try:
            if host is not None and not host._closed:
                host.close(timeout=4.0)
        finally:
            _kill_groups(pids)
