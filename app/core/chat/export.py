"""Export a chat: Markdown of what the user sees, or JSON with every version.

Markdown is for reading and sharing: the title, the system prompt and the active path, with a
one-line summary of each answer's generation figures. JSON is for keeping or re-importing: every
message including the versions not shown, their tree and which one is selected under each
parent, the per-chat settings, stats and timestamps. Both keep non-ASCII text (Korean) as is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from app.core.chat.conversation import ChatSummary, Conversation, StoredMessage
from app.core.chat.tool_steps import ToolStep

EXPORT_FORMAT = "ondol-chat"
EXPORT_VERSION = 1
_HEADINGS = {"system": "**System**", "user": "**User**", "assistant": "**Assistant**"}
RESULT_CHARS = 1000  # of a tool's result in Markdown (the JSON keeps it whole)
Steps = Mapping[int, list[ToolStep]]  # answer id -> the tool calls it made


def export_markdown(summary: ChatSummary, conversation: Conversation,
                    steps: Steps | None = None) -> str:
    """The chat as Markdown: ``# title``, the system prompt, then the active path (an
    answer's tool calls, from ``steps``, as a short block each before its text).

    Raises:
        Nothing: every stored chat can be exported.
    """
    parts = [f"# {summary.title}"]
    if summary.system_prompt:
        parts += ["**System**", summary.system_prompt]
    for message in conversation.active_path():
        if message.role == "assistant" and not message.complete and not message.content:
            continue  # an answer that never started
        parts.append(_HEADINGS.get(message.role, f"**{message.role}**"))
        parts += [tool_block(step) for step in (steps or {}).get(message.id, [])]
        parts.append(message.content)
        if message.role == "assistant":
            line = stats_line(message)
            if line:
                parts.append(line)
    return "\n\n".join(parts) + "\n"


def tool_block(step: ToolStep) -> str:
    """One tool call as a fenced block: the tool and server, the arguments, what came back."""
    result = step.result[:RESULT_CHARS] + ("…" if len(step.result) > RESULT_CHARS else "")
    outcome = "result" if step.state == "done" else step.state
    return (f"````text\ntool: {step.tool or step.name} · {step.server}\n"
            f"arguments: {step.arguments}\n{outcome}: {result}\n````")


def stats_line(message: StoredMessage) -> str:
    """An italic one-liner: model · tokens · tok/s · first token · stop reason ("" if none)."""
    stats = message.stats or {}
    bits: list[str] = []
    if message.model:
        bits.append(message.model)
    tokens = stats.get("generated_tokens")
    if tokens:
        bits.append(f"{tokens} tokens")
    speed = stats.get("decode_tokens_per_second")
    if speed:
        bits.append(f"{speed:.1f} tok/s")
    first = stats.get("time_to_first_token")
    if first:
        bits.append(f"first token {first:.2f} s")
    reason = stats.get("stop_reason") or stats.get("reason")
    if reason:
        bits.append(f"stop: {reason}")
    if not message.complete:
        bits.append("incomplete")
    return f"*{' · '.join(bits)}*" if bits else ""


def export_json(summary: ChatSummary, conversation: Conversation,
                steps: Steps | None = None) -> str:
    """The whole chat as JSON (``"format": "ondol-chat"``, ``"version": 1``).

    ``messages`` holds every version in id order with its ``parent_id``; ``selected`` marks
    the version shown under its parent (chosen, or the newest when none was chosen), and
    ``active_path`` lists the ids shown, top to bottom. An answer that called tools has
    ``tool_steps`` (from ``steps``).

    Raises:
        Nothing: stats and params were checked to be JSON when they were saved.
    """
    active = [m.id for m in conversation.active_path()]
    selected_ids = {chosen.id for parent in _parents(conversation)
                    if (chosen := conversation.selected(parent)) is not None}
    messages: list[dict[str, Any]] = []
    for message in sorted(conversation.messages.values(), key=lambda m: m.id):
        entry = asdict(message)
        entry["selected"] = message.id in selected_ids
        if (steps or {}).get(message.id):
            entry["tool_steps"] = [step.to_dict() for step in (steps or {})[message.id]]
        messages.append(entry)
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "chat": asdict(summary),
        "active_path": active,
        "messages": messages,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _parents(conversation: Conversation) -> set[int | None]:
    return {m.parent_id for m in conversation.messages.values()}
