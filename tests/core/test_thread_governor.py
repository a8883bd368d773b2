"""The thread policy with a fake clock and a fake run queue: down under a hog, back up when it
leaves, steady on a quiet machine, and the slow-step flag."""

from __future__ import annotations

import itertools

import pytest

from app.core.backends.threads import POLL_S, SLOW_STEP_S, ThreadGovernor

CORES = 2
QUIET_S = 0.030  # one step at 2 threads on a quiet machine
SHARED_S = 0.090  # at 2 threads beside a busy program (threads wait for the scheduler)
ALONE_S = 0.050  # at 1 thread beside it (one whole core)


class Machine:
    """A 2-core machine: a fake clock, a run queue and the step time each count gets."""

    def __init__(self) -> None:
        self.now = 0.0
        self.hogs = 0
        self.reads = 0

    def clock(self) -> float:
        return self.now

    def run_queue(self) -> int:
        self.reads += 1
        return 1 + self.hogs  # this thread (the workers are asleep between steps) + hogs

    def step_s(self, threads: int) -> float:
        if not self.hogs:
            return QUIET_S if threads == 2 else QUIET_S * 1.8
        return SHARED_S if threads == 2 else ALONE_S


def governor(machine: Machine) -> ThreadGovernor:
    return ThreadGovernor(2, run_queue=machine.run_queue, clock=machine.clock, cores=CORES)


def decode(gov: ThreadGovernor, machine: Machine, steps: int) -> list[int]:
    """``steps`` single-token steps; the count each one used."""
    used = []
    for _ in range(steps):
        n = gov.threads()
        seconds = machine.step_s(n)
        machine.now += seconds
        gov.record(1, seconds)
        used.append(n)
    return used


def test_steady_on_a_quiet_machine_with_no_probing() -> None:
    machine = Machine()
    gov = governor(machine)
    used = decode(gov, machine, 2000)
    assert set(used) == {2} and gov.changes == 0
    # The run queue is glanced at (a few µs) at most every POLL_S, never per step.
    assert machine.reads <= machine.now / POLL_S + 1


def test_a_blip_on_a_quiet_machine_changes_nothing() -> None:
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 10)
    for seconds in (0.2, QUIET_S, 0.3, QUIET_S):  # lone slow steps, never two in a row
        gov.record(1, seconds)
    assert gov.threads() == 2 and gov.changes == 0


def test_two_slow_steps_without_contention_keep_the_count() -> None:
    """Slow, but the run queue says the cores are not wanted by anyone else: not a hog."""
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 10)
    gov.record(1, 0.2)
    gov.record(1, 0.2)
    assert gov.threads() == 2


def test_goes_down_within_a_few_steps_under_a_hog_and_stays_there() -> None:
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 20)
    machine.hogs = 1
    used = decode(gov, machine, 4)
    assert used[-1] == 1  # two slow steps, then one thread
    used = decode(gov, machine, 500)  # ~25 s: periodic probes at 2 fail and back off
    assert used.count(1) > 0.95 * len(used)
    assert gov.threads() == 1


def test_a_hog_there_from_the_start_is_found_by_timing_fewer_threads() -> None:
    """Every step is equally slow (no step stands out), but the run queue says another
    program wants a core: fewer threads are timed, found faster, and kept."""
    machine = Machine()
    machine.hogs = 1
    gov = governor(machine)
    used = decode(gov, machine, 30)
    assert used[:3] == [2, 2, 2] and used[-1] == 1
    assert used.count(1) > 20


def test_failed_probes_back_off() -> None:
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 20)
    machine.hogs = 1
    used = decode(gov, machine, 2000)  # ~100 s beside the hog
    probes = sum(1 for a, b in itertools.pairwise(used) if a == 1 and b == 2)
    assert 1 <= probes <= 6  # probing every 4, 8, 16, 32, 64 s, not every few steps


def test_back_up_when_the_hog_leaves() -> None:
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 20)
    machine.hogs = 1
    decode(gov, machine, 300)
    assert gov.threads() == 1
    machine.hogs = 0
    used = decode(gov, machine, 20)  # the run queue shows the cores free: probe at once
    assert used[-1] == 2 and used.index(2) <= 10
    assert decode(gov, machine, 200) == [2] * 200


def test_without_a_run_queue_timing_alone_decides() -> None:
    """Elsewhere than Linux: down on slow steps, and a probe keeps the faster count."""
    machine = Machine()
    gov = ThreadGovernor(2, run_queue=lambda: None, clock=machine.clock, cores=CORES)
    decode(gov, machine, 20)
    machine.hogs = 1
    assert decode(gov, machine, 4)[-1] == 1
    machine.hogs = 0
    used = decode(gov, machine, 400)  # a periodic probe finds 2 faster again
    assert used[-1] == 2


def test_a_probe_that_is_faster_is_kept_even_with_others_running() -> None:
    """Timing wins over the run queue: on many cores, a probe up that is faster stays."""
    clock, queue = [0.0], [1]
    gov = ThreadGovernor(8, run_queue=lambda: queue[0], clock=lambda: clock[0], cores=8)
    for _ in range(5):
        gov.record(1, 0.02)
    queue[0] = 12  # other programs arrive
    gov.record(1, 0.1)
    gov.record(1, 0.1)
    assert gov.threads() < 8
    lowered = gov.threads()
    for _ in range(5):
        gov.record(1, 0.05)
    clock[0] += 10  # time for a periodic probe
    probe = gov.threads()
    assert probe == lowered + 1 and gov.probing
    for _ in range(3):
        gov.record(1, 0.03)  # faster than 0.05 at the lower count
    assert not gov.probing and gov.threads() == probe


def test_batches_are_compared_with_batches() -> None:
    """A 4-token batch is slower than one token; that alone is no strike."""
    machine = Machine()
    machine.hogs = 1  # the run queue would allow going down
    gov = governor(machine)
    for _ in range(10):
        gov.record(1, QUIET_S)
        gov.record(4, QUIET_S * 3)
    # Never lowered for the batches' time; a probe of fewer threads (the run queue says
    # the cores are wanted) found them no faster, and the count went back.
    assert gov.threads() == 2 and gov.changes in (0, 2)


def test_batch_threads_follow_the_decode_count_when_lowered() -> None:
    machine = Machine()
    gov = governor(machine)
    assert gov.batch_threads() == 2
    decode(gov, machine, 20)
    machine.hogs = 1
    decode(gov, machine, 4)
    assert gov.threads() == 1 and gov.batch_threads() == 1


def test_prompt_sized_evaluations_are_not_judged() -> None:
    machine = Machine()
    machine.hogs = 1
    gov = governor(machine)
    for _ in range(5):
        gov.record(512, 5.0)
    assert gov.threads() == 2


def test_slow_flag_follows_the_last_step() -> None:
    gov = ThreadGovernor(2, run_queue=lambda: 1, clock=lambda: 0.0, cores=CORES)
    assert not gov.slow()
    gov.record(1, SLOW_STEP_S * 2)
    assert gov.slow()
    gov.record(1, SLOW_STEP_S / 2)
    assert not gov.slow()
    gov.record(512, 3.0)  # a prompt counts too: the next step starts armed
    assert gov.slow()


def test_one_thread_never_goes_below_one() -> None:
    gov = ThreadGovernor(1, run_queue=lambda: 9, clock=lambda: 0.0, cores=CORES)
    for seconds in (0.01, 0.01, 0.01, 0.5, 0.5, 0.5):
        gov.record(1, seconds)
    assert gov.threads() == 1 and gov.batch_threads() == 1


def test_a_fixed_governor_keeps_its_count_but_still_flags_slow_steps(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONDOL_FIXED_THREADS", "1")
    machine = Machine()
    gov = governor(machine)
    decode(gov, machine, 20)
    machine.hogs = 1
    assert set(decode(gov, machine, 200)) == {2}
    gov.record(1, SLOW_STEP_S * 2)
    assert gov.slow()


def test_max_threads_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_threads"):
        ThreadGovernor(0)
