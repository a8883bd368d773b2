"""Tool calls read back out of a model's answer text.

Models call tools in several written forms, and small ones do not always use their own
template's tags, so each form is recognised:

- Hermes / Qwen: ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>`` (the closing tag
  may be missing when the turn ended right after the JSON);
- Mistral: ``[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]`` and the newer
  ``[TOOL_CALLS]name[ARGS]{...}``;
- Llama 3: bare JSON ``{"name": ..., "parameters": {...}}``, maybe after ``<|python_tag|>``,
  and Llama 3.1's ``<function=name>{...}</function>``;
- bare or ```json-fenced JSON objects (or lists of them) with ``name`` and ``arguments``.

Tagged forms are calls whatever the name; bare and fenced JSON are calls only when they name
an offered tool and carry arguments, so JSON the model merely writes about stays text. The
caller parses only when tools were offered.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

# Where a call may begin: text from here on is held back while streaming, until it is parsed.
MARKERS = ("<tool_call>", "[TOOL_CALLS]", "<|python_tag|>", "<function=", "```", "{", "[{")
_DECODER = json.JSONDecoder()
_FENCE = re.compile(r"```([\w+-]*)[ \t]*\n?(.*?)```", re.DOTALL)
_CALL_FENCES = ("", "json", "tool_call")
_FUNCTION_TAG = re.compile(r"<function=([\w.\-]+)>(.*?)(?:</function>|$)", re.DOTALL)
_MISTRAL_ARGS = re.compile(r"\s*([\w.\-]+)\s*\[ARGS\]")


@dataclass(frozen=True)
class ToolCall:
    """One call: the function's name and its arguments as JSON text (as OpenAI sends them)."""

    id: str
    name: str
    arguments: str

    def to_openai(self) -> dict[str, Any]:
        """The ``tool_calls`` entry of an assistant message."""
        return {"id": self.id, "type": "function",
                "function": {"name": self.name, "arguments": self.arguments}}


@dataclass
class Parsed:
    """An answer split into its text (None when only calls remain) and its calls."""

    content: str | None
    calls: list[ToolCall] = field(default_factory=list)


def new_call_id() -> str:
    """An id in OpenAI's style."""
    return f"call_{uuid.uuid4().hex[:24]}"


def parse_tool_calls(text: str, names: Collection[str],
                     make_id: Callable[[], str] = new_call_id) -> Parsed:
    """The tool calls written in ``text``, and the text around them.

    ``names`` are the offered tools' names: bare and fenced JSON must name one of them.

    Raises:
        nothing: text that is not a well-formed call stays text.
    """
    calls: list[ToolCall] = []
    kept: list[str] = []
    pos = 0
    while (found := _next_call(text, pos, names)) is not None:
        start, end, objects = found
        kept.append(text[pos:start])
        calls.extend(ToolCall(make_id(), name, args) for name, args in objects)
        pos = end
    kept.append(text[pos:])
    content = "".join(kept).strip()
    if not calls:
        return Parsed(text)
    # Brackets left around a call (``{{...}}``, ``[...]``) are part of its writing, not text.
    return Parsed(content if content.strip("{}[], \n\t") else None, calls)


Found = tuple[int, int, list[tuple[str, str]]]


def _next_call(text: str, pos: int, names: Collection[str]) -> Found | None:
    """The first call at or after ``pos``: its span and its (name, arguments) pairs."""
    index = pos
    while index < len(text):
        starts = [i for i in (text.find(m, index) for m in MARKERS) if i >= 0]
        if not starts:
            return None
        index = min(starts)
        found = _call_at(text, index, names)
        if found is not None:
            return found
        fence = _FENCE.match(text, index) if text.startswith("```", index) else None
        # A code block that is not a call is code: what it holds is not looked at either.
        index = fence.end() if fence else index + 1
    return None


def _call_at(text: str, i: int, names: Collection[str]) -> Found | None:
    """A call starting exactly at ``i``, in any of the forms."""
    rest = text[i:]
    if rest.startswith("<tool_call>"):
        close = text.find("</tool_call>", i)
        end = len(text) if close < 0 else close + len("</tool_call>")
        body = text[i + len("<tool_call>"):len(text) if close < 0 else close]
        fenced = _FENCE.fullmatch(body.strip())
        objects = _calls_in(fenced.group(2) if fenced else body, names, tagged=True)
        return (i, end, objects) if objects else None
    if rest.startswith("[TOOL_CALLS]"):
        return _mistral(text, i + len("[TOOL_CALLS]"), i, names)
    if rest.startswith("<|python_tag|>"):
        return _json_at(text, i + len("<|python_tag|>"), i, names, tagged=True)
    if rest.startswith("<function="):
        match = _FUNCTION_TAG.match(text, i)
        args = _arguments(_loads(match.group(2).strip())) if match else None
        return (i, match.end(), [(match.group(1), args)]) if match and args else None
    if rest.startswith("```"):
        match = _FENCE.match(text, i)
        objects = (_calls_in(match.group(2), names, tagged=False)
                   if match and match.group(1).lower() in _CALL_FENCES else [])
        return (i, match.end(), objects) if match and objects else None
    return _json_at(text, i, i, names, tagged=False)


def _mistral(text: str, at: int, start: int, names: Collection[str]) -> Found | None:
    """``[TOOL_CALLS]`` then a JSON list, or one or more ``name[ARGS]{...}``."""
    found = _json_at(text, at, start, names, tagged=True)
    if found is not None:
        return found
    pairs: list[tuple[str, str]] = []
    end = at
    while (match := _MISTRAL_ARGS.match(text, end)) is not None:
        try:
            value, end = _DECODER.raw_decode(text, match.end())
        except json.JSONDecodeError:
            break
        args = _arguments(value)
        if args is None:
            break
        pairs.append((match.group(1), args))
    return (start, end, pairs) if pairs else None


def _json_at(text: str, at: int, start: int, names: Collection[str],
             tagged: bool) -> Found | None:
    """A JSON call (or list of calls) beginning at ``at`` (after white space)."""
    while at < len(text) and text[at].isspace():
        at += 1
    try:
        value, end = _DECODER.raw_decode(text, at)
    except json.JSONDecodeError:
        return None
    objects = _calls_of(value, names, tagged)
    return (start, end, objects) if objects else None


def _calls_in(body: str, names: Collection[str], tagged: bool) -> list[tuple[str, str]]:
    """The calls in a JSON text that must be nothing but calls."""
    value = _loads(body.strip())
    return _calls_of(value, names, tagged) if value is not None else []


def _calls_of(value: Any, names: Collection[str], tagged: bool) -> list[tuple[str, str]]:
    """(name, arguments) for a call object or a list of them; [] if any item is not one."""
    items = value if isinstance(value, list) else [value]
    out = [_one_call(item, names, tagged) for item in items]
    if not items or any(pair is None for pair in out):
        return []
    return [pair for pair in out if pair is not None]


def _one_call(item: Any, names: Collection[str], tagged: bool) -> tuple[str, str] | None:
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("function"), dict) and item.get("type", "function") == "function":
        item = item["function"]  # OpenAI's own shape, as some models copy it
    name = item.get("name")
    raw = item.get("arguments", item.get("parameters"))
    if not isinstance(name, str) or not name:
        return None
    if not tagged and (name not in names or raw is None):
        return None
    args = _arguments({} if raw is None else raw)
    return (name, args) if args is not None else None


def _arguments(raw: Any) -> str | None:
    """Arguments as JSON text of an object: an object, or a string holding one."""
    if isinstance(raw, str):
        raw = _loads(raw)
    return json.dumps(raw, ensure_ascii=False) if isinstance(raw, dict) else None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None


class CallStream:
    """Streams an answer's text while holding back whatever may be a tool call.

    ``feed`` returns the text that can go out now: everything before the first place a call
    may start (a marker, or the start of one at the end of the text so far). From there on
    the text is held, and ``finish`` parses it.
    """

    def __init__(self, names: Collection[str]) -> None:
        self.names = names
        self._held = ""
        self._holding = False

    def feed(self, text: str) -> str:
        """The part of the text so far that is surely not a call and not yet given out."""
        if self._holding:
            self._held += text
            return ""
        buffer = self._held + text
        starts = [i for i in (buffer.find(m) for m in MARKERS) if i >= 0]
        if starts:
            cut = min(starts)
            self._holding = True
        else:
            cut = len(buffer) - _partial_marker(buffer)
        self._held = buffer[cut:]
        return buffer[:cut]

    @property
    def holding(self) -> bool:
        """Whether text is held back (it may be, or begin, a call)."""
        return bool(self._held)

    def finish(self, make_id: Callable[[], str] = new_call_id) -> Parsed:
        """The held text parsed: the calls, and the text left to send."""
        held, self._held = self._held, ""
        return parse_tool_calls(held, self.names, make_id)


def _partial_marker(text: str) -> int:
    """The length of the longest end of ``text`` that begins a marker."""
    longest = 0
    for marker in MARKERS:
        for size in range(min(len(marker) - 1, len(text)), longest, -1):
            if text.endswith(marker[:size]):
                longest = size
                break
    return longest
