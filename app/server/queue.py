"""Turns in arrival order: requests to one model are served one at a time, first come first
served, and a queue that is already full turns the next one away at once."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class QueueFullError(Exception):
    """More requests are waiting than the queue holds."""


class TurnCancelledError(Exception):
    """The request was given up on while it waited."""


class Turns:
    """A first-in, first-out lock with a bounded queue of waiters."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._cond = threading.Condition()
        self._queue: deque[object] = deque()  # the head holds the turn
        self._held = False

    @property
    def waiting(self) -> int:
        """Requests waiting behind the one being served."""
        with self._cond:
            return max(0, len(self._queue) - (1 if self._held else 0))

    @property
    def busy(self) -> bool:
        """Whether a request holds the turn or waits for it."""
        with self._cond:
            return bool(self._queue)

    @contextmanager
    def turn(self, cancelled: Callable[[], bool] = lambda: False) -> Iterator[None]:
        """Wait for this request's turn, in arrival order, and hold it inside the block.

        Raises:
            QueueFullError: ``limit`` requests already wait.
            TurnCancelledError: ``cancelled()`` turned true while waiting.
        """
        ticket = object()
        with self._cond:
            if len(self._queue) - (1 if self._held else 0) >= self._limit and self._queue:
                raise QueueFullError
            self._queue.append(ticket)
            while self._queue[0] is not ticket or self._held:
                if cancelled():
                    self._queue.remove(ticket)
                    self._cond.notify_all()
                    raise TurnCancelledError
                self._cond.wait(0.05)  # short waits: a cancel is seen within 50 ms
            self._held = True
        try:
            yield
        finally:
            with self._cond:
                self._held = False
                self._queue.popleft()
                self._cond.notify_all()

    @contextmanager
    def try_turn(self) -> Iterator[bool]:
        """The turn if nobody holds or waits for it (True inside the block), else False."""
        with self._cond:
            free = not self._queue
            if free:
                self._queue.append(object())
                self._held = True
        try:
            yield free
        finally:
            if free:
                with self._cond:
                    self._held = False
                    self._queue.popleft()
                    self._cond.notify_all()
