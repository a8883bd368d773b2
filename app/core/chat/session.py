"""A conversation in memory: messages, a system prompt, and what to do when it outgrows the
context window (keep the system prompt and drop the oldest turns, or stop at the limit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from app.core.errors import ContextOverflowError

Role = Literal["system", "user", "assistant"]
CountTokens = Callable[[list[dict[str, str]]], int]


class OverflowPolicy(str, Enum):
    """What happens when the conversation would not fit the context window."""

    DROP_OLDEST = "drop_oldest"  # keep the system prompt, forget the oldest turns
    STOP_AT_LIMIT = "stop_at_limit"  # refuse, and say so


@dataclass
class Message:
    """One turn."""

    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        """The form chat templates take."""
        return {"role": self.role, "content": self.content}


@dataclass
class ChatSession:
    """Messages plus the policy that decides which of them go into the next prompt."""

    system_prompt: str = ""
    policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST
    messages: list[Message] = field(default_factory=list)

    def add_user(self, text: str) -> None:
        """Append a user turn."""
        self.messages.append(Message("user", text))

    def add_assistant(self, text: str) -> None:
        """Append an assistant turn."""
        self.messages.append(Message("assistant", text))

    def all_messages(self) -> list[dict[str, str]]:
        """System prompt (if any) and every turn, as template dicts."""
        head = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        return head + [m.as_dict() for m in self.messages]

    def messages_for_prompt(self, count_tokens: CountTokens, n_ctx: int,
                            reserve_for_answer: int) -> list[dict[str, str]]:
        """The messages to send so that prompt + ``reserve_for_answer`` fit in ``n_ctx``.

        Drops whole turns from the oldest end (a user turn with the answer that followed it),
        never the system prompt and never the newest user turn.

        Raises:
            ContextOverflowError: the policy is STOP_AT_LIMIT and it does not fit, or even the
                system prompt and the newest turn alone do not fit.
        """
        budget = n_ctx - reserve_for_answer
        head = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        turns = [m.as_dict() for m in self.messages]
        used = count_tokens(head + turns)
        if used <= budget:
            return head + turns
        if self.policy is OverflowPolicy.STOP_AT_LIMIT:
            raise ContextOverflowError(
                f"The conversation needs {used} tokens plus {reserve_for_answer} for the answer; "
                f"the context window holds {n_ctx}. Start a new chat or raise the context length.",
                tokens_needed=used + reserve_for_answer, n_ctx=n_ctx)
        while len(turns) > 1:
            turns = _drop_oldest_turn(turns)
            used = count_tokens(head + turns)
            if used <= budget:
                return head + turns
        raise ContextOverflowError(
            f"Even the last message alone needs {used} tokens plus {reserve_for_answer} for the "
            f"answer; the context window holds {n_ctx}.",
            tokens_needed=used + reserve_for_answer, n_ctx=n_ctx)


def _drop_oldest_turn(turns: list[dict[str, str]]) -> list[dict[str, str]]:
    """Remove the first message and any assistant replies that directly follow it."""
    rest = turns[1:]
    while len(rest) > 1 and rest[0]["role"] == "assistant":
        rest = rest[1:]
    return rest
