"""The design tokens: WCAG AA contrast in both themes, a 3:1 edge on fields and check boxes,
the palette and style sheet built from them, Hangul in a Korean sans-serif face, and sizes
that follow the user's font."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QPalette, QTextLayout
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.ui.chat.composer import MessageEdit
from app.ui.style.contrast import contrast_ratio
from app.ui.style.fonts import with_korean_fallback
from app.ui.style.palette import build_palette
from app.ui.style.sheet import build_style_sheet
from app.ui.style.tokens import CJK_SANS_FAMILIES, DARK, LIGHT, METRICS, Colors
from app.ui.theme import apply_theme

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
BODY, LARGE_OR_UI = 4.5, 3.0  # WCAG 2.x AA: body text; disabled text and focus rings

THEMES = [pytest.param(LIGHT, id="light"), pytest.param(DARK, id="dark")]


def _hex(palette: QPalette, role: QPalette.ColorRole, group: QPalette.ColorGroup =
         Group.Active) -> str:
    return palette.color(group, role).name()


@pytest.mark.parametrize("c", THEMES)
def test_text_pairs_meet_aa(c: Colors) -> None:
    pairs = {
        "text on window": (c.text, c.window), "text on base": (c.text, c.base),
        "text on raised": (c.text, c.raised), "text on hover": (c.text, c.hover),
        "muted on window": (c.muted, c.window), "muted on base": (c.muted, c.base),
        "muted on raised": (c.muted, c.raised), "muted on code": (c.muted, c.code),
        "placeholder on base": (c.placeholder, c.base),
        "accent text on accent": (c.accent_text, c.accent),
        "accent text on accent hover": (c.accent_text, c.accent_hover),
        "link on base": (c.link, c.base), "text on user message": (c.text, c.user_message),
        "text on code": (c.text, c.code), "text on soft selection": (c.text, c.selection_soft),
        "error on base": (c.error, c.base), "success on base": (c.success, c.base),
        "warning on base": (c.warning, c.base), "warning on window": (c.warning, c.window),
        "error on window": (c.error, c.window),
    }
    low = {name: round(contrast_ratio(*pair), 2) for name, pair in pairs.items()
           if contrast_ratio(*pair) < BODY}
    assert not low, f"under {BODY}:1: {low}"


@pytest.mark.parametrize("c", THEMES)
def test_disabled_text_and_focus_ring_stay_visible(c: Colors) -> None:
    # WCAG exempts inactive controls; 3:1 keeps them legible. The focus ring is a non-text
    # indicator (1.4.11), which asks for 3:1 against what it sits on.
    pairs = {"disabled on base": (c.disabled, c.base),
             "disabled on window": (c.disabled, c.window),
             "focus on base": (c.focus, c.base), "focus on window": (c.focus, c.window)}
    low = {name: round(contrast_ratio(*pair), 2) for name, pair in pairs.items()
           if contrast_ratio(*pair) < LARGE_OR_UI}
    assert not low, f"under {LARGE_OR_UI}:1: {low}"


@pytest.mark.parametrize("c", THEMES)
def test_palette_roles_meet_aa(qapp: QApplication, c: Colors) -> None:
    p = build_palette(c)
    body = [(Role.WindowText, Role.Window), (Role.Text, Role.Base),
            (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
            (Role.ToolTipText, Role.ToolTipBase), (Role.Link, Role.Base),
            (Role.PlaceholderText, Role.Base), (Role.Text, Role.AlternateBase)]
    for fg, bg in body:
        assert contrast_ratio(_hex(p, fg), _hex(p, bg)) >= BODY, (fg, bg)
    for fg, bg in ((Role.Text, Role.Base), (Role.ButtonText, Role.Button),
                   (Role.WindowText, Role.Window)):
        ratio = contrast_ratio(_hex(p, fg, Group.Disabled), _hex(p, bg, Group.Disabled))
        assert ratio >= LARGE_OR_UI, (fg, bg, ratio)


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize(("choice", "c"), [("light", LIGHT), ("dark", DARK)])
def test_apply_theme_sets_palette_and_sheet(qapp: QApplication, choice: str,
                                            c: Colors) -> None:
    assert apply_theme(qapp, choice) is c.dark
    assert qapp.palette().color(Role.Window).name() == c.window
    assert qapp.palette().color(Role.Highlight).name() == c.accent
    sheet = qapp.styleSheet()
    assert f"border-color: {c.focus}" in sheet  # the focus ring
    assert 'QPushButton[primary="true"]' in sheet


def test_sheet_font_sizes_follow_the_users_font() -> None:
    def sizes(points: float) -> list[float]:
        sheet = build_style_sheet(LIGHT, METRICS, points, arrow=lambda n, c: f"/x/{n}.svg")
        return [float(s) for s in re.findall(r"font-size: ([\d.]+)pt", sheet)]

    small, large = sizes(10.0), sizes(20.0)
    assert small and len(small) == len(large)
    assert large == [2 * s for s in small]  # no size that ignores the user's font
    assert 13.0 in small  # the title: 1.3 × base
    with pytest.raises(ValueError):
        build_style_sheet(LIGHT, METRICS, 0.0)


def _faces(font: QFont, text: str) -> list[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()]


def test_hangul_is_drawn_in_a_korean_sans_and_latin_keeps_its_face(
        qapp: QApplication) -> None:
    installed = set(QFontDatabase.families())
    if not installed.intersection(CJK_SANS_FAMILIES):
        pytest.skip("no Korean sans-serif face installed")
    base = QFont(qapp.font())
    latin_face = QFontInfo(base).family()
    font = with_korean_fallback(base)
    assert font.pointSizeF() == base.pointSizeF()
    assert _faces(font, "Hello") == [latin_face]
    hangul = _faces(font, "한국어문장")
    assert hangul and all(f in CJK_SANS_FAMILIES and "Serif" not in f for f in hangul), hangul
    again = with_korean_fallback(font)  # applying a theme twice changes nothing
    assert again.families() == font.families()


@pytest.mark.parametrize("c", THEMES)
def test_control_borders_stand_out_from_their_surface(c: Colors) -> None:
    # 1.4.11: the edge that shows where a field or check box is needs 3:1 against what it
    # sits on and what it holds; the quiet decorative border does not (and does not reach it).
    pairs = {"control border on base": (c.control_border, c.base),
             "control border on window": (c.control_border, c.window)}
    low = {name: round(contrast_ratio(*pair), 2) for name, pair in pairs.items()
           if contrast_ratio(*pair) < LARGE_OR_UI}
    assert not low, f"under {LARGE_OR_UI}:1: {low}"
    assert contrast_ratio(c.border, c.window) < LARGE_OR_UI  # why a second token is needed


def _rule(sheet: str, selector: str) -> str:
    """The body of the first rule whose selector list holds ``selector`` exactly."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        if selector in (s.strip() for s in selectors.split(",")):
            return body
    raise AssertionError(f"no rule for {selector}")


@pytest.mark.parametrize("c", THEMES)
def test_input_controls_are_edged_with_the_control_border(c: Colors) -> None:
    sheet = build_style_sheet(c, METRICS, 10.0, arrow=lambda n, _c: f"/x/{n}.png")
    for selector in ("QLineEdit", "QTextEdit", "QPlainTextEdit", "QComboBox",
                     "QAbstractSpinBox", "QCheckBox::indicator", "QRadioButton::indicator"):
        assert f"border: 1px solid {c.control_border}" in _rule(sheet, selector), selector
    assert c.control_border not in _rule(sheet, "QMenu")  # decoration keeps the quiet line
    assert f"border-color: {c.border}" in _rule(sheet, "QTextBrowser")  # the chat: read-only
    assert "/x/check.png" in _rule(sheet, "QCheckBox::indicator:checked")


def test_the_composer_and_search_field_draw_the_control_border(
        qapp: QApplication, qtbot: QtBot) -> None:
    apply_theme(qapp, "light")
    box = QWidget()
    qtbot.addWidget(box)
    composer, search = MessageEdit(box), QLineEdit(box)
    composer.setGeometry(10, 10, 200, 60)
    search.setGeometry(10, 90, 200, 30)
    box.resize(220, 130)
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    ratio = image.devicePixelRatio()
    for widget in (composer, search):
        # the middle of the widget's left edge: its border, not the rounded corner
        x = round(widget.x() * ratio)
        y = round((widget.y() + widget.height() // 2) * ratio)
        edge = image.pixelColor(x, y).name()
        assert contrast_ratio(edge, LIGHT.window) >= LARGE_OR_UI, (type(widget), edge)
