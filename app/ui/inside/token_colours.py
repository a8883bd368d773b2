"""The token view's tints, mixed from the theme's colour tokens so they follow light and dark.

Neighbouring tokens alternate between two soft tints; a special token, a byte piece and a
whitespace token each look different from plain text. Text on every tint stays readable
(WCAG AA, checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from app.core.inspect.tokens import TokenKind
from app.ui.style.tokens import colors


def _mix(a: str, b: str, share_of_b: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    keep = 1.0 - share_of_b
    return QColor.fromRgbF(ca.redF() * keep + cb.redF() * share_of_b,
                           ca.greenF() * keep + cb.greenF() * share_of_b,
                           ca.blueF() * keep + cb.blueF() * share_of_b)


@dataclass(frozen=True)
class TokenColours:
    """Fills and lines for each sort of token, and the text drawn on them."""

    text: QColor
    muted: QColor
    even: QColor  # plain tokens alternate between these two
    odd: QColor
    special: QColor
    byte: QColor
    whitespace_line: QColor  # whitespace tokens: no fill, a quiet outline
    byte_line: QColor
    special_line: QColor
    focus: QColor

    def fill(self, kind: TokenKind, index: int) -> QColor | None:
        """The fill of token ``index`` of ``kind`` (None: not filled)."""
        if kind is TokenKind.SPECIAL:
            return self.special
        if kind is TokenKind.BYTE:
            return self.byte
        if kind is TokenKind.WHITESPACE:
            return None
        return self.even if index % 2 == 0 else self.odd


def token_colours(palette: QPalette) -> TokenColours:
    """The tints for the theme ``palette`` belongs to (dark when its base is dark)."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    c = colors(dark)
    strong = 0.30 if dark else 0.16  # a dark base needs more of a colour to show it
    return TokenColours(
        text=QColor(c.text), muted=QColor(c.muted),
        even=_mix(c.base, c.accent, strong), odd=_mix(c.base, c.success, strong),
        special=_mix(c.base, c.error, strong), byte=_mix(c.base, c.warning, strong + 0.06),
        whitespace_line=QColor(c.control_border), byte_line=QColor(c.warning),
        special_line=QColor(c.error), focus=QColor(c.focus))
