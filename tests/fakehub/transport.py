"""Sockets for the fake hub: fault switches, the request log, a server and its handler.

``Server`` closes and re-opens its listening socket on the same port as ``Faults.down`` says, and
tracks its open connections so that ``down`` and ``stop`` can cut them.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Faults:
    """Faults applied by both servers; change them at any time, from any thread.

    ``drop_after_bytes``: each file body takes the next number and the connection is closed
    after that many bytes of it (a number >= the body length is used up without effect).
    ``throttle_bytes_per_s``: cap each file body's rate (read live, so it can change mid-body).
    ``stall``: read the request, then never answer (until cleared or the hub stops).
    ``ignore_range``: answer ``Range`` requests with 200 and the whole file.
    ``corrupt_byte_at``: flip the byte at that file offset in every body served.
    ``down``: close the listening sockets and every open connection (connection refused);
    setting it returns once both servers have gone down / come back on the same ports.
    ``tokens``: bearer tokens accepted for gated repos.
    ``truncate_at``: every file body ends there, the connection closed cleanly.
    ``no_content_length`` / ``extra_bytes``: bodies without a length (ended by closing the
    connection), followed by that many bytes past the file's end.
    ``redirect_to``: every GET of a file (hub or CDN) is redirected to this address.
    ``hide_size``: the hub states no size for a file (no ``X-Linked-Size``, no length on HEAD).
    ``endless_body``: bodies without a length that go on with zeros past the file's end until
    the client stops reading (at ``throttle_bytes_per_s`` when set).
    ``missing``: file names (repo paths) the hub answers 404 for.
    """

    def __init__(self, on_down: Any = None) -> None:
        self._lock = threading.Lock()
        self._on_down = on_down
        self._down = False
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.drop_after_bytes: list[int] = []
            self.throttle_bytes_per_s: float | None = None
            self.stall = False
            self.ignore_range = False
            self.corrupt_byte_at: int | None = None
            self.tokens: set[str] = set()
            self.truncate_at: int | None = None
            self.no_content_length = False
            self.extra_bytes = 0
            self.redirect_to: str | None = None
            self.hide_size = False
            self.endless_body = False
            self.missing: set[str] = set()
        self.down = False

    @property
    def down(self) -> bool:
        return self._down

    @down.setter
    def down(self, value: bool) -> None:
        self._down = bool(value)
        if self._on_down is not None:
            self._on_down(self._down)

    def take_drop(self) -> int | None:
        with self._lock:
            return self.drop_after_bytes.pop(0) if self.drop_after_bytes else None


@dataclass
class RecordedRequest:
    """One request as received. ``headers`` keys are lower-case; ``query`` values are lists."""

    server: str  # "hub" or "cdn"
    method: str
    path: str  # as sent, without the query string (still percent-encoded)
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hub: Any, role: str) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hub, self.role = hub, role
        self.port = self.server_address[1]
        self.listening = True
        self.stopping = threading.Event()
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def kill_connections(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def loop(self) -> None:
        """Accept until stopped; close / re-open the listening socket as ``faults.down`` says."""
        while not self.stopping.is_set():
            down = self.hub.faults.down
            if down and self.listening:
                self.socket.close()
                self.listening = False
                self.kill_connections()
            elif not down and not self.listening:
                self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self.socket.bind(("127.0.0.1", self.port))
                self.socket.listen(self.request_queue_size)
                self.listening = True
            if not self.listening:
                self.stopping.wait(0.01)
                continue
            if select.select([self.socket], [], [], 0.05)[0]:
                self._handle_request_noblock()
        if self.listening:
            self.socket.close()
            self.listening = False
        self.kill_connections()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hub._dispatch(self, self.server.role, head=False)

    def do_HEAD(self) -> None:
        self.server.hub._dispatch(self, self.server.role, head=True)

    # ---- responses -----------------------------------------------------------------------------

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, obj: Any, headers: dict[str, str] | None = None) -> None:
        self.reply(200, json.dumps(obj).encode(), headers)

    def error(self, status: int, code: str | None, message: str) -> None:
        headers = {"X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        self.reply(status, json.dumps({"error": message}).encode(), headers)

    def abort(self) -> None:
        """Drop the connection abruptly (the client sees an incomplete body)."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """``bytes=N-``, ``bytes=N-M`` or ``bytes=-K`` → [start, end); None if unsatisfiable."""
    unit, _, spec = header.partition("=")
    first, _, last = spec.split(",")[0].strip().partition("-")
    try:
        if unit.strip() != "bytes":
            return None
        if not first:
            start, end = max(0, size - int(last)), size
        else:
            start = int(first)
            end = min(size, int(last) + 1) if last else size
    except ValueError:
        return None
    return (start, end) if start < end else None
