"""Light and dark: follow the system unless the user chose one; Fusion style on every platform,
coloured and shaped by the design tokens in ``app.ui.style``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.ui.style.fonts import with_korean_fallback
from app.ui.style.palette import build_palette
from app.ui.style.sheet import build_style_sheet
from app.ui.style.tokens import METRICS, colors


def system_prefers_dark() -> bool:
    """What the desktop asks for (Qt 6.5+ reads it from the platform)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(choice: str) -> bool:
    """Whether ``choice`` ("system", "light" or "dark") means the dark theme here."""
    return system_prefers_dark() if choice == "system" else choice == "dark"


def apply_theme(app: QApplication, choice: str) -> bool:
    """Apply "system", "light" or "dark" (style, font, palette, style sheet); return whether
    the result is dark."""
    if not app.styleSheet():  # once a sheet is set, style() is its wrapper around Fusion
        app.setStyle("Fusion")
    dark = is_dark(choice)
    font = with_korean_fallback(app.font())
    app.setFont(font)
    app.setPalette(build_palette(colors(dark)))
    # A pixel-sized font has no point size: 9 pt is Qt's own default.
    points = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    try:
        sheet = build_style_sheet(colors(dark), METRICS, points)
    except OSError:  # no temporary folder for the arrow images: the window opens without them
        sheet = build_style_sheet(colors(dark), METRICS, points, arrow=lambda _n, _c: "")
    app.setStyleSheet(sheet)
    return dark
