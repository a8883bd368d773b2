"""How many threads the next llama.cpp evaluation gets, by timing: fewer when other programs
take the cores, back up when they leave.

llama.cpp's worker threads spin at barriers: with fewer free cores than threads, every step
waits for the scheduler (on 2 cores beside one busy program, 2 threads decode at half the
speed of 1). So the count is measured, not assumed. Each step's time is compared with the
recent median at the same thread count and batch size (a batch of 4 tokens costs more than
one); a step much slower than that median, while the run queue says more threads want a CPU
than there are cores, counts as a strike, and two strikes in a row lower the count. A lower
count probes back up: at once when the run queue shows the cores free, otherwise now and then
(a few steps; the faster median wins; a failed probe waits twice as long before the next).
At the full count nothing is probed, so a quiet machine runs exactly as with fixed threads.

Pure policy: no llama.cpp here; the clock and the run queue are given (fakes in tests).
"""

from __future__ import annotations

import os
import statistics
import time
from collections import deque
from collections.abc import Callable

from app.core.hardware.run_queue import RunQueue, run_queue_reader, usable_cores

# A step this long makes cancel wait too long: arm the abort callback. Below it, the check
# between steps answers within ~0.1 s; above, ggml asks the callback at every graph node (a
# Python call each: ~3% of a 75 ms step, so not for steps that do not need it).
SLOW_STEP_S = 0.1
SLOW_FACTOR = 1.6      # a step this much slower than the median is a strike
STRIKES = 2            # strikes in a row that lower the count (one is a blip)
MIN_SAMPLES = 3        # a median needs this many steps before it judges anything
WINDOW = 15            # recent steps kept per (threads, batch size)
PROBE_STEPS = 3        # steps a probe at a higher count lasts
PROBE_AFTER_S = 4.0    # first periodic probe this long after lowering the count
PROBE_MAX_S = 64.0     # a failed probe doubles the wait, up to this
POLL_S = 0.25          # the run queue is read at most this often while the count is lowered
MAX_KEYED_BATCH = 16   # larger evaluations (prompts) are not compared
# Set to 1, the count stays fixed (benchmarks compare against that); slow() still works.
FIXED_ENV = "ONDOL_FIXED_THREADS"


def adapting_by_default() -> bool:
    """Whether governors adapt the count unless told: yes, unless ``ONDOL_FIXED_THREADS=1``."""
    return os.environ.get(FIXED_ENV, "") != "1"


class ThreadGovernor:
    """The thread counts for llama.cpp's next evaluation, adjusted by the steps' timings.

    ``threads()`` before each evaluation (and ``batch_threads()`` for batches of several
    tokens), ``record(tokens, seconds)`` after it; ``slow()`` says the last step was long
    enough that cancel should reach into the computation.
    """

    def __init__(self, max_threads: int, run_queue: RunQueue | None = None,
                 clock: Callable[[], float] = time.monotonic, cores: int | None = None,
                 slow_step_s: float = SLOW_STEP_S, adapt: bool | None = None) -> None:
        """``max_threads``: the count on a quiet machine (the plan's); ``run_queue``: runnable
        threads system-wide now or None (default: ``/proc/stat``); ``cores``: the CPUs this
        process may use (default: its affinity); ``adapt``: False keeps ``max_threads``
        (default: ``adapting_by_default()``).

        Raises:
            ValueError: ``max_threads`` is below 1.
        """
        if max_threads < 1:
            raise ValueError(f"max_threads must be >= 1, got {max_threads}")
        self.max_threads = max_threads
        self.adapt = adapting_by_default() if adapt is None else adapt
        self._run_queue = run_queue if run_queue is not None else run_queue_reader()
        self._clock = clock
        self._cores = cores if cores is not None else usable_cores()
        self._slow_step_s = slow_step_s
        self._n = max_threads
        self._steps: dict[tuple[int, int], deque[float]] = {}
        self._strikes = 0
        self._last_s = 0.0
        self._probe_from: int | None = None  # the count a running probe came from
        self._probe_ratios: list[float] = []
        self._probe_wait_s = PROBE_AFTER_S
        self._next_probe_at = 0.0
        self._next_poll_at = 0.0
        self._crowded_polls = 0  # polls in a row that found the cores wanted by others
        self.changes = 0  # how many times the count moved (for stats and tests)

    # --- what the caller asks -------------------------------------------------------------

    def threads(self) -> int:
        """The thread count for the next single-token evaluation."""
        if self._n < self.max_threads and self._probe_from is None:
            self._maybe_probe()
        return self._n

    def batch_threads(self) -> int:
        """The count for batches (prompts, verifying drafts): all of them on a quiet machine,
        the decode count while it is lowered (the same cores are taken)."""
        return self._n

    def slow(self) -> bool:
        """Whether the last evaluation took long enough that cancel should abort inside one."""
        return self._last_s >= self._slow_step_s

    @property
    def probing(self) -> bool:
        """Whether the current count is a probe being timed."""
        return self._probe_from is not None

    def record(self, tokens: int, seconds: float) -> None:
        """One evaluation of ``tokens`` tokens took ``seconds`` at the count ``threads()`` gave."""
        self._last_s = seconds
        if not self.adapt or tokens < 1 or tokens > MAX_KEYED_BATCH:
            return
        if self._probe_from is not None:
            self._record_probe(tokens, seconds)
            return
        window = self._window(self._n, tokens)
        median = statistics.median(window) if len(window) >= MIN_SAMPLES else None
        window.append(seconds)
        if median is None or seconds <= SLOW_FACTOR * median:
            self._strikes = 0
            if median is not None:
                self._maybe_probe_down()
            return
        self._strikes += 1
        if self._strikes >= STRIKES and self._n > 1:
            self._strikes = 0
            others = self._others()  # at most: our workers may already sleep
            if others is None or others + self._n > self._cores:
                free = self._n - 1 if others is None else self._cores - others
                self._lower(max(1, min(self._n - 1, free)))

    # --- inside ---------------------------------------------------------------------------

    def _window(self, n: int, tokens: int) -> deque[float]:
        return self._steps.setdefault((n, tokens), deque(maxlen=WINDOW))

    def _others(self) -> int | None:
        """Runnable threads of other programs now (the run queue counts the reader as one of
        its threads; this process's own are left out)."""
        runnable = self._run_queue()
        return None if runnable is None else max(0, runnable - 1)

    def _lower(self, n: int) -> None:
        self._set(n)
        for key in [k for k in self._steps if k[0] == n]:
            del self._steps[key]  # whatever was timed at this count before is stale
        self._next_probe_at = self._clock() + self._probe_wait_s

    def _set(self, n: int) -> None:
        if n != self._n:
            self._n = n
            self.changes += 1

    def _maybe_probe_down(self) -> None:
        """At the full count, steps may be evenly slow because other programs held the cores
        from the start (no step stands out): when the run queue says so, time fewer threads
        for a few steps and keep the faster."""
        if self._n < self.max_threads or self._n <= 1:
            return
        now = self._clock()
        if now < self._next_poll_at or now < self._next_probe_at:
            return
        self._next_poll_at = now + POLL_S
        others = self._others()
        crowded = others is not None and others + self._n > self._cores
        # Twice in a row, a poll apart: a program that stays, not a passing kernel thread.
        self._crowded_polls = self._crowded_polls + 1 if crowded else 0
        if crowded and self._crowded_polls >= 2:
            self._crowded_polls = 0
            assert others is not None
            self._probe_from = self._n
            self._probe_ratios = []
            self._set(max(1, min(self._n - 1, self._cores - others)))

    def _maybe_probe(self) -> None:
        now = self._clock()
        target = None
        if now >= self._next_poll_at:
            self._next_poll_at = now + POLL_S
            others = self._others()
            if others is not None and self._cores - others > self._n:
                target = min(self.max_threads, self._cores - others)  # the cores are free
        if target is None and now >= self._next_probe_at:
            target = self._n + 1
        if target is not None:
            self._probe_from = self._n
            self._probe_ratios = []
            self._set(target)

    def _record_probe(self, tokens: int, seconds: float) -> None:
        base = self._steps.get((self._probe_from or 1, tokens))
        if base:
            self._probe_ratios.append(seconds / statistics.median(base))
        else:
            self._probe_ratios.append(1.0)  # nothing to compare with: counts as a draw
        probe = self._window(self._n, tokens)
        probe.append(seconds)
        if len(self._probe_ratios) < PROBE_STEPS:
            return
        faster = statistics.median(self._probe_ratios) < 1.0
        start = self._probe_from
        self._probe_from = None
        self._strikes = 0
        if faster:
            self._probe_wait_s = PROBE_AFTER_S
            # The probe's own steps are the new count's median; older ones are stale.
            keep = list(probe)[-PROBE_STEPS:]
            probe.clear()
            probe.extend(keep)
            if self._n < self.max_threads:
                self._next_probe_at = self._clock() + self._probe_wait_s
        else:
            self._set(start if start is not None else self._n - 1)
            self._probe_wait_s = min(PROBE_MAX_S, self._probe_wait_s * 2)
            self._next_probe_at = self._clock() + self._probe_wait_s
