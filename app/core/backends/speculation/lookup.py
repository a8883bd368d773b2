"""Prompt lookup: draft the tokens that followed the last few tokens the previous time.

An answer that repeats its prompt (editing code, quoting) or itself has long runs a lookup
predicts exactly; no second model is needed, and a draft costs a dictionary look-up.

Only a match that was always followed by the same token is drafted from: in prose, the common
short runs ("of the", ", and") are followed by something else each time, so a guess from their
latest occurrence is mostly wrong, and each wrong guess costs a verification (llama.cpp's own
n-gram cache asks the same of a continuation before drafting it).
"""

from __future__ import annotations

from collections.abc import Sequence

# The n-gram lengths tried, longest first: a 3-token match predicts far better than a 1-token
# one, which is right too rarely to pay for its verification.
NGRAM_SIZES = (4, 3, 2)


class PromptLookup:
    """An index of where each recent n-gram of a token history last ended."""

    name = "lookup"
    relative_cost = 0.0  # a dictionary look-up

    def __init__(self) -> None:
        self._history: list[int] = []
        self._matched = 0  # the n-gram length the last draft came from
        # n-gram → the position just after its latest occurrence that is not the history's
        # current end (the end is indexed one token late, so a look-up never finds itself).
        self._ends: dict[tuple[int, ...], int] = {}
        # n-grams that were followed by different tokens at different times.
        self._ambiguous: set[tuple[int, ...]] = set()

    def begin(self, tokens: Sequence[int]) -> None:
        """Start a new history (a prompt): index it whole."""
        self._history = []
        self._ends = {}
        self._ambiguous = set()
        self.extend(tokens)

    def extend(self, tokens: Sequence[int]) -> None:
        """Append tokens to the history."""
        history, ends = self._history, self._ends
        for token in tokens:
            token = int(token)
            end = len(history)  # index the n-grams ending at the previous end, now safe
            for n in NGRAM_SIZES:
                if end >= n:
                    key = tuple(history[end - n:end])
                    before = ends.get(key)
                    if before is not None and history[before] != token:
                        self._ambiguous.add(key)
                    ends[key] = end
            history.append(token)

    def draft(self, n: int) -> list[int]:
        """Up to ``n`` tokens that followed the longest recent match of the history's end; none
        when that match was not always followed by the same token (a shorter one, a suffix of
        it, was not either)."""
        history = self._history
        self._matched = 0
        if n <= 0:
            return []
        for size in NGRAM_SIZES:
            if len(history) <= size:
                continue
            key = tuple(history[-size:])
            end = self._ends.get(key)
            if end is None:
                continue
            if key in self._ambiguous:
                return []
            self._matched = size
            return history[end:end + n]
        return []

    def stats_key(self) -> str:
        """Acceptance is tracked per match length: a 4-token match is right far more often
        than a 2-token one, so each earns its own draft length."""
        return f"{self.name}{self._matched}"

    def close(self) -> None:
        """Nothing to free."""
