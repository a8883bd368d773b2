"""The pacer around each evaluation: thread counts set only when they change, the abort hook
armed only while steps are slow (and for prompt-sized batches)."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.backends.llama import pacing
from app.core.backends.llama.pacing import StepPacer
from app.core.backends.threads import SLOW_STEP_S, ThreadGovernor


class Hook:
    def __init__(self) -> None:
        self.armed = False
        self.calls: list[str] = []

    def arm(self) -> None:
        self.armed = True
        self.calls.append("arm")

    def disarm(self) -> None:
        self.armed = False
        self.calls.append("disarm")


@pytest.fixture
def set_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, int, int]]:
    calls: list[tuple[Any, int, int]] = []
    monkeypatch.setattr(pacing.llama_cpp, "llama_set_n_threads",
                        lambda ctx, n, n_batch: calls.append((ctx, n, n_batch)))
    return calls


def test_counts_are_set_once_until_they_change(set_calls: list[tuple[Any, int, int]]) -> None:
    clock = [0.0]
    runnable = [1]
    gov = ThreadGovernor(2, run_queue=lambda: runnable[0], clock=lambda: clock[0], cores=2)
    pacer = StepPacer("ctx", gov, Hook())
    for _ in range(6):
        pacer.before_eval(1)
        pacer.after_eval(1, 0.01)
    assert set_calls == [("ctx", 2, 2)] and pacer.threads == 2
    runnable[0] = 2  # another program wants a core: two slow steps lower the count
    for _ in range(2):
        pacer.before_eval(1)
        pacer.after_eval(1, 0.04)
    pacer.before_eval(1)
    assert set_calls[-1] == ("ctx", 1, 1) and pacer.threads == pacer.batch_threads == 1


def test_the_hook_is_armed_while_steps_are_slow(set_calls: list[tuple[Any, int, int]]) -> None:
    hook = Hook()
    pacer = StepPacer("ctx", ThreadGovernor(2, run_queue=lambda: 1, cores=2), hook)
    pacer.before_eval(1)
    assert not hook.armed  # nothing slow yet: decoding runs without the callback
    pacer.after_eval(1, SLOW_STEP_S * 3)
    pacer.before_eval(1)
    assert hook.armed
    pacer.after_eval(1, SLOW_STEP_S * 3)
    pacer.before_eval(1)
    assert hook.calls == ["arm"]  # armed once, not again every step
    pacer.after_eval(1, SLOW_STEP_S / 5)
    pacer.before_eval(1)
    assert not hook.armed
    pacer.before_eval(512)  # a prompt chunk: armed whatever the last step took
    assert hook.armed
    pacer.close()
    assert not hook.armed


def test_after_eval_measures_when_not_told(set_calls: list[tuple[Any, int, int]]) -> None:
    gov = ThreadGovernor(2, run_queue=lambda: 1, cores=2, slow_step_s=0.0)
    pacer = StepPacer("ctx", gov, Hook())
    pacer.before_eval(1)
    pacer.after_eval(1)
    assert gov.slow()  # some time passed, and any time is "slow" at a 0 s threshold
