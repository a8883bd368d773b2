"""The no-leftover-process check: a test ends with no child process it started still there.

``snapshot()`` before the test, ``check_no_leftovers(before)`` after it. A child that is still
running after a short grace period (a host that was told to exit gets a few seconds to do so)
fails the check, as does a zombie (an exited child nobody reaped). The leftovers are killed and
reaped before the failure is raised, so one leak does not make every later test fail too.

Children that were already there before the test (a module-scoped host shared by several
tests) and multiprocessing's own helper processes (the resource tracker, which lives as long as
the test process once a host was spawned) are not leftovers.
"""

from __future__ import annotations

import contextlib
import time

import psutil

GRACE_S = 3.0  # how long a child that is exiting may take before it counts as left behind
POLL_S = 0.05

# Started once by multiprocessing for the whole test process, never by a test.
_HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")

Identity = tuple[int, float]  # pid and start time: a reused pid is a different process


class LeftoverProcessError(AssertionError):
    """A test left child processes behind; ``processes`` describes each (pid, state, command)."""

    def __init__(self, processes: list[str]) -> None:
        super().__init__("child processes left behind: " + "; ".join(processes))
        self.processes = processes


def _identity(process: psutil.Process) -> Identity | None:
    try:
        return process.pid, process.create_time()
    except psutil.Error:
        return None


def _is_helper(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return False
    return any(helper in command for helper in _HELPERS)


def snapshot() -> set[Identity]:
    """The children (at any depth) of this process now."""
    found = (_identity(p) for p in psutil.Process().children(recursive=True))
    return {identity for identity in found if identity is not None}


def _new_children(before: set[Identity]) -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True)
            if _identity(p) not in before and not _is_helper(p)]


def _describe(process: psutil.Process) -> str | None:
    """``pid (state): command``, or None once it is gone (it was reaped meanwhile)."""
    try:
        with process.oneshot():
            status = process.status()
            command = " ".join(process.cmdline())[:160] or process.name()
    except psutil.ZombieProcess:
        status, command = psutil.STATUS_ZOMBIE, "?"
    except psutil.NoSuchProcess:
        return None
    return f"{process.pid} ({status}): {command}"


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def check_no_leftovers(before: set[Identity], grace: float = GRACE_S) -> None:
    """Fail if a child that was not in ``before`` is still running (after ``grace`` seconds)
    or is a zombie; kill and reap those children first.

    The grace period polls the children's state rather than waiting on them: waiting would
    reap an exited child, and an unreaped one (a zombie) is itself a leak to report.

    Raises:
        LeftoverProcessError: with each leftover's pid, state and command line.
    """
    new = _new_children(before)
    deadline = time.monotonic() + grace
    while any(_running(p) for p in new) and time.monotonic() < deadline:
        time.sleep(POLL_S)
    left = [(p, text) for p in new if (text := _describe(p)) is not None]
    if not left:
        return
    for process, _text in left:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs([p for p, _text in left], timeout=grace)
    raise LeftoverProcessError([text for _p, text in left])
