"""Stop strings across token boundaries.

Text is held back only while it could still be the start of a stop string, so the user sees
every other character as soon as it exists, and never sees any part of a stop string.
"""

from __future__ import annotations


class StopStringMatcher:
    """Feed text pieces in; get back what is safe to show, and whether a stop string was hit."""

    def __init__(self, stops: tuple[str, ...]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._held = ""
        self.stopped = False
        self.matched: str | None = None  # the stop string that was hit (the earliest written)

    def feed(self, text: str) -> str:
        """Add ``text``; return the part that can be shown now."""
        if self.stopped:
            return ""
        if not self._stops:
            return text
        buffer = self._held + text
        cut = min((i for i in (buffer.find(s) for s in self._stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            self.matched = next(s for s in self._stops if buffer.find(s) == cut)
            self._held = ""
            return buffer[:cut]
        keep = self._longest_partial_suffix(buffer)
        self._held = buffer[len(buffer) - keep:] if keep else ""
        return buffer[: len(buffer) - keep]

    def flush(self) -> str:
        """At the end: held text that never became a stop string."""
        held, self._held = self._held, ""
        return "" if self.stopped else held

    def _longest_partial_suffix(self, buffer: str) -> int:
        """Length of the longest suffix of ``buffer`` that is a proper prefix of a stop string."""
        best = 0
        for stop in self._stops:
            for length in range(min(len(stop) - 1, len(buffer)), best, -1):
                if buffer.endswith(stop[:length]):
                    best = length
                    break
        return best
