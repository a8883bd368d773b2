"""One Messages answer as it arrives: its text, its tool calls, and how it ended.

Stop sequences are the runtime's stop strings, so an answer they end finishes as any other
(the model is free at once, the log says it stopped); the runtime's ``Done`` names the one
that ended it.
"""

from __future__ import annotations

import uuid
from typing import Any

from app.core.runtime import events as ev
from app.core.tools.calls import CallStream, Parsed, parse_tool_calls
from app.server import generation as gen
from app.server.tools import ToolOffer


def tool_use_id() -> str:
    """An id in Anthropic's style."""
    return f"toolu_{uuid.uuid4().hex[:24]}"


class Turn:
    """The text that can be shown (tool calls held back when streaming), and the end."""

    def __init__(self, offer: ToolOffer, stream: bool) -> None:
        self.offer = offer
        self.streaming = stream
        self.calls: CallStream | None = offer.stream() if stream else None
        self.shown: list[str] = []
        self.stop_sequence: str | None = None
        self.answer = gen.Answer()

    def take(self, event: Any) -> str:
        """Fold in one event; the text that can go out now."""
        if isinstance(event, ev.Done):
            self.answer.done = event
            self.stop_sequence = event.stop_string if event.reason == "stop" else None
        elif isinstance(event, ev.Delta):
            return self._out(event.text)
        return ""

    def _out(self, text: str) -> str:
        if self.calls is not None and text:
            text = self.calls.feed(text)
        self.shown.append(text)
        return text

    def finish(self) -> Parsed:
        """The rest: held text and the tool calls (for a whole answer, the whole text)."""
        if self.calls is not None:
            return self.calls.finish(tool_use_id)
        if self.streaming:  # everything has gone out already
            return Parsed(None)
        whole = "".join(self.shown)
        return parse_tool_calls(whole, self.offer.names, tool_use_id) if self.offer.tools \
            else Parsed(whole)

    def stop_reason(self, parsed: Parsed) -> str:
        """``tool_use``, ``stop_sequence``, ``max_tokens`` or ``end_turn``."""
        if parsed.calls:
            return "tool_use"
        if self.stop_sequence is not None:
            return "stop_sequence"
        done = self.answer.done
        return "max_tokens" if done is not None and done.reason == "length" else "end_turn"

    def usage(self) -> dict[str, int]:
        """Anthropic's ``usage``: the prompt tokens read from the cache counted apart."""
        openai = self.answer.usage()
        cached = openai["prompt_tokens_details"]["cached_tokens"]
        return {"input_tokens": openai["prompt_tokens"] - cached,
                "output_tokens": openai["completion_tokens"],
                "cache_read_input_tokens": cached, "cache_creation_input_tokens": 0}
