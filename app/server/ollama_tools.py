"""``/api/chat``'s conversation and tools as Ollama documents them: ``tools`` in OpenAI's
function shape, assistant messages whose ``tool_calls`` carry their arguments as an object,
``tool`` messages with a call's result; and the answer's ``message``, whose ``tool_calls``
carry their arguments as an object too (streamed in a line of their own before the last).
"""

from __future__ import annotations

import json
from typing import Any

from app.core.catalog.library import LocalModel
from app.core.tools.calls import CallStream, ToolCall
from app.core.types.chat import ChatMessage
from app.server import images, tools
from app.server.errors import ApiError
from app.server.ollama_schema import ChatRequest
from app.server.openai_schema import ChatMessageIn


def _refuse(param: str, message: str) -> ApiError:
    return ApiError(400, message, param=param, code="invalid_value")


def offer(body: ChatRequest) -> tools.ToolOffer:
    """The request's tools, offered as the model's template writes them (Ollama has no
    ``tool_choice``: the model decides).

    Raises:
        ApiError: 400 naming the tool that is not ``{"type": "function", "function": ...}``.
    """
    given = body.tools or []
    if not all(isinstance(tool, dict) for tool in given):
        raise _refuse("tools", "'tools' must be a list of {\"type\": \"function\", "
                               "\"function\": {...}} objects.")
    return tools.offer_of(given, None)


def chat_messages(body: ChatRequest, model: LocalModel) -> list[ChatMessage]:
    """The conversation in the core's roles, tool calls and results included; a message's
    ``images`` (for a vision model) as re-encoded image parts before its text.

    Raises:
        ApiError: 400 naming the message: images for a model without vision or that are no
            readable base64 image, or a tool call that is not
            ``{"function": {"name", "arguments"}}``.
    """
    out: list[ChatMessage] = []
    for index, message in enumerate(body.messages):
        if message.images:
            content = images.with_images(message.content, message.images,
                                         f"messages[{index}].images", model)
            out.append(ChatMessage(role=message.role, content=content))  # type: ignore[typeddict-item]
            continue
        if message.role == "assistant" and message.tool_calls:
            calls = [{"type": "function", **call} if isinstance(call, dict) else call
                     for call in message.tool_calls]
            turn = ChatMessageIn(role="assistant", content=message.content, tool_calls=calls)
            out.append(tools.chat_message(turn, index, message.content))
            continue
        entry = ChatMessage(role=message.role, content=message.content)
        name = getattr(message, "tool_name", None)  # which tool answered, in newer clients
        if message.role == "tool" and isinstance(name, str) and name:
            entry["name"] = name
        out.append(entry)
    return out


def _call(call: ToolCall) -> dict[str, Any]:
    try:
        arguments = json.loads(call.arguments or "{}")
    except json.JSONDecodeError:
        arguments = {}
    return {"function": {"name": call.name, "arguments": arguments}}


class Reply:
    """The answer's ``message``: text, then the calls read out of it."""

    def __init__(self, offered: tools.ToolOffer) -> None:
        self.offered = offered
        self.calls: CallStream | None = offered.stream()

    @staticmethod
    def message(text: str, calls: list[ToolCall] | None = None) -> dict[str, Any]:
        """``{"message": ...}`` with ``text`` and, when there are any, the calls."""
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = [_call(call) for call in calls]
        return {"message": message}

    def piece(self, text: str) -> str:
        """What of a streamed piece can go out now (a call's text is held back)."""
        return self.calls.feed(text) if self.calls is not None and text else text

    def ending(self) -> list[dict[str, Any]]:
        """The stream's last lines before the final one: held text, then the calls."""
        if self.calls is None:
            return []
        parsed = self.calls.finish()
        out = [self.message(parsed.content)] if parsed.content else []
        if parsed.calls:
            out.append(self.message("", parsed.calls))
        return out

    def whole(self, text: str) -> dict[str, Any]:
        """A whole answer's ``message``."""
        parsed = self.offered.parse(text)
        return self.message(parsed.content or "", parsed.calls)
