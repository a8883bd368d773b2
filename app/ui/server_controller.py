"""The window's local server: start and stop it off the GUI thread, remember its settings, and
pass on what it logs and which models it holds.

The server answers on threads of its own; its request log calls a listener on those threads,
and that listener only emits a Qt signal, which Qt queues to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.settings.settings import Settings, SettingsStore, check_server_value
from app.server.pool import ModelPool
from app.server.request_log import LogEntry
from app.ui.background import Background
from app.ui.model_share import SharedClient
from app.ui.words.errors import error_text

if TYPE_CHECKING:  # FastAPI and uvicorn load when the server first starts, not with the window
    from app.server.serve import Server, ServerOptions

logger = logging.getLogger(__name__)

OFF, STARTING, ON, STOPPING = "off", "starting", "on", "stopping"
LOADED_POLL_MS = 1000  # the loaded models and their memory, read again while serving

PoolFactory = Callable[[AppContext], ModelPool]


def _default_pool(ctx: AppContext) -> ModelPool:
    return ModelPool(ctx, max_loaded=1)


class ServerController(QObject):
    """One local server for the window: off, starting, on or stopping."""

    stateChanged = Signal(str)  # OFF, STARTING, ON or STOPPING
    addressChanged = Signal(str)  # the base URL while on, "" while off
    failed = Signal(object)  # the OndolError that stopped a start or a stop
    logged = Signal(object)  # a LogEntry (emitted on a server thread: queued to the GUI's)
    loadedChanged = Signal(list)  # [(model name, resident bytes, lent by the window)]
    status = Signal(str)  # a sentence for the window's status line

    def __init__(self, ctx: AppContext, settings: Settings, store: SettingsStore,
                 background: Background, pool_factory: PoolFactory = _default_pool,
                 share: SharedClient | None = None) -> None:
        super().__init__()
        self.share = share  # the window's model, lent to the server while it runs
        self.ctx, self.settings, self.store = ctx, settings, store
        self.background = background
        self._pool_factory = pool_factory
        self.server: Server | None = None
        self.state = OFF
        # A start finishing on a pool thread and the window closing meet here: whichever comes
        # second stops the server, so none is left listening after the window has gone.
        self._lock = threading.Lock()
        self._closed = False
        self._loaded: list[tuple[str, int, bool]] = []
        self._poll = QTimer(self, interval=LOADED_POLL_MS)
        self._poll.timeout.connect(self.refresh_loaded)
        self.logged.connect(lambda _entry: self.refresh_loaded())

    # -- settings ------------------------------------------------------------------------

    def options(self) -> ServerOptions:
        """How the next start listens."""
        from app.server.serve import ServerOptions

        s = self.settings
        return ServerOptions(host=s.server_host, port=s.server_port, api_key=s.server_api_key)

    def set_setting(self, name: str, value: object) -> None:
        """Remember one server setting (``server_port``, ``server_api_key``, ...) and save.

        Raises:
            InvalidParameterError: the value is not allowed (the page never offers one).
        """
        setattr(self.settings, name, check_server_value(name, value))
        try:
            self.store.save(self.settings)
        except OndolError as err:
            self.status.emit(error_text(err))

    # -- starting and stopping -------------------------------------------------------------

    def start(self) -> None:
        """Start serving (on a pool thread); nothing happens unless the server is off."""
        if self.state != OFF:
            return
        options, ctx, factory, share = self.options(), self.ctx, self._pool_factory, self.share

        def work() -> Server:
            from app.server.serve import Server

            pool = factory(ctx)
            try:
                server = Server(pool, options)
            except BaseException:
                pool.close()
                raise
            server.log.listen(self._hear)
            if share is not None and not self._closed:
                share.attach(pool)  # before the first request: no second copy is loaded
            server.start()
            with self._lock:
                closed = self._closed
                if not closed:
                    self.server = server  # from now on ``close`` stops it
            if closed:
                self._stop(server)  # the window closed while the server was starting
            return server

        if self.background.run(work, self._on_started, self._on_start_failed):
            self._set_state(STARTING)

    def stop(self) -> None:
        """Stop serving and unload the server's models (on a pool thread)."""
        server = self.server
        if self.state != ON or server is None:
            return
        if self.background.run(lambda: self._stop(server), lambda _none: self._on_stopped(),
                               self._on_stop_failed):
            self._set_state(STOPPING)

    def set_running(self, on: bool) -> None:
        """The page's switch: start or stop."""
        if on:
            self.start()
        else:
            self.stop()

    def close(self) -> None:
        """The window is closing: stop the server here and now (bounded by its grace time)."""
        self._poll.stop()
        with self._lock:
            self._closed = True
            server, self.server = self.server, None
        if server is not None:
            try:
                self._stop(server)
            except Exception:  # closing must go on; the log says what went wrong
                logger.exception("stopping the server failed")

    def _stop(self, server: Server) -> None:
        """Stop serving, then take the window's model back (no request uses it any more)."""
        try:
            server.stop()
        finally:
            if self.share is not None:
                self.share.detach()

    def _on_started(self, server: Server) -> None:
        self._set_state(ON)
        self.addressChanged.emit(server.base_url)
        self._poll.start()
        self.refresh_loaded()

    def _on_start_failed(self, error: OndolError) -> None:
        self._set_state(OFF)
        self.failed.emit(error)
        self.status.emit(error_text(error))

    def _on_stopped(self) -> None:
        self.server = None
        self._poll.stop()
        self._set_state(OFF)
        self.addressChanged.emit("")
        self.refresh_loaded()

    def _on_stop_failed(self, error: OndolError) -> None:
        self._on_stopped()  # the socket is closed either way; say what went wrong
        self.failed.emit(error)
        self.status.emit(error_text(error))

    def _set_state(self, state: str) -> None:
        self.state = state
        self.stateChanged.emit(state)

    # -- what the server reports -----------------------------------------------------------

    def _hear(self, entry: LogEntry) -> None:
        """On a server thread: hand the entry to the GUI thread (if the window still exists)."""
        if shiboken6.isValid(self):
            self.logged.emit(entry)

    def refresh_loaded(self) -> None:
        """Read which models the server holds, and which of them is the window's own (lent,
        not a second copy); ``loadedChanged`` when that changed."""
        server = self.server
        loaded = [] if server is None else sorted(
            (slot.model.name, slot.loaded.rss_bytes, slot.adopted)
            for slot in server.pool.loaded() if slot.loaded is not None)
        if loaded != self._loaded:
            self._loaded = loaded
            self.loadedChanged.emit(loaded)
