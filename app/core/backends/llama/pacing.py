"""Paces a llama.cpp context's evaluations: the thread counts the governor asks for, and the
abort callback armed only while steps are slow.

llama.cpp reads its thread counts at each evaluation, so they can change between two steps
(``llama_set_n_threads``: one count for single tokens, one for batches). The abort callback
lets cancel stop an evaluation halfway, but ggml asks it before every graph node: a Python call
per node, which costs throughput on fast steps and matters only on slow ones (a step of a
second makes cancel wait a second). So it is armed for prompt-sized batches and for as long as
steps are slow, and off otherwise, where the check between tokens answers soon enough.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import llama_cpp

from app.core.backends.threads import ThreadGovernor

ARM_BATCH = 32  # a batch this big is a prompt chunk: long enough to arm for, always


class Abortable(Protocol):
    """What the pacer switches (``native.AbortHook``)."""

    armed: bool

    def arm(self) -> None: ...

    def disarm(self) -> None: ...


class StepPacer:
    """Around every evaluation of one context: ``before_eval(n)``, evaluate,
    ``after_eval(n, seconds)``."""

    def __init__(self, ctx: Any, governor: ThreadGovernor, abort_hook: Abortable) -> None:
        self._ctx = ctx
        self._governor = governor
        self._abort = abort_hook
        self._counts: tuple[int, int] | None = None  # what the context has now
        self._started = 0.0

    @property
    def threads(self) -> int:
        """The single-token thread count the context has now (the governor's before the
        first evaluation)."""
        return self._counts[0] if self._counts else self._governor.threads()

    @property
    def batch_threads(self) -> int:
        """The batch thread count the context has now."""
        return self._counts[1] if self._counts else self._governor.batch_threads()

    def before_eval(self, n_tokens: int) -> None:
        """Set the thread counts (only when they change) and arm or disarm the abort hook,
        right before an evaluation of ``n_tokens`` tokens."""
        counts = (self._governor.threads(), self._governor.batch_threads())
        if counts != self._counts:
            llama_cpp.llama_set_n_threads(self._ctx, counts[0], counts[1])
            self._counts = counts
        if n_tokens >= ARM_BATCH or self._governor.slow():
            if not self._abort.armed:
                self._abort.arm()
        elif self._abort.armed:
            self._abort.disarm()
        self._started = time.perf_counter()

    def after_eval(self, n_tokens: int, seconds: float | None = None) -> None:
        """Tell the governor how long the evaluation took (``seconds``; measured from
        ``before_eval`` when None). Call it after a failed or aborted evaluation too."""
        if seconds is None:
            seconds = time.perf_counter() - self._started
        self._governor.record(n_tokens, seconds)

    def close(self) -> None:
        """Disarm the abort hook (the context's thread counts are left as they are)."""
        self._abort.disarm()
