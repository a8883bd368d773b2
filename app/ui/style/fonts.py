"""The application font: the user's own face and size, with a Korean sans-serif after it."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo

from app.ui.style.tokens import CJK_SANS_FAMILIES


def with_korean_fallback(font: QFont) -> QFont:
    """``font`` (size and Latin face unchanged) whose missing glyphs come from a Korean sans.

    The face actually matched goes first, not an alias such as "Sans Serif": an alias listed
    before a real face would lose to it, and Latin text would be drawn in the CJK face.
    """
    first = QFontInfo(font).family() or font.family()
    result = QFont(font)
    result.setFamilies([first, *(f for f in CJK_SANS_FAMILIES if f != first)])
    return result
