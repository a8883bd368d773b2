"""Shared checks for the property-based tests: typed errors only, bounded time and memory."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from app.core.errors import OndolError

T = TypeVar("T")

# Generous: the real work is milliseconds. Time is the process's CPU time by default, so a
# machine busy with other work does not count against the code (a wall-clock read of 16.7 s
# was seen on a loaded machine for a case that takes well under a second); a runaway loop
# still shows.
TIME_LIMIT_S = 5.0
MEMORY_LIMIT_BYTES = 64 * 1024 * 1024


def bounded(call: Callable[[], T], seconds: float = TIME_LIMIT_S,
            memory: int = MEMORY_LIMIT_BYTES,
            clock: Callable[[], float] = time.process_time) -> T | OndolError:
    """Run ``call``; its result or the OndolError it raised, after checking the bounds
    (``clock``: CPU time by default; wall time where waiting is the point, as for a server).

    Any other exception propagates (the property fails with its traceback).

    Raises:
        AssertionError: ``call`` took longer than ``seconds`` or its Python allocations
            peaked above ``memory`` bytes (tracemalloc; memory-mapped files do not count).
    """
    tracemalloc.start()
    start = clock()
    try:
        outcome: T | OndolError = call()
    except OndolError as err:
        outcome = err
    finally:
        elapsed = clock() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s (bound {seconds} s)"
    assert peak < memory, f"allocated {peak / 2**20:.1f} MiB at peak (bound {memory / 2**20} MiB)"
    return outcome
