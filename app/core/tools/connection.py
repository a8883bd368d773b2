"""One live connection to a tool server, on the tool host's asyncio loop.

The MCP SDK's transports are async context managers whose task groups must be left by the
task that entered them, so each connection lives in its own task (``_run``): it opens the
transport and the session, lists the tools, then waits until it is told to stop. Calls come
from other tasks on the same loop and use the session it opened.

This module imports the SDK at its top; ``host`` imports it only when servers start, so the
window does not pay for the SDK until tools are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
from contextlib import AsyncExitStack
from typing import Any

import psutil
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import CONNECTION_CLOSED, REQUEST_TIMEOUT, PaginatedRequestParams

from app.core.errors import ToolServerError
from app.core.tools.config import ToolServer
from app.core.tools.results import ToolResult, join_content

logger = logging.getLogger("ondol.tools")

# An SSE event larger than this is refused; a tool may return a lot (it is cut later), but
# not without bound.
MAX_HTTP_EVENT_BYTES = 64 * 2**20
_STDERR_TAIL = 600  # characters of a server's stderr shown when it fails to start


def _leaf(exc: BaseException) -> BaseException:
    """The first real error inside (possibly nested) exception groups."""
    inner = getattr(exc, "exceptions", None)  # BaseExceptionGroup (a backport before 3.11)
    while isinstance(inner, (list, tuple)) and inner:
        exc = inner[0]
        inner = getattr(exc, "exceptions", None)
    return exc


def _describe(exc: BaseException) -> str:
    exc = _leaf(exc)
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _session_leaders() -> set[int]:
    """Our children that lead their own session: how the SDK starts stdio servers."""
    found: set[int] = set()
    if os.name != "posix":
        return found  # elsewhere the SDK puts each server in a job object of its own
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, OSError):
            if os.getsid(child.pid) == child.pid:
                found.add(child.pid)
    return found


class ServerConnection:
    """A server's session and tools; ``down`` names why it is not usable (None: it is)."""

    def __init__(self, server: ToolServer, spawn_lock: asyncio.Lock) -> None:
        self.server = server
        self.session: ClientSession | None = None
        self.tools: list[Any] = []  # the SDK's Tool objects
        self.pids: set[int] = set()  # the stdio server's process (group leader)
        self.down: str | None = "not_started"
        self._spawn_lock = spawn_lock
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stderr: Any = None

    async def open(self, timeout: float) -> None:
        """Start the server (or reach it), do the MCP handshake and list its tools.

        Raises:
            ToolServerError: reason ``start_failed`` (fact ``detail``): the command cannot be
                run, the URL does not answer MCP, or the handshake took over ``timeout`` s.
        """
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self._run(ready), name=f"mcp:{self.server.name}")
        try:
            await asyncio.wait_for(asyncio.shield(ready), timeout)
        except (TimeoutError, asyncio.TimeoutError):
            error = self._start_failed(f"no answer within {timeout:g} s")
        except Exception as exc:  # any failure to start is "start_failed"
            error = self._start_failed(_describe(exc))
        else:
            self.down = None
            return
        await self.close()
        if ready.done() and not ready.cancelled():
            ready.exception()  # retrieved: no "never retrieved" warning at exit
        raise error

    def _start_failed(self, detail: str) -> ToolServerError:
        tail = self._stderr_tail()
        if tail:
            detail = f"{detail}\n{tail}"
        return ToolServerError(f"Tool server {self.server.name!r} did not start: {detail}",
                               reason="start_failed", server=self.server.name, detail=detail)

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - _STDERR_TAIL * 4))
            return self._stderr.read().decode("utf-8", "replace")[-_STDERR_TAIL:].strip()
        return ""

    async def _transport(self, stack: AsyncExitStack) -> tuple[Any, Any]:
        server = self.server
        if server.command is not None:
            params = StdioServerParameters(command=server.command, args=list(server.args),
                                           env=dict(server.env) or None)
            self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            async with self._spawn_lock:  # one spawn at a time, to know which child is whose
                before = _session_leaders()
                streams = await stack.enter_async_context(stdio_client(params,
                                                                       errlog=self._stderr))
                self.pids = _session_leaders() - before
            return streams[0], streams[1]
        client = await stack.enter_async_context(
            create_mcp_http_client(headers=dict(server.headers) or None))
        streams = await stack.enter_async_context(streamable_http_client(
            server.url or "", http_client=client, max_sse_event_size=MAX_HTTP_EVENT_BYTES))
        return streams[0], streams[1]

    async def _run(self, ready: asyncio.Future[None]) -> None:
        try:
            async with AsyncExitStack() as stack:
                read, write = await self._transport(stack)
                session = await stack.enter_async_context(ClientSession(read, write))
                await session.initialize()
                tools: list[Any] = []
                cursor: str | None = None
                while True:
                    params = PaginatedRequestParams(cursor=cursor) if cursor else None
                    listed = await session.list_tools(params=params)
                    tools.extend(listed.tools)
                    cursor = listed.next_cursor
                    if not cursor:
                        break
                self.tools, self.session = tools, session
                ready.set_result(None)
                await self._stop.wait()
        except BaseException as exc:
            if not ready.done():
                if isinstance(exc, asyncio.CancelledError):
                    ready.cancel()
                else:
                    ready.set_exception(exc)
            elif not isinstance(exc, asyncio.CancelledError):
                logger.warning("tool server %s ended: %s", self.server.name, _describe(exc))
                self.down = self.down or "server_crashed"
            if not isinstance(exc, Exception):
                raise
        finally:
            self.session = None

    async def call(self, tool: str, arguments: dict[str, Any], timeout: float) -> ToolResult:
        """Call ``tool``; every failure is an error result, never an exception."""
        session = self.session
        if session is None or self.down:
            return ToolResult(f"The tool server {self.server.name} is not running.", True,
                              False, "server_down")
        try:
            result = await asyncio.wait_for(
                session.call_tool(tool, arguments, read_timeout_seconds=timeout), timeout + 2)
        except MCPError as exc:
            if exc.code == REQUEST_TIMEOUT:
                return self._timed_out(tool, timeout)
            if exc.code == CONNECTION_CLOSED or not self._alive():
                return await self._crashed(tool)
            text, cut_off = join_content([_Text(exc.message)])
            return ToolResult(text, True, cut_off, "rejected")
        except (TimeoutError, asyncio.TimeoutError):
            return self._timed_out(tool, timeout)
        except Exception as exc:  # a broken transport is a crashed server
            logger.warning("tool %s on %s failed: %s", tool, self.server.name, _describe(exc))
            return await self._crashed(tool)
        text, cut_off = join_content(result.content)
        if result.is_error:
            return ToolResult(text or "The tool reported an error.", True, cut_off, "tool_error")
        return ToolResult(text, False, cut_off, None)

    def _alive(self) -> bool:
        """False when the stdio server's process has ended (or is a zombie)."""
        for pid in self.pids:
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    return False
            except psutil.Error:
                return False
        return True

    def _timed_out(self, tool: str, timeout: float) -> ToolResult:
        return ToolResult(f"The tool {tool} did not answer within {timeout:g} seconds.", True,
                          False, "timeout")

    async def _crashed(self, tool: str) -> ToolResult:
        self.down = "server_crashed"
        self._stop.set()  # let the task close the transport and reap the process
        return ToolResult(f"The tool server {self.server.name} stopped while running {tool}.",
                          True, False, "server_crashed")

    async def close(self, grace: float = 6.0) -> None:
        """Stop the session and the server (the SDK closes stdin, then kills the process
        group); cancel the task when it takes longer than ``grace`` s."""
        self.down = self.down or "closed"
        self._stop.set()
        task = self._task
        if task is not None and not task.done() and self.session is None:
            task.cancel()  # still starting: nothing to wind down politely
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), grace)
            except (TimeoutError, asyncio.TimeoutError):
                task.cancel()
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(task, 3.0)
            except BaseException:  # the task's own failure was logged
                pass
        if self._stderr is not None:
            with contextlib.suppress(OSError):
                self._stderr.close()
            self._stderr = None


class _Text:
    """A text block for ``join_content`` from a plain string."""

    type = "text"

    def __init__(self, text: str) -> None:
        self.text = text
