"""The no-leftover-process check (tests/child_processes.py, run after every integration and
window test) catches a runtime host that a test started and never closed."""

from __future__ import annotations

import time

import psutil
import pytest

from app.core.runtime.client import RuntimeClient
from tests.child_processes import LeftoverProcessError, check_no_leftovers, snapshot


def test_a_leaked_live_host_fails_the_check_and_is_ended() -> None:
    before = snapshot()
    client = RuntimeClient()
    client.start()  # and never closed: the leak
    pid = client.pid
    assert pid is not None and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    try:
        started = time.monotonic()
        with pytest.raises(LeftoverProcessError) as info:
            check_no_leftovers(before, grace=0.5)
        assert time.monotonic() - started < 5  # the grace period, then kill: bounded
        assert any(p.startswith(f"{pid} (") for p in info.value.processes), info.value.processes
        # The leftover was killed and reaped, so the next test starts clean.
        assert not psutil.pid_exists(pid)
        check_no_leftovers(before, grace=0)
    finally:
        client.close()
    assert not client.alive


def test_a_host_that_is_closed_passes_the_check() -> None:
    before = snapshot()
    with RuntimeClient() as client:
        assert client.pid is not None
    check_no_leftovers(before, grace=0)


def test_a_zombie_fails_the_check() -> None:
    import subprocess
    import sys

    before = snapshot()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:  # exited, not reaped
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with pytest.raises(LeftoverProcessError, match="zombie"):
        check_no_leftovers(before, grace=0.2)
    child.wait(1)  # already reaped by the check: returns at once
