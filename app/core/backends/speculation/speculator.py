"""One answer's speculation: ask the draft sources, verify what pays, learn from the outcome.

The decoding loop (``app/core/backends/decode.py``) asks ``propose`` before each step and
tells ``record`` what the model kept. The sources are tried in order (a prompt look-up costs
nothing, so it goes first; a draft model costs its own steps); the planner decides how much of
a draft is worth verifying. The planner outlives the answer, so what was learnt about this
model's costs on this machine carries over to the next answer.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

from app.core.backends.speculation.planner import DraftPlanner


class DraftSource(Protocol):
    """Something that guesses the next tokens of a history it is kept up to date with."""

    name: str
    # A drafted token's cost as a share of one step of the model, until timed (0: free).
    relative_cost: float

    def begin(self, tokens: Sequence[int]) -> None:
        """Start a new history (the prompt)."""

    def extend(self, tokens: Sequence[int]) -> None:
        """The model produced these tokens after the history."""

    def draft(self, n: int) -> list[int]:
        """Up to ``n`` guessed next tokens (fewer, or none, when unsure).

        Raises:
            GenerationError: a draft model failed while computing.
        """

    def stats_key(self) -> str:
        """The name the last draft's acceptance is tracked under."""

    def close(self) -> None:
        """Free what the source holds."""


def _matching(draft: Sequence[int], got: Sequence[int]) -> int:
    """How many drafted tokens the model's own tokens agreed with, in order."""
    count = 0
    for guess, token in zip(draft, got, strict=False):
        if guess != token:
            break
        count += 1
    return count


class Speculator:
    """Draft sources and a planner, for the answers of one loaded model."""

    def __init__(self, sources: Sequence[DraftSource], planner: DraftPlanner | None = None
                 ) -> None:
        self.sources = list(sources)
        self.planner = planner or DraftPlanner()
        self.drafted = 0  # this answer's totals
        self.accepted = 0
        self._threads = 0
        self._threads_changed = False  # during this answer: its speed-up is then unknown
        self._draft_seconds = 0.0

    def begin(self, tokens: Sequence[int]) -> None:
        """A new answer to the prompt ``tokens``."""
        self.drafted = self.accepted = 0
        self._threads_changed = False
        for source in self.sources:
            source.begin(tokens)

    def propose(self, room: int) -> tuple[str, list[int]]:
        """The source and the draft to verify with the next step ("", [] for a plain step);
        ``room``: tokens the answer may still have after the next one.

        Raises:
            GenerationError: a draft model failed.
        """
        planner = self.planner
        self._draft_seconds = 0.0
        if room <= 0 or planner.needs_plain_timing():
            return "", []
        for source in self.sources:
            if source.relative_cost == 0:  # drafting is free: look first, then decide
                candidate = source.draft(planner.max_draft)
                key = source.stats_key()
                n = planner.length(key, len(candidate), room) if candidate else 0
                if n:
                    return key, candidate[:n]
                if candidate:
                    planner.skipped(key)
                continue
            key = source.stats_key()
            n = planner.length(key, planner.max_draft, room, source.relative_cost)
            if not n:
                planner.skipped(key)
                continue
            started = time.perf_counter()
            draft = source.draft(n)
            self._draft_seconds = time.perf_counter() - started
            if draft:
                return key, draft
        return "", []

    def record(self, name: str, draft: Sequence[int], got: Sequence[int], seconds: float,
               threads: int = 0) -> None:
        """The step verifying ``draft`` took ``seconds`` and gave the model's tokens ``got``."""
        planner = self.planner
        if threads and threads != self._threads:
            if self._threads:
                planner.reset_costs()  # timings at another thread count no longer hold
                self._threads_changed = True
            self._threads = threads
        planner.record_step(len(draft) + 1, seconds)
        if draft:
            accepted = _matching(draft, got)
            planner.record_draft(name, len(draft), accepted, self._draft_seconds)
            self.drafted += len(draft)
            self.accepted += accepted
        self.extend(got)

    def extend(self, tokens: Sequence[int]) -> None:
        """The model produced ``tokens`` in a step that verified nothing."""
        for source in self.sources:
            source.extend(tokens)

    def plain_tokens_per_second(self) -> float:
        """The measured speed of one-token steps (0 before any, and when the thread count
        changed during the answer: its speed then compares with no one plain speed)."""
        seconds = self.planner.plain_seconds()
        if self._threads_changed:
            return 0.0
        return 1.0 / seconds if seconds else 0.0

    def close(self) -> None:
        """Free the sources."""
        for source in self.sources:
            source.close()
