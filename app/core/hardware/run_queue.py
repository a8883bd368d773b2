"""How many threads of other programs want a CPU right now (the run queue).

Read between two evaluations to tell "a step was slow because other programs took the
cores" from "a step was slow by chance". Linux: ``procs_running`` in ``/proc/stat`` (the
threads running or ready to run at this instant), less this process's own runnable threads
(llama.cpp's workers may still be spinning right after a step: they are not other programs),
plus one for the reader; a few tens of µs a read.
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
    """Other programs' threads running or waiting for a CPU now, plus one (this reader);
    None where unknown.

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
        running = int(data[start + len(_KEY):end if end >= 0 else None])
    except ValueError:
        return None
    return max(1, running - _own_running() + 1)


def _own_running() -> int:
    """This process's threads that are running or ready now (the reader among them)."""
    count = 0
    try:
        tasks = list(os.scandir("/proc/self/task"))
    except OSError:
        return 1
    for task in tasks:
        try:
            with open(f"{task.path}/stat", "rb", buffering=0) as stat:
                fields = stat.read(512)
        except OSError:
            continue  # the thread ended meanwhile
        state = fields[fields.rfind(b")") + 2:fields.rfind(b")") + 3]
        count += state == b"R"
    return max(1, count)


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
