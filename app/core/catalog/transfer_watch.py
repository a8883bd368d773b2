"""The watch over one transfer: a stop asked, or a server too slow to ever finish.

A read waits on the socket for as long as the stall timeout allows, and a server that sends a
byte now and then keeps it waiting for ever. A small thread beside the transfer checks the stop
flag and the progress deadline a few times a second and, when either says so, shuts the socket
down: the blocked read returns at once, whatever the server does.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable

TICK_S = 0.1  # how often the stop flag and the deadline are checked


class TransferWatch:
    """Cuts the current connection when ``stopped()`` turns true, or when fewer than
    ``min_bytes`` arrived in the last ``deadline_s`` seconds. ``why`` says which ("stopped",
    "too_slow"); None while neither happened. Use as a context manager around the transfer."""

    def __init__(self, stopped: Callable[[], bool], deadline_s: float, min_bytes: int) -> None:
        self._stopped = stopped
        self._deadline_s = deadline_s
        self._min_bytes = min_bytes
        self._lock = threading.Lock()  # the connection: attached, detached and cut under it
        self._conn: http.client.HTTPConnection | None = None
        self._mark = time.monotonic()  # when the current window of progress began
        self._window_bytes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="ondol-transfer-watch",
                                        daemon=True)
        self.why: str | None = None

    def __enter__(self) -> TransferWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=1)

    def attach(self, conn: http.client.HTTPConnection) -> None:
        """The connection a stop or the deadline cuts (until ``detach``)."""
        with self._lock:
            self._conn = conn
            if self.why is not None:
                self._cut_locked()

    def detach(self) -> None:
        """Close the current connection and forget it."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def arrived(self, n: int) -> None:
        """``n`` bytes came in: a window that reaches ``min_bytes`` starts a new one."""
        self._window_bytes += n
        if self._window_bytes >= self._min_bytes:
            self._mark, self._window_bytes = time.monotonic(), 0

    def _loop(self) -> None:
        while not self._done.wait(TICK_S):
            why = None
            if self._stopped():
                why = "stopped"
            elif time.monotonic() - self._mark > self._deadline_s:
                why = "too_slow"
            if why is not None:
                with self._lock:
                    self.why = self.why or why
                    self._cut_locked()

    def _cut_locked(self) -> None:
        sock = self._conn.sock if self._conn is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked on it
