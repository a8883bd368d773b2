"""Where ``start_child`` starts a child: the main thread itself, any other thread through one
long-lived spawner thread (Linux ties the parent-death signal to the starting thread)."""

from __future__ import annotations

import sys
import threading

import pytest

from app.core.hardware.parent_watch import start_child

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="elsewhere every thread starts its children itself")


class FakeProcess:
    """Records the thread that started it; raises ``error`` if given."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.started_by: threading.Thread | None = None

    def start(self) -> None:
        self.started_by = threading.current_thread()
        if self.error is not None:
            raise self.error


def _in_a_worker(process: FakeProcess) -> BaseException | None:
    """Call ``start_child(process)`` from a worker thread that then ends; what it raised."""
    raised: list[BaseException] = []

    def work() -> None:
        try:
            start_child(process)  # type: ignore[arg-type]
        except BaseException as err:  # handed back to the test
            raised.append(err)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    return raised[0] if raised else None


def test_the_main_thread_starts_its_children_itself() -> None:
    process = FakeProcess()
    start_child(process)  # type: ignore[arg-type]
    assert process.started_by is threading.main_thread()


@linux_only
def test_other_threads_start_children_from_one_thread_that_outlives_them() -> None:
    first, second = FakeProcess(), FakeProcess()
    assert _in_a_worker(first) is None
    assert _in_a_worker(second) is None
    spawner = first.started_by
    assert spawner is not None and spawner is second.started_by
    assert spawner is not threading.main_thread()
    assert spawner.is_alive() and spawner.daemon  # never holds up the exit


@pytest.mark.parametrize("error", [OSError(24, "Too many open files"), ValueError("closed"),
                                   KeyboardInterrupt()])
def test_what_the_start_raises_reaches_the_caller_unchanged(error: BaseException) -> None:
    process = FakeProcess(error)
    assert _in_a_worker(process) is error
    follow_up = FakeProcess()
    assert _in_a_worker(follow_up) is None  # the spawner goes on serving
