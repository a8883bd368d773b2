"""Fitting a conversation into the context window, inside the runtime host.

The host owns the prompt: a request carries the messages, the overflow policy and the answer
reserve; the host drops the oldest turns if it must (never the system prompt, never the newest
user turn), renders the template once for the prompt it sends, and reports its size. Counting
happens next to the tokenizer, so a long chat costs no round trips.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.errors import ContextOverflowError
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import SamplingParams

# Renders messages through the chat template and tokenizes the result.
Tokenize = Callable[[list[ChatMessage]], list[int]]


@dataclass(frozen=True)
class FittedPrompt:
    """The prompt that goes to the model, and how much of the conversation it kept."""

    tokens: list[int]
    messages_sent: int
    messages_dropped: int


def default_answer_reserve(sampling: SamplingParams, n_ctx: int) -> int:
    """Room kept for the answer: its ``max_tokens``, else a quarter of the context, and never
    more than half the context (a long answer limit must not push out the whole chat)."""
    return min(sampling.max_tokens or n_ctx // 4, n_ctx // 2)


def fit_messages(messages: Sequence[ChatMessage], tokenize: Tokenize, n_ctx: int,
                 reserve: int, policy: OverflowPolicy) -> FittedPrompt:
    """The longest tail of ``messages`` whose prompt plus ``reserve`` fits in ``n_ctx``.

    Drops whole turns from the oldest end (a user turn with the answers that followed it),
    never a leading system prompt and never the newest turn.

    Raises:
        ContextOverflowError: the policy is STOP_AT_LIMIT and the conversation does not fit
            (``reason="conversation"``), or even the system prompt and the newest turn alone
            do not fit (``reason="last_message"``).
    """
    budget = n_ctx - reserve
    head = [m for m in messages[:1] if m["role"] == "system"]
    turns = list(messages[len(head):])
    tokens = tokenize(head + turns)
    if len(tokens) <= budget:
        return FittedPrompt(tokens, len(head) + len(turns), 0)
    if policy is OverflowPolicy.STOP_AT_LIMIT:
        raise ContextOverflowError(
            f"The conversation needs {len(tokens)} tokens plus {reserve} for the answer; the "
            f"context window holds {n_ctx}. Start a new chat or raise the context length.",
            tokens_needed=len(tokens) + reserve, n_ctx=n_ctx, reason="conversation")
    while len(turns) > 1:
        turns = _drop_oldest_turn(turns)
        tokens = tokenize(head + turns)
        if len(tokens) <= budget:
            kept = len(head) + len(turns)
            return FittedPrompt(tokens, kept, len(messages) - kept)
    raise ContextOverflowError(
        f"Even the last message alone needs {len(tokens)} tokens plus {reserve} for the "
        f"answer; the context window holds {n_ctx}.",
        tokens_needed=len(tokens) + reserve, n_ctx=n_ctx, reason="last_message")


def _drop_oldest_turn(turns: list[ChatMessage]) -> list[ChatMessage]:
    """Remove the first message and the assistant replies (and tool results) that follow it."""
    rest = turns[1:]
    while len(rest) > 1 and rest[0]["role"] in ("assistant", "tool"):
        rest = rest[1:]
    return rest
