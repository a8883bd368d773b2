"""The QPalette of a theme, from its colour tokens (what Fusion and plain widgets draw with)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.ui.style.tokens import Colors

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def build_palette(c: Colors) -> QPalette:
    """Every colour role Fusion reads, for the active, inactive and disabled states."""
    p = QPalette()
    roles = {
        Role.Window: c.window, Role.WindowText: c.text,
        Role.Base: c.base, Role.AlternateBase: c.window, Role.Text: c.text,
        Role.Button: c.raised, Role.ButtonText: c.text, Role.BrightText: c.error,
        Role.Highlight: c.accent, Role.HighlightedText: c.accent_text,
        Role.Link: c.link, Role.LinkVisited: c.link,
        Role.ToolTipBase: c.raised, Role.ToolTipText: c.text,
        Role.PlaceholderText: c.placeholder, Role.Accent: c.accent,
        # Fusion draws bevels and frames from these: keep them near the border colour.
        Role.Light: c.hover if c.dark else c.base, Role.Midlight: c.border,
        Role.Mid: c.border, Role.Dark: c.border, Role.Shadow: c.border,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (Role.Text, Role.WindowText, Role.ButtonText, Role.PlaceholderText):
        p.setColor(Group.Disabled, role, QColor(c.disabled))
    p.setColor(Group.Disabled, Role.Highlight, QColor(c.border))
    p.setColor(Group.Disabled, Role.HighlightedText, QColor(c.disabled))
    p.setColor(Group.Disabled, Role.Button, QColor(c.window))
    return p
