"""Which stop string ended an answer: the matcher names it, and the earliest written wins."""

from __future__ import annotations

from app.core.backends.stop_strings import StopStringMatcher


def test_the_matcher_names_the_stop_string_that_was_hit() -> None:
    matcher = StopStringMatcher(("never", "lo w", "o"))
    assert matcher.feed("he") == "he" and matcher.matched is None
    assert matcher.feed("llo world") == "l"
    assert matcher.stopped and matcher.matched == "lo w"  # it starts before "o"


def test_nothing_is_named_when_no_stop_string_is_hit() -> None:
    matcher = StopStringMatcher(("END",))
    assert matcher.feed("the E") == "the " and matcher.flush() == "E"
    assert not matcher.stopped and matcher.matched is None
