"""An answer that only repeats calls the conversation has already answered is made again
without tools; anything else passes through unchanged, in order. Scripted host events: what
is checked is the filter's bookkeeping (the real models are in ``test_tools.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.core.runtime import events as ev
from app.core.tools.loops import answered_calls, without_repeated_calls

SEOUL = '{"city": "Seoul"}'
CALLED = [{"role": "user", "content": "Weather in Seoul?"},
          {"role": "assistant", "content": "", "tool_calls": [
              {"id": "c1", "type": "function",
               "function": {"name": "get_weather", "arguments": {"city": "Seoul"}}}]},
          {"role": "tool", "tool_call_id": "c1", "content": "Sunny, 21 C"}]


def answer(request: int, *pieces: str) -> Iterator[Any]:
    yield ev.PromptReady(request, 30, 512)
    for index, piece in enumerate(pieces):
        yield ev.Delta(request, piece)
        if index == 1:
            yield ev.Stats(request, generated_tokens=2)
    yield ev.Done(request, "stop", ev.Stats(request, generated_tokens=len(pieces)))


def run(first: Iterator[Any], answered: Any = None) -> tuple[list[Any], list[int]]:
    again_asked: list[int] = []

    def again() -> Iterator[Any]:
        again_asked.append(1)
        return answer(2, "It is sunny", ", 21 C.")

    out = list(without_repeated_calls(first, again, answered_calls(CALLED)
                                      if answered is None else answered, ["get_weather"]))
    return out, again_asked


def texts(events: list[Any]) -> str:
    return "".join(e.text for e in events if isinstance(e, ev.Delta))


def test_the_calls_a_tool_result_answered_are_known() -> None:
    assert answered_calls(CALLED) == {("get_weather", SEOUL)}
    # A call without its result yet is not answered; string arguments compare as JSON.
    assert answered_calls(CALLED[:2]) == set()
    as_text = [CALLED[0], {**CALLED[1], "tool_calls": [{"function": {
        "name": "get_weather", "arguments": '{ "city":"Seoul" }'}}]}, CALLED[2]]
    assert answered_calls(as_text) == {("get_weather", SEOUL)}


def test_a_repeated_call_is_answered_again_without_tools() -> None:
    first = answer(1, '{{"name": "get_weather", ', '"arguments": {"city": "Seoul"}}}')
    out, asked = run(first)
    assert asked == [1]
    assert texts(out) == "It is sunny, 21 C."
    assert [type(e) for e in out].count(ev.PromptReady) == 1  # the first answer's only
    assert isinstance(out[-1], ev.Done) and out[-1].request_id == 2
    assert not any(isinstance(e, ev.Delta) and e.request_id == 1 for e in out)


def test_a_new_call_or_words_pass_through_in_order() -> None:
    other = answer(1, "Let me look. ", '{"name": "get_weather", "arguments": {"city": "Busan"}}')
    out, asked = run(other)
    assert asked == [] and texts(out) == (
        'Let me look. {"name": "get_weather", "arguments": {"city": "Busan"}}')
    kinds = [type(e).__name__ for e in out]
    assert kinds == ["PromptReady", "Delta", "Stats", "Delta", "Done"]
    words, asked = run(answer(1, "It is ", "sunny."))
    assert asked == [] and texts(words) == "It is sunny."
    # Nothing was answered yet: a call is a call.
    first_call, asked = run(answer(1, '{"name": "get_weather", ', '"arguments": {"city": '
                                   '"Seoul"}}'), answered=set())
    assert asked == [] and texts(first_call).startswith('{"name"')


def test_progress_figures_are_not_held_with_the_text() -> None:
    out, _ = run(answer(1, "{", '"name": "get_weather", "arguments": {"city": "Busan"}}'))
    kinds = [type(e).__name__ for e in out]
    # The Stats after the second piece goes out before the held text; the text stays whole.
    assert kinds == ["PromptReady", "Stats", "Delta", "Delta", "Done"]
