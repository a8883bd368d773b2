"""Chat roles and the one shape a message has on its way to a chat template."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, NotRequired, TypedDict

# "tool" carries a tool's result back to the model (the server's tool calls); the window's
# chats use the first three.
Role = Literal["system", "user", "assistant", "tool"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant")
# The optional keys a message may carry to the template, as Hugging Face's templates read them.
TOOL_KEYS = ("tool_calls", "tool_call_id", "name")


class ChatMessage(TypedDict):
    """A message as chat templates, requests and the runtime host take it.

    An assistant message may carry ``tool_calls`` (``{"id", "type": "function", "function":
    {"name", "arguments": dict}}``); a ``tool`` message the ``tool_call_id`` it answers.
    """

    role: Role
    content: str
    tool_calls: NotRequired[list[dict[str, Any]]]
    tool_call_id: NotRequired[str]
    name: NotRequired[str]


def copy_message(message: ChatMessage) -> ChatMessage:
    """A plain copy of ``message``: its role, content and whichever tool keys it has."""
    out = ChatMessage(role=message["role"], content=message["content"])
    for key in TOOL_KEYS:
        if key in message:
            out[key] = message[key]  # type: ignore[literal-required]
    return out


class OverflowPolicy(str, Enum):
    """What happens when a conversation would not fit the context window."""

    DROP_OLDEST = "drop_oldest"  # keep the system prompt, forget the oldest turns
    STOP_AT_LIMIT = "stop_at_limit"  # refuse, and say so
