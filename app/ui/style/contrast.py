"""WCAG 2.x contrast between two colours, for checking the tokens."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``.

    Raises:
        ValueError: ``color`` is not ``#rrggbb``.
    """
    if len(color) != 7 or not color.startswith("#"):
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio (1 to 21) of two ``#rrggbb`` colours, in either order.

    Raises:
        ValueError: either is not ``#rrggbb``.
    """
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)),
                  reverse=True)
    return (a + 0.05) / (b + 0.05)
