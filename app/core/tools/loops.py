"""A small model that calls the same tool again instead of reading its result.

Given a tool's result with the tools still offered (as agents send every turn), small models
often repeat the call they already made, word for word, and an agent would loop on it for
ever: Qwen2.5-Coder 0.5B and 1.5B both do. A call whose name and arguments equal one that
the conversation has already answered is not a new call. When an answer is nothing but
such repeats, it is dropped and the model answers again with the tools withheld, so it
reads the result and answers in words. A call to another tool, or with other arguments,
goes out as usual; so does a repeat when the request requires a call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from app.core.runtime import events as ev
from app.core.tools.calls import CallStream, parse_tool_calls
from app.core.types.chat import ChatMessage

Call = tuple[str, str]  # (name, arguments as canonical JSON)


def answered_calls(messages: Sequence[ChatMessage]) -> set[Call]:
    """The calls of assistant turns that a tool's result followed."""
    answered: set[Call] = set()
    pending: set[Call] = set()
    for message in messages:
        role = message.get("role")
        if role == "assistant":
            pending = {_call(c) for c in message.get("tool_calls") or () if _call(c)}
        elif role == "tool":
            answered |= pending
    answered.discard(("", ""))
    return answered


def _call(call: dict[str, Any]) -> Call:
    function = call.get("function") or {}
    return str(function.get("name", "")), _canonical(function.get("arguments", {}))


def _canonical(arguments: Any) -> str:
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError:
            return arguments
    return json.dumps(arguments, sort_keys=True, ensure_ascii=False)


def without_repeated_calls(events: Iterator[Any], answer_again: Callable[[], Iterator[Any]],
                           answered: Collection[Call], names: Collection[str]
                           ) -> Iterator[Any]:
    """``events`` as they come, except that text which may be a call is held until the end;
    if the whole answer is calls that were all answered already, ``answer_again()``'s events
    (after its own ``PromptReady``) take the held ones' place.

    Raises:
        Exception: whatever either answer raises.
    """
    splitter = CallStream(names)
    held: list[Any] = []
    text: list[str] = []
    for event in events:
        if isinstance(event, ev.Delta):
            text.append(event.text)
            splitter.feed(event.text)
            held.append(event)
            if not splitter.holding:
                yield from held
                held.clear()
            continue
        if isinstance(event, ev.Done):
            parsed = parse_tool_calls("".join(text), names)
            repeats = parsed.calls and all(
                (c.name, _canonical(c.arguments)) in answered for c in parsed.calls)
            if repeats:
                close = getattr(events, "close", None)
                if close is not None:  # the first answer's request ends before the next
                    close()
                yield from (e for e in answer_again() if not isinstance(e, ev.PromptReady))
                return
            yield from held
            held.clear()
        yield event  # progress figures go out at once; text stays in order
