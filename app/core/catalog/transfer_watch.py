"""The watch over one transfer: a stop asked, or a server too slow to ever finish.

A read waits on the socket for as long as the stall timeout allows, and a server that sends a
byte now and then keeps it waiting for ever. A small thread beside the transfer checks the stop
flag and the progress deadline a few times a second and, when either says so, shuts the socket
down: the blocked read returns at once, whatever the server does. A connect is not woken that
way, so the watch also makes the connection itself, waiting for it in short steps.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from app.core.errors import DownloadCancelledError

T = TypeVar("T")
TICK_S = 0.1  # how often the stop flag and the deadline are checked
# connect_ex's answers for "under way" (Windows says would-block).
_CONNECTING = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN,
               getattr(errno, "WSAEWOULDBLOCK", errno.EWOULDBLOCK)}


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
        self._cut = threading.Event()  # set once a stop or the deadline cut the transfer
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

    def pause(self, seconds: float) -> None:
        """Wait between attempts; returns at once when the transfer is cut meanwhile."""
        self._cut.wait(seconds)

    def open_socket(self, address: tuple[str, int], timeout: float | None = None,
                    source_address: tuple[str, int] | None = None) -> socket.socket:
        """``socket.create_connection`` that gives up within a tick of a cut: the connect is
        waited for in short steps, since a thread blocked in ``connect`` (a server whose queue
        is full, an address nothing answers) is not woken by shutting its socket down.

        Raises:
            ConnectionAbortedError: the transfer was cut while connecting.
            TimeoutError: no connection within ``timeout`` seconds.
            OSError: the address cannot be resolved or refuses the connection.
        """
        deadline = time.monotonic() + (timeout if timeout is not None else 3600.0)
        error: OSError | None = None
        for family, kind, proto, _name, where in socket.getaddrinfo(
                *address, 0, socket.SOCK_STREAM):
            sock = socket.socket(family, kind, proto)
            try:
                if source_address:
                    sock.bind(source_address)
                self._connect(sock, where, deadline)
                sock.settimeout(timeout)
                return sock
            except OSError as err:
                sock.close()
                error = err
                if self.why is not None or isinstance(err, TimeoutError):
                    break
        raise error or OSError(f"no address found for {address[0]}")

    def _connect(self, sock: socket.socket, where: tuple[object, ...], deadline: float) -> None:
        sock.setblocking(False)
        code = sock.connect_ex(where)
        if code not in _CONNECTING:
            raise OSError(code, os.strerror(code))
        while code != 0:
            if self.why is not None:
                raise ConnectionAbortedError("The transfer was stopped while connecting.")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("timed out while connecting")
            _, ready, failed = select.select([], [sock], [sock], min(TICK_S, left))
            if ready or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    raise OSError(code, os.strerror(code))
                return

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
                self._cut.set()

    def _cut_locked(self) -> None:
        sock = self._conn.sock if self._conn is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked on it


def unless_stopped(call: Callable[[], T], stopped: Callable[[], bool]) -> T:
    """``call()`` (a request Ondol does not make itself, such as the hub client's lookup of a
    file) on a thread of its own, given up on as soon as ``stopped()`` turns true: a cancel
    need not wait for that client's own timeout. The abandoned thread ends at that timeout.

    Raises:
        DownloadCancelledError: ``stopped()`` turned true first.
        Exception: whatever ``call()`` raised.
    """
    done = threading.Event()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as err:  # handed to the caller's thread
            failure.append(err)
        finally:
            done.set()

    threading.Thread(target=run, name="ondol-transfer-lookup", daemon=True).start()
    while not done.wait(TICK_S):
        if stopped():
            raise DownloadCancelledError("The download was stopped.")
    if failure:
        raise failure[0]
    return outcome[0]
