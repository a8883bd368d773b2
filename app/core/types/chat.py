"""Chat roles and the one shape a message has on its way to a chat template."""

from __future__ import annotations

from enum import Enum
from typing import Literal, TypedDict

Role = Literal["system", "user", "assistant"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant")


class ChatMessage(TypedDict):
    """A message as chat templates, requests and the runtime host take it."""

    role: Role
    content: str


class OverflowPolicy(str, Enum):
    """What happens when a conversation would not fit the context window."""

    DROP_OLDEST = "drop_oldest"  # keep the system prompt, forget the oldest turns
    STOP_AT_LIMIT = "stop_at_limit"  # refuse, and say so
