"""What the server answered, newest last: the Server page's live log and the figures a
benchmark reads. Kept in memory (the last ``limit`` requests); listeners hear each entry."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LogEntry:
    """One request: when, which endpoint and model, its tokens and speed, how it ended."""

    at: float  # time.time()
    endpoint: str
    model: str
    status: int  # the HTTP status
    finish: str = ""  # stop, length, cancelled (a client that left), or the error code
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_second: float = 0.0
    seconds: float = 0.0


class RequestLog:
    """The last ``limit`` entries, safe to add to from any thread."""

    def __init__(self, limit: int = 500) -> None:
        self._entries: deque[LogEntry] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[LogEntry], None]] = []

    def add(self, entry: LogEntry) -> None:
        """Record ``entry`` and tell the listeners (on the calling thread)."""
        with self._lock:
            self._entries.append(entry)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(entry)

    def entries(self) -> list[LogEntry]:
        """Oldest first."""
        with self._lock:
            return list(self._entries)

    def listen(self, listener: Callable[[LogEntry], None]) -> None:
        """Call ``listener`` with every new entry."""
        with self._lock:
            self._listeners.append(listener)


def now() -> float:
    """The clock entries are stamped with."""
    return time.time()
