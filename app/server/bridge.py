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
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

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
