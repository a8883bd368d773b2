"""The chat's colours taken from the window's palette, so they follow the light or dark theme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.ui.render.colours import ChatColours

# WCAG AA for normal text: quiet text is still text people read (the stats, the labels).
MIN_CONTRAST = 4.5


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """``a`` moved ``share_of_b`` of the way towards ``b``."""
    keep = 1.0 - share_of_b
    return QColor.fromRgbF(a.redF() * keep + b.redF() * share_of_b,
                           a.greenF() * keep + b.greenF() * share_of_b,
                           a.blueF() * keep + b.blueF() * share_of_b)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor | str, b: QColor | str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(QColor(a)), _luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _quiet(text: QColor, base: QColor, behind: list[QColor]) -> QColor:
    """Text faded towards the background as far as it stays readable on every ``behind``."""
    for step in range(45, -1, -5):
        colour = _mix(text, base, step / 100)
        if all(contrast(colour, back) >= MIN_CONTRAST for back in behind):
            return colour
    return text


def chat_colours(palette: QPalette, dark: bool) -> ChatColours:
    """The chat's colours for ``palette`` (light or dark as ``dark`` says)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    user_bg = _mix(base, accent, 0.22 if dark else 0.10)
    code_bg = _mix(base, text, 0.08 if dark else 0.045)
    inline_bg = _mix(base, text, 0.14 if dark else 0.09)
    muted = _quiet(text, base, [base, user_bg, code_bg])
    link = palette.color(QPalette.ColorRole.Link)
    if contrast(link, code_bg) < MIN_CONTRAST:
        link = text  # a palette whose link colour is unreadable here
    return ChatColours(text=text.name(), muted=muted.name(), user_bg=user_bg.name(),
                       code_bg=code_bg.name(), inline_code_bg=inline_bg.name(),
                       link=link.name(), rule=_mix(base, text, 0.3).name())
