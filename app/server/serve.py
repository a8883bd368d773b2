"""Running the server: check the address, bind it, serve with uvicorn on a thread of its own
(the window's) or the calling one (``ondol serve``), stop cleanly."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import uvicorn

from app.core.errors import ServerSettingsError
from app.server.app import create_app
from app.server.defaults import DEFAULT_HOST, DEFAULT_PORT
from app.server.pool import ModelPool
from app.server.request_log import RequestLog


@dataclass(frozen=True)
class ServerOptions:
    """How the server listens and who may use it."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0: any free port
    api_key: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(options: ServerOptions) -> socket.socket:
    """The listening socket, after the rule that a wider address needs an API key.

    Raises:
        ServerSettingsError: no key for a non-loopback address, the port is taken, or the
            address cannot be bound.
    """
    if not is_loopback(options.host) and not options.api_key:
        raise ServerSettingsError(
            f"Listening on {options.host} lets other computers in: set an API key first "
            "(--api-key), or listen on 127.0.0.1.", reason="needs_api_key",
            host=options.host, port=options.port)
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((options.host, options.port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        taken = err.errno == errno.EADDRINUSE
        raise ServerSettingsError(
            f"Port {options.port} on {options.host} is already in use; choose another port."
            if taken else f"Cannot listen on {options.host}:{options.port}: {err.strerror}.",
            reason="port_in_use" if taken else "cannot_bind", host=options.host,
            port=options.port) from None
    return sock


class Server:
    """One running server over ``pool``."""

    def __init__(self, pool: ModelPool, options: ServerOptions) -> None:
        self.pool = pool
        self.options = options
        self.log = RequestLog()
        self._socket = bind(options)
        self.port: int = self._socket.getsockname()[1]
        app = create_app(pool, self.log, api_key=options.api_key, cors_origins=options.cors_origins)
        config = uvicorn.Config(app, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=3, lifespan="off")
        self._uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """What an OpenAI client's ``base_url`` is set to."""
        host = self.options.host
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{self.port}/v1"

    def run(self) -> None:
        """Serve on this thread until ``stop`` (or Ctrl+C, on the main thread)."""
        try:
            self._uvicorn.run(sockets=[self._socket])
        finally:
            self._socket.close()

    def start(self) -> None:
        """Serve on a thread of its own; returns once the server accepts requests."""
        self._thread = threading.Thread(target=self.run, name="ondol-server", daemon=True)
        self._thread.start()
        while not self._uvicorn.started and self._thread.is_alive():
            self._thread.join(0.02)

    def stop(self, unload: bool = True) -> None:
        """Stop serving (requests under way are given a few seconds); unload the models."""
        self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        with contextlib.suppress(OSError):
            self._socket.close()
        if unload:
            self.pool.close()


def parse_origins(values: Sequence[str]) -> tuple[str, ...]:
    """``--cors`` values, comma-separated or repeated."""
    return tuple(o.strip() for v in values for o in v.split(",") if o.strip())
