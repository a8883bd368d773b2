"""A conversation in memory for the terminal chat: a system prompt, its turns, and what to do
when it outgrows the context window (the runtime host applies that policy)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.types.chat import ChatMessage, OverflowPolicy


@dataclass
class ChatSession:
    """Messages plus the policy the host fits them to the context window with."""

    system_prompt: str = ""
    policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST
    messages: list[ChatMessage] = field(default_factory=list)

    def add_user(self, text: str) -> None:
        """Append a user turn."""
        self.messages.append({"role": "user", "content": text})

    def add_assistant(self, text: str) -> None:
        """Append an assistant turn."""
        self.messages.append({"role": "assistant", "content": text})

    def all_messages(self) -> list[ChatMessage]:
        """System prompt (if any) and every turn."""
        head: list[ChatMessage] = (
            [{"role": "system", "content": self.system_prompt}] if self.system_prompt else [])
        return head + list(self.messages)
