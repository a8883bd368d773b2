"""The chat's colours as plain ``#rrggbb`` strings, so the Qt-free renderer can use them.

The window derives them from its palette (``app.ui.chat.palette_colours``); the renderer only
reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ChatColours"]


@dataclass(frozen=True)
class ChatColours:
    """Colours of one theme: text and quiet text, the user's turns, code and links."""

    text: str
    muted: str  # labels, the stats line, the icons under a message
    user_bg: str  # the tint behind the user's turns
    code_bg: str
    inline_code_bg: str
    link: str
    rule: str = "#c8ccd0"  # the lines of a table: quiet, but its columns still read apart
