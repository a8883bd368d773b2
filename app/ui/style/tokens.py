"""Design tokens: the few sizes and colours every part of the window is drawn from.

Font sizes are factors of the user's own font (never fixed points), spacing and radii are
logical pixels (Qt multiplies them by the screen's scale), colours come in a light and a dark
set whose text pairs meet WCAG AA (checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

# Where rich text is drawn (the chat): Hangul needs more room between lines than Latin.
LINE_HEIGHT_PERCENT = 150

# Korean-capable sans-serif faces, tried after the user's own font for what it lacks, so
# Hangul never falls back to a serif face. Latin text keeps the user's font.
CJK_SANS_FAMILIES = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans K",
    "Source Han Sans KR",
    "Pretendard",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "NanumGothic",
)


@dataclass(frozen=True)
class Metrics:
    """Sizes: font factors of the base font, spacing steps, radii and the scroll bar."""

    font_small: float = 0.9
    font_title: float = 1.3
    space_xs: int = 2
    space_s: int = 4
    space_m: int = 8
    space_l: int = 12
    space_xl: int = 16
    radius_s: int = 4
    radius_m: int = 6
    radius_l: int = 10
    scroll_bar: int = 12


@dataclass(frozen=True)
class Colors:
    """One theme's colours (``#rrggbb``)."""

    dark: bool
    window: str  # the window's background, behind panels
    base: str  # text fields, lists, the chat
    raised: str  # buttons, tooltips, menus
    hover: str  # a raised surface under the pointer
    text: str
    muted: str  # secondary text: labels, stats, headers
    placeholder: str
    disabled: str
    accent: str  # primary buttons, selection, focus
    accent_hover: str
    accent_text: str  # text on the accent
    selection_soft: str  # a selected row that is not the primary action
    focus: str  # the focus ring (non-text contrast ≥ 3:1 against base)
    link: str
    border: str  # quiet lines that only decorate: panels, menus, separators, table grids
    control_border: str  # where a field or check box is (non-text contrast ≥ 3:1, 1.4.11)
    user_message: str  # the background of the user's turns
    code: str  # the background of code blocks
    error: str
    success: str
    warning: str


LIGHT = Colors(
    dark=False,
    window="#f4f5f7",
    base="#ffffff",
    raised="#ffffff",
    hover="#e9ecf0",
    text="#1f2328",
    muted="#57606a",
    placeholder="#6e7781",
    disabled="#7d8690",
    accent="#2563eb",
    accent_hover="#1d4ed8",
    accent_text="#ffffff",
    selection_soft="#dbe6fc",
    focus="#2563eb",
    link="#1d4ed8",
    border="#d0d7de",
    control_border="#818b95",
    user_message="#eef3fd",
    code="#f3f4f6",
    error="#b42318",
    success="#1a7f37",
    warning="#946300",
)

DARK = Colors(
    dark=True,
    window="#1c1d20",
    base="#151618",
    raised="#2a2c30",
    hover="#34373c",
    text="#e6e8eb",
    muted="#a8afb8",
    placeholder="#959ca6",
    disabled="#6e757e",
    accent="#2a66e0",
    accent_hover="#3470e6",
    accent_text="#ffffff",
    selection_soft="#243a63",
    focus="#5b93f5",
    link="#8ab4f8",
    border="#3b3e44",
    control_border="#6e7681",
    user_message="#1f2a3c",
    code="#202226",
    error="#f28b82",
    success="#7dd196",
    warning="#e3b341",
)

METRICS = Metrics()


def colors(dark: bool) -> Colors:
    """The dark or the light colours."""
    return DARK if dark else LIGHT
