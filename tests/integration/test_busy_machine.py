"""Cancel and close on a busy machine: the real host under a CPU hog (one busy loop per core).

The close and paused-stream scenarios are the ones in ``test_cancel_and_crash`` run again here
beside the hog. The slow-step one makes each decode step take over a second (the host on one
core, behind a busy loop, at a low priority) and asks that cancel still answers within one: it
has to reach into the step rather than wait for it to end.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams
from tests.conftest import TEST_CACHE
from tests.integration import test_cancel_and_crash as scenarios

QWEN_BIG_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SLOW_NICE = 19  # the host's priority in the slow-step test: a sliver of a shared core
QWEN_SMALL_FILE = QWEN_BIG_FILE.with_name("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")
SLOW_STEP_S = 0.8  # steps at least this long, or the slow-step test has nothing to test
CANCEL_BOUND_S = 0.5  # well under a step, with room for a loaded machine


@pytest.fixture
def cpu_hog() -> Iterator[list[subprocess.Popen[bytes]]]:
    """One busy-loop process on each usable core (pinned there, so none drifts off the
    core it should keep busy) for the length of the test; always killed."""
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        for core in sorted(os.sched_getaffinity(0)):
            hogs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                         stdin=subprocess.DEVNULL))
            os.sched_setaffinity(hogs[-1].pid, {core})
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait(10)


@pytest.fixture(params=["smollm2", "qwen-1.5b"])
def model_path(request: pytest.FixtureRequest, smollm2_path: Path) -> Path:
    if request.param == "smollm2":
        return smollm2_path
    if not QWEN_BIG_FILE.is_file():
        pytest.skip(f"{QWEN_BIG_FILE} is absent (bash scripts/get_test_models.sh puts it there)")
    return QWEN_BIG_FILE


def test_close_while_another_thread_streams_is_quick_beside_a_hog(
        cpu_hog: list[subprocess.Popen[bytes]], model_path: Path) -> None:
    scenarios.test_close_while_another_thread_streams_is_quick(model_path)
    assert all(hog.poll() is None for hog in cpu_hog)  # the hog was there all along


def test_a_paused_stream_is_refused_not_deadlocked_beside_a_hog(
        cpu_hog: list[subprocess.Popen[bytes]], smol_client: RuntimeClient) -> None:
    scenarios.test_a_second_request_during_a_paused_stream_is_refused_not_deadlocked(
        smol_client)
    assert all(hog.poll() is None for hog in cpu_hog)


def _starve(pid: int) -> None:
    """Put every thread of the host on the first core at a low priority (threads it starts
    later inherit both), so a decode step takes seconds beside that core's busy loop."""
    core = min(os.sched_getaffinity(0))
    for task in psutil.Process(pid).threads():
        os.sched_setaffinity(task.id, {core})
        os.setpriority(os.PRIO_PROCESS, task.id, SLOW_NICE)


def test_cancel_during_a_slow_decode_step_answers_within_the_step(
        cpu_hog: list[subprocess.Popen[bytes]], smollm2_path: Path) -> None:
    # Qwen 0.5B's steps starve to seconds (SmolLM2's to about one): the longer the step, the
    # surer a quick cancel is the abort reaching into it rather than luck.
    model = QWEN_SMALL_FILE if QWEN_SMALL_FILE.is_file() else smollm2_path
    client = RuntimeClient()
    try:
        client.load(str(model), LoadParams(n_ctx=512, n_threads=1))
        pid = client.pid
        assert pid is not None
        arrivals: list[float] = []
        cancelled_at = 0.0
        done: ev.Done | None = None
        for event in client.generate(scenarios.LONG, messages=scenarios.STORY):
            if isinstance(event, ev.Delta):
                arrivals.append(time.perf_counter())
                if len(arrivals) == 1:
                    _starve(pid)  # after the prompt, which would take long starved
                elif len(arrivals) == 4:  # the host is now inside the fifth step
                    cancelled_at = time.perf_counter()
                    client.cancel()
            elif isinstance(event, ev.Done):
                done = event
        elapsed = time.perf_counter() - cancelled_at
        step = min(b - a for a, b in itertools.pairwise(arrivals[1:4]))
        if step < SLOW_STEP_S:
            pytest.skip(f"decode steps took {step:.2f} s here: too fast to test a slow one")
        assert done is not None and done.reason == "cancelled"
        assert elapsed < CANCEL_BOUND_S, (
            f"cancel took {elapsed:.2f} s with decode steps of {step:.2f} s")
    finally:
        client.close()
    assert all(hog.poll() is None for hog in cpu_hog)
