"""From the runtime's blocking event stream to the server's async handlers.

Each request runs its blocking work (waiting for its turn, loading, reading the host's
events) on a thread of its own and hands the events over through an asyncio queue. When the
handler is abandoned (the client disconnected, so the stream is cancelled), ``on_abandon``
runs at once: the request stops waiting or the host stops generating, and the model's next
request starts.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable
from typing import Any

from app.core.runtime import events as ev

_END = object()


async def events_of(work: Callable[[threading.Event], Iterable[Any]],
                    on_abandon: Callable[[], None]) -> AsyncIterator[Any]:
    """Yield what ``work(abandoned)`` yields, run on its own thread.

    ``abandoned`` is set when the consumer stops early; ``on_abandon`` is called then too.

    Raises:
        Exception: whatever ``work`` raised, in the consumer.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    abandoned = threading.Event()

    def put(item: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the server's loop has closed: nobody is listening
            abandoned.set()

    def run() -> None:
        try:
            for item in work(abandoned):
                if abandoned.is_set():
                    break
                put(item)
            put(_END)
        except BaseException as err:  # handed to the consumer
            put(err)

    threading.Thread(target=run, name="ondol-server-request", daemon=True).start()
    finished = False
    try:
        while True:
            item = await queue.get()
            if item is _END:
                finished = True
                return
            if isinstance(item, BaseException):
                finished = True
                raise item
            yield item
    finally:
        if not finished:
            abandoned.set()
            on_abandon()


class StartedEvents:
    """A request's events with the first ones (up to the prompt being ready) already in hand,
    then the rest as they come; ``aclose`` stops the request if it is still running."""

    def __init__(self, first: list[Any], rest: AsyncGenerator[Any, None]) -> None:
        self.first = first
        self._rest = rest

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._all()

    async def _all(self) -> AsyncIterator[Any]:
        for event in self.first:
            yield event
        async for event in self._rest:
            yield event

    async def aclose(self) -> None:
        """Stop the request (if it still runs) and free its thread's queue."""
        await self._rest.aclose()


async def start_events(work: Callable[[threading.Event], Iterable[Any]],
                       on_abandon: Callable[[], None],
                       on_failure: Callable[[BaseException], None]) -> StartedEvents:
    """``events_of``, awaited up to the prompt being ready (or the first text, or the end),
    before a handler commits to a response: a failure until then (unknown model, busy, a
    prompt too long) can still be answered with its own status instead of a broken stream.

    Raises:
        Exception: what the request failed with before it started (after ``on_failure``).
    """
    events = events_of(work, on_abandon)
    first: list[Any] = []
    try:
        async for event in events:
            first.append(event)
            if isinstance(event, ev.PromptReady | ev.Delta | ev.Done):
                break
    except BaseException as err:
        on_failure(err)
        await events.aclose()
        raise
    return StartedEvents(first, events)
