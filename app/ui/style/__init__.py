"""The window's look in one place: design tokens, the palette and the style sheet built from
them, the font with its Korean fallback, and a WCAG contrast measure to check the colours."""

from app.ui.style.tokens import DARK, LIGHT, LINE_HEIGHT_PERCENT, METRICS, Colors, Metrics, colors

__all__ = ["DARK", "LIGHT", "LINE_HEIGHT_PERCENT", "METRICS", "Colors", "Metrics", "colors"]
