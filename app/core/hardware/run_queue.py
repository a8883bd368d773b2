"""How many threads on the whole system want a CPU right now (the run queue).

Read between two evaluations to tell "a step was slow because other programs took the
cores" from "a step was slow by chance". Linux: ``procs_running`` in ``/proc/stat`` (the
threads running or ready to run at this instant, the reader included), about 20 µs a read.
Elsewhere: psutil's load average is minutes long and says nothing about this instant, so the
answer is None and the thread policy goes by timing alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable

_STAT = "/proc/stat"
_KEY = b"procs_running "

RunQueue = Callable[[], "int | None"]


def runnable_threads() -> int | None:
    """Threads running or waiting for a CPU now, this one included; None where unknown.

    Never raises: an unreadable or odd ``/proc/stat`` answers None.
    """
    try:
        # One read of the whole file: it is small, and a line-by-line read costs more.
        with open(_STAT, "rb", buffering=0) as stat:
            data = stat.read(65536)
    except OSError:
        return None
    start = data.find(_KEY)
    if start < 0:
        return None
    end = data.find(b"\n", start)
    try:
        return int(data[start + len(_KEY):end if end >= 0 else None])
    except ValueError:
        return None


def run_queue_reader() -> RunQueue:
    """``runnable_threads`` where ``/proc/stat`` answers, otherwise a reader that says None."""
    if runnable_threads() is not None:
        return runnable_threads
    return lambda: None


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
