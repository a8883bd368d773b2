"""What a tool server offers (``ToolSpec``) and what a call gives back (``ToolResult``).

A result's text is the tool's text content joined; other content (images, audio, resources)
is named in the text rather than dropped silently, and the whole is cut at ``MAX_RESULT_CHARS``
with a note saying how much was cut: a tool that returns megabytes must not flood memory or
the model's context.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_RESULT_CHARS = 100_000


@dataclass(frozen=True)
class ToolSpec:
    """One tool: ``name`` is what the model calls it (``server__tool`` when two servers have
    a tool by one name), ``tool`` the server's own name for it."""

    server: str
    name: str
    description: str
    input_schema: dict[str, Any] = field(default_factory=dict)
    tool: str = ""

    def __post_init__(self) -> None:
        if not self.tool:
            object.__setattr__(self, "tool", self.name)


@dataclass(frozen=True)
class ToolResult:
    """A call's outcome. ``is_error`` with ``error_reason`` (``tool_error``: the tool said so;
    ``server_crashed``, ``server_down``, ``timeout``, ``not_found``, ``invalid_arguments``,
    ``rejected``) when it failed; ``text`` is then what to tell the model."""

    text: str
    is_error: bool = False
    truncated: bool = False
    error_reason: str | None = None


def _note(kept: str, total: int, limit: int) -> str:
    return (f"{kept[:limit]}\n\n[Result truncated: {total - limit:,} of {total:,} characters "
            "left out.]")


def cut(text: str, limit: int = MAX_RESULT_CHARS) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters with a note of how much was left out; True when
    something was cut."""
    if len(text) <= limit:
        return text, False
    return _note(text, len(text), limit), True


def _describe(block: Any) -> str:
    """A content block that is not text, named in one line."""
    kind = getattr(block, "type", type(block).__name__)
    if kind in ("image", "audio"):
        size = len(getattr(block, "data", "") or "") * 3 // 4  # base64 → bytes
        return f"[{kind} content ({getattr(block, 'mime_type', '?')}, {size:,} bytes) omitted]"
    if kind == "resource_link":
        return f"[resource link: {getattr(block, 'uri', '?')}]"
    if kind == "resource":
        resource = getattr(block, "resource", None)
        text = getattr(resource, "text", None)
        if isinstance(text, str):
            return text
        return f"[binary resource {getattr(resource, 'uri', '?')} omitted]"
    return f"[{kind} content omitted]"


def join_content(blocks: Iterable[Any], limit: int = MAX_RESULT_CHARS) -> tuple[str, bool]:
    """The blocks' text joined by newlines and cut at ``limit``; True when something was cut.

    Blocks past the limit are only counted, so many blocks are never joined in full.
    """
    parts: list[str] = []
    kept = total = 0
    for index, block in enumerate(blocks):
        text = block.text if getattr(block, "type", None) == "text" else _describe(block)
        size = len(text) + (1 if index else 0)  # the newline between blocks
        if kept <= limit:
            parts.append(text)
            kept += size
        total += size
    joined = "\n".join(parts)
    if total <= limit:
        return joined, False
    return _note(joined, total, limit), True
