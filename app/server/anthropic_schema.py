"""Anthropic's Messages API: the request body as pydantic models, the conversation and tools
in the shapes the chat template and the tool parser take, and errors in Anthropic's shape
(``{"type": "error", "error": {"type", "message"}}``).

Fields Ondol does not use (``metadata``, ``thinking``, ``service_tier``) are accepted and
ignored; ``seed`` is taken as an extension, so an answer can be reproduced.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.types.chat import ChatMessage
from app.server import tools
from app.server.errors import ApiError
from app.server.openai_schema import ChatMessageIn

# Blocks an earlier answer may carry that say nothing the template can render: left out.
_SKIPPED = ("thinking", "redacted_thinking")
# The status of an error -> Anthropic's error type.
_TYPES = {400: "invalid_request_error", 401: "authentication_error",
          403: "permission_error", 404: "not_found_error", 413: "request_too_large",
          429: "rate_limit_error", 503: "overloaded_error", 529: "overloaded_error"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class Block(_Body):
    """One content block: ``text``, ``tool_use`` or ``tool_result`` (others are refused)."""

    type: str
    text: str | None = None
    id: str | None = None  # tool_use
    name: str | None = None  # tool_use
    input: Any = None  # tool_use: the call's arguments, an object
    tool_use_id: str | None = None  # tool_result
    content: str | list[Block] | None = None  # tool_result
    is_error: bool | None = None  # tool_result


class MessageIn(_Body):
    """A turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str | list[Block]


class ToolIn(_Body):
    """A tool the model may call (a client tool: Anthropic's server tools are not run)."""

    name: str = Field(min_length=1, max_length=64)
    description: str | None = None
    input_schema: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object", "properties": {}})
    type: str | None = None


class ToolChoiceIn(_Body):
    """``tool_choice``: ``auto``, ``any`` (some tool), ``tool`` (the one named), ``none``."""

    type: Literal["auto", "any", "tool", "none"]
    name: str | None = None


class CountTokensRequest(_Body):
    """``POST /v1/messages/count_tokens``: the conversation and tools of a message request."""

    model: str = Field(min_length=1)
    messages: list[MessageIn] = Field(min_length=1)
    system: str | list[Block] | None = None
    tools: list[ToolIn] | None = None
    tool_choice: ToolChoiceIn | None = None


class MessagesRequest(CountTokensRequest):
    """``POST /v1/messages``."""

    max_tokens: int = Field(ge=1)
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    stop_sequences: list[str] | None = None
    stream: bool = False
    seed: int | None = None  # an extension


def _bad(message: str) -> ApiError:
    return ApiError(400, message, code="invalid_value")


def _text(content: str | list[Block] | None, where: str) -> str:
    """Text content: a string, or text blocks joined.

    Raises:
        ApiError: 400, a block that is not text.
    """
    if content is None or isinstance(content, str):
        return content or ""
    texts = []
    for index, block in enumerate(content):
        if block.type != "text" or block.text is None:
            raise _bad(f"Only text content is understood here; {where}[{index}] is "
                       f"'{block.type}'.")
        texts.append(block.text)
    return "".join(texts)


def chat_messages(body: CountTokensRequest) -> list[ChatMessage]:
    """The conversation as the template takes it: the system prompt, then each turn; a
    ``tool_use`` is an assistant's tool call, a ``tool_result`` a ``tool`` message.

    Raises:
        ApiError: 400 naming the block: content Ondol cannot take (images, documents), a
            ``tool_use`` without id or name, a ``tool_result`` without ``tool_use_id``.
    """
    out: list[ChatMessage] = []
    system = _text(body.system, "system")
    if system:
        out.append(ChatMessage(role="system", content=system))
    for index, message in enumerate(body.messages):
        if isinstance(message.content, str):
            out.append(ChatMessage(role=message.role, content=message.content))
        elif message.role == "assistant":
            out.append(_assistant(message.content, index))
        else:
            out.extend(_user(message.content, index))
    return out


def _assistant(blocks: list[Block], index: int) -> ChatMessage:
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for i, block in enumerate(blocks):
        where = f"messages[{index}].content[{i}]"
        if block.type == "text" and block.text is not None:
            texts.append(block.text)
        elif block.type == "tool_use":
            if not block.id or not block.name or not isinstance(block.input or {}, dict):
                raise _bad(f"{where} must be a tool_use block with an 'id', a 'name' and an "
                           "'input' object.")
            calls.append({"id": block.id, "type": "function",
                          "function": {"name": block.name, "arguments": block.input or {}}})
        elif block.type not in _SKIPPED:
            raise _bad(f"An assistant turn holds text and tool_use blocks; {where} is "
                       f"'{block.type}'.")
    turn = ChatMessageIn(role="assistant", content="".join(texts), tool_calls=calls or None)
    return tools.chat_message(turn, index, "".join(texts))


def _user(blocks: list[Block], index: int) -> list[ChatMessage]:
    """Tool results first (as Anthropic requires them first), then the user's text."""
    out: list[ChatMessage] = []
    texts: list[str] = []
    for i, block in enumerate(blocks):
        where = f"messages[{index}].content[{i}]"
        if block.type == "text" and block.text is not None:
            texts.append(block.text)
        elif block.type == "tool_result":
            if not block.tool_use_id:
                raise _bad(f"{where} needs the 'tool_use_id' it answers.")
            result = _text(block.content, f"{where}.content")
            if block.is_error:
                result = f"Error: {result}"
            turn = ChatMessageIn(role="tool", content=result, tool_call_id=block.tool_use_id)
            out.append(tools.chat_message(turn, index, result))
        else:
            raise _bad(f"Only text and tool_result content is understood; {where} is "
                       f"'{block.type}'.")
    if texts:
        out.append(ChatMessage(role="user", content="".join(texts)))
    return out


def tool_offer(body: CountTokensRequest) -> tools.ToolOffer:
    """The request's tools and ``tool_choice`` as chat completions take them.

    Raises:
        ApiError: 400, a server tool (only client tools are run), or a ``tool_choice`` that
            names no offered tool.
    """
    offered: list[dict[str, Any]] = []
    for index, tool in enumerate(body.tools or []):
        if tool.type not in (None, "custom"):
            raise _bad(f"tools[{index}] is a '{tool.type}' tool; Ondol offers the model only "
                       "client tools (a name, a description and an input_schema).")
        function: dict[str, Any] = {"name": tool.name, "parameters": tool.input_schema}
        if tool.description is not None:
            function["description"] = tool.description
        offered.append({"type": "function", "function": function})
    choice = body.tool_choice
    wanted: str | dict[str, Any] | None = None
    if choice is not None and choice.type == "tool":
        if not choice.name:
            raise _bad("'tool_choice' of type 'tool' needs the 'name' of a tool.")
        wanted = {"type": "function", "function": {"name": choice.name}}
    elif choice is not None and (offered or choice.type != "auto"):
        wanted = {"any": "required"}.get(choice.type, choice.type)
    return tools.offer_of(offered, wanted)


def error_type(status: int) -> str:
    """Anthropic's error type for an HTTP status."""
    return _TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")


def error_body(status: int, message: str) -> dict[str, Any]:
    """An error as Anthropic's clients parse it."""
    return {"type": "error", "error": {"type": error_type(status), "message": message}}
