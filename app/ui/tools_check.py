"""Check one tool server: start it in a throwaway ``ToolHost``, list its tools, end it.

The start runs on a pool thread (``Background``), never on the GUI thread. A check can be
cancelled (the dialog closed): the host cannot be interrupted in the middle of a start, so the
check ends its server as soon as the start returns (at most ``CHECK_TIMEOUT`` seconds) and its
answer is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

from app.core.errors import OndolError, ToolServerError
from app.core.tools.config import ToolServer
from app.core.tools.results import ToolSpec
from app.ui.background import Background

CHECK_TIMEOUT = 20.0  # seconds for a checked server to start and list its tools


def list_tools(server: ToolServer, timeout: float = CHECK_TIMEOUT,
               cancelled: threading.Event | None = None) -> list[ToolSpec]:
    """Start ``server`` alone (even when it is switched off), list its tools, end it.

    Blocks: call it off the GUI thread.

    Raises:
        ToolServerError: reason ``start_failed`` (fact ``detail``) when it did not start or
            answer within ``timeout`` seconds; ``server_down`` when ``cancelled`` was set.
    """
    from app.core.tools.host import ToolHost  # the tools' machinery only when used

    host = ToolHost()
    try:
        if cancelled is not None and cancelled.is_set():
            raise _cancelled(server)
        failed = host.start([replace(server, enabled=True)], timeout)
        if server.name in failed:
            raise failed[server.name]
        if cancelled is not None and cancelled.is_set():
            raise _cancelled(server)
        return host.tools()
    finally:
        host.close()


def _cancelled(server: ToolServer) -> ToolServerError:
    return ToolServerError("The check was cancelled.", reason="server_down", server=server.name)


class ServerCheck:
    """One check in flight: ``start`` hands it to ``background``; ``cancel`` drops it."""

    def __init__(self, background: Background, server: ToolServer) -> None:
        self.server = server
        self._background = background
        self._cancelled = threading.Event()
        self._finished = threading.Event()

    @property
    def finished(self) -> bool:
        """The server's host has been closed (the check ended, however it ended)."""
        return self._finished.is_set()

    def start(self, on_done: Callable[[list[ToolSpec]], None],
              on_failed: Callable[[OndolError], None]) -> bool:
        """Begin the check; False (nothing started) once the dialog is closing.

        Raises:
            Nothing: failures come to ``on_failed`` as a ``ToolServerError``.
        """
        def work() -> list[ToolSpec]:
            try:
                return list_tools(self.server, cancelled=self._cancelled)
            finally:
                self._finished.set()

        def wrap(err: Exception) -> OndolError:
            return ToolServerError(f"Tool server {self.server.name!r} did not start: {err}",
                                   reason="start_failed", server=self.server.name,
                                   detail=str(err))

        return self._background.run(work, on_done, on_failed, wrap)

    def cancel(self) -> None:
        """Stop caring: the server is ended as soon as its start returns."""
        self._cancelled.set()
