"""Stop strings across token boundaries: nothing of a stop string is ever shown."""

from __future__ import annotations

from app.core.backends.stop_strings import StopStringMatcher


def feed_all(stops: tuple[str, ...], pieces: list[str]) -> tuple[str, bool]:
    m = StopStringMatcher(stops)
    shown = "".join(m.feed(p) for p in pieces)
    return shown + m.flush(), m.stopped


def test_stop_split_across_pieces_is_cut_cleanly() -> None:
    assert feed_all(("</end>",), ["Hello </", "en", "d> tail"]) == ("Hello ", True)


def test_partial_match_that_does_not_complete_is_released() -> None:
    m = StopStringMatcher(("STOP",))
    assert m.feed("ab ST") == "ab "  # "ST" could begin STOP: held back
    assert m.feed("ART") == "START"
    assert not m.stopped


def test_held_text_is_flushed_at_the_end() -> None:
    assert feed_all(("STOP",), ["end ST"]) == ("end ST", False)


def test_earliest_of_several_stops_wins() -> None:
    assert feed_all(("b", "a"), ["xxab"]) == ("xx", True)


def test_no_stops_passes_everything_through() -> None:
    assert feed_all((), ["a", "b"]) == ("ab", False)


def test_korean_stop_string() -> None:
    assert feed_all(("끝",), ["안녕", "하세요 끝입니다"]) == ("안녕하세요 ", True)
