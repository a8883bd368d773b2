"""The application style sheet, built from the tokens on top of Fusion.

Sizes are logical pixels (Qt scales them with the screen) and font sizes are factors of the
user's font, so the sheet holds at 200 % and with a large system font.

Where something can be typed or ticked (fields, combo and spin boxes, check boxes) its edge
uses ``control_border``, which stands out 3:1 from the surface; the quieter ``border`` is
for lines that only decorate (panels, menus, separators, grids). A read-only text browser
(the chat) is not a field and keeps the quiet line.

Hooks for widgets: ``primary="true"`` (the main action: accent-filled), ``flat`` push buttons
and auto-raise tool buttons (icon-only, no frame), ``role`` on labels: ``title``, ``muted``,
``error``, ``success``.
"""

from __future__ import annotations

from collections.abc import Callable
from string import Template

from app.ui.style.arrows import arrow_file
from app.ui.style.tokens import Colors, Metrics

_SHEET = Template("""
QPushButton, QToolButton {
  background: $raised; color: $text; border: 1px solid $border;
  border-radius: ${radius_m}px; padding: ${space_s}px ${space_l}px;
}
QPushButton:hover, QToolButton:hover { background: $hover; }
QPushButton:pressed, QToolButton:pressed, QToolButton:checked { background: $selection_soft; }
QPushButton:focus, QToolButton:focus { border-color: $focus; }
QPushButton:disabled, QToolButton:disabled { color: $disabled; background: $window; }
QPushButton::menu-indicator { subcontrol-position: right center; right: ${space_s}px; }
QPushButton[primary="true"] {
  background: $accent; color: $accent_text; border-color: $accent; font-weight: 600;
}
QPushButton[primary="true"]:hover { background: $accent_hover; border-color: $accent_hover; }
QPushButton[primary="true"]:focus {
  border: 2px solid $focus; padding: ${space_s_in}px ${space_l_in}px;
}
QPushButton[primary="true"]:disabled {
  background: $border; color: $disabled; border-color: $border;
}
QPushButton[flat="true"], QToolButton[autoRaise="true"] {
  background: transparent; border: 1px solid transparent; padding: ${space_s}px;
}
QPushButton[flat="true"]:hover, QToolButton[autoRaise="true"]:hover { background: $hover; }
QPushButton[flat="true"]:focus, QToolButton[autoRaise="true"]:focus { border-color: $focus; }
QPushButton[flat="true"]:pressed, QToolButton[autoRaise="true"]:pressed,
QToolButton[autoRaise="true"]:checked {
  background: $selection_soft;
}

QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox {
  background: $base; color: $text; border: 1px solid $control_border;
  border-radius: ${radius_m}px;
  selection-background-color: $accent; selection-color: $accent_text;
}
QLineEdit, QAbstractSpinBox, QComboBox { padding: ${space_s}px ${space_m}px; }
QPlainTextEdit, QTextEdit { padding: ${space_xs}px; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QComboBox:focus { border-color: $focus; }
QLineEdit:disabled, QPlainTextEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled {
  color: $disabled; background: $window;
}
QComboBox::drop-down, QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {
  border: none; background: transparent; width: ${arrow_box}px;
}
QAbstractSpinBox::up-button { subcontrol-origin: border; subcontrol-position: top right; }
QAbstractSpinBox::down-button { subcontrol-origin: border; subcontrol-position: bottom right; }
QComboBox::down-arrow, QAbstractSpinBox::down-arrow {
  image: url($down); width: ${arrow}px; height: ${arrow}px;
}
QAbstractSpinBox::up-arrow { image: url($up); width: ${arrow}px; height: ${arrow}px; }
QComboBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:disabled { image: url($down_off); }
QAbstractSpinBox::up-arrow:disabled { image: url($up_off); }
QTextBrowser { border-color: $border; }
QCheckBox::indicator, QRadioButton::indicator, QAbstractItemView::indicator {
  width: ${indicator}px; height: ${indicator}px; background: $base;
  border: 1px solid $control_border; border-radius: ${radius_s}px;
}
QRadioButton::indicator { border-radius: ${indicator_round}px; }
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {
  background: $accent; border-color: $accent; image: url($check);
}
QRadioButton::indicator:checked {
  /* a dot in an accent ring, drawn inside the same box (a thicker border would grow it) */
  border-color: $accent; background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5,
    fx: 0.5, fy: 0.5, stop: 0 $accent_text, stop: 0.45 $accent_text, stop: 0.55 $accent,
    stop: 1 $accent);
}
QCheckBox::indicator:focus, QRadioButton::indicator:focus { border-color: $focus; }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {
  background: $window; border-color: $disabled;
}
QCheckBox::indicator:checked:disabled { background: $border; image: url($check_off); }
QRadioButton::indicator:checked:disabled {
  border-color: $disabled; background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5,
    fx: 0.5, fy: 0.5, stop: 0 $disabled, stop: 0.45 $disabled, stop: 0.55 $window,
    stop: 1 $window);
}
QComboBox QAbstractItemView {
  background: $raised; border: 1px solid $border; selection-background-color: $selection_soft;
  selection-color: $text; outline: 0;
}

QHeaderView::section {
  background: $window; color: $muted; border: none; border-bottom: 1px solid $border;
  padding: ${space_s}px ${space_m}px; font-weight: 600;
}
QTableView, QTreeView, QListView {
  background: $base; alternate-background-color: $window; border: 1px solid $border;
  border-radius: ${radius_m}px; selection-background-color: $selection_soft;
  selection-color: $text; outline: 0;
}
QTableView { gridline-color: $border; }
QTableView::item:focus, QTreeView::item:focus, QListView::item:focus {
  border: 1px solid $focus;
}
Sidebar QListView { background: transparent; border: none; }
Sidebar QListView::item {
  padding: ${space_s}px ${space_m}px; border-radius: ${radius_m}px; color: $text;
}
Sidebar QListView::item:hover { background: $hover; }
Sidebar QListView::item:selected { background: $selection_soft; color: $text; }

QScrollBar:vertical { background: transparent; width: ${scroll_bar}px; margin: 0; }
QScrollBar:horizontal { background: transparent; height: ${scroll_bar}px; margin: 0; }
QScrollBar::handle {
  background: $border; border-radius: ${scroll_radius}px; margin: ${space_xs}px;
}
QScrollBar::handle:vertical { min-height: ${handle_min}px; }
QScrollBar::handle:horizontal { min-width: ${handle_min}px; }
QScrollBar::handle:hover { background: $disabled; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }

QToolTip {
  background: $raised; color: $text; border: 1px solid $border; padding: ${space_s}px ${space_m}px;
}
QMenuBar { background: $window; color: $text; }
QMenuBar::item { padding: ${space_s}px ${space_m}px; border-radius: ${radius_s}px; }
QMenuBar::item:selected { background: $hover; }
QMenu {
  background: $raised; color: $text; border: 1px solid $border; padding: ${space_s}px;
}
QMenu::item { padding: ${space_s}px ${space_xl}px; border-radius: ${radius_s}px; }
QMenu::item:selected { background: $selection_soft; }
QMenu::item:disabled { color: $disabled; }
QMenu::separator { height: 1px; background: $border; margin: ${space_s}px ${space_m}px; }

QStatusBar { background: $window; color: $muted; border-top: 1px solid $border; }
QStatusBar::item { border: none; }
QStatusBar QLabel { color: $muted; }
QGroupBox {
  border: 1px solid $border; border-radius: ${radius_l}px; margin-top: 1.3em;
  padding: ${space_m}px ${space_s}px ${space_s}px ${space_s}px;
}
QGroupBox::title {
  subcontrol-origin: margin; left: ${space_l}px; padding: 0 ${space_s}px; color: $muted;
}
QProgressBar {
  background: $base; color: $text; border: 1px solid $border; border-radius: ${radius_m}px;
  text-align: center;
}
QProgressBar::chunk { background: $selection_soft; border-radius: ${radius_s}px; }
QSplitter::handle { background: $window; }
QToolButton[role="page"] { font-size: ${small_size}; padding: ${space_s}px ${space_xs}px; }
QLabel[role="title"] { font-size: ${title_size}; font-weight: 600; }
QLabel[role="muted"] { color: $muted; font-size: ${small_size}; }
QLabel[role="error"] { color: $error; }
QLabel[role="success"] { color: $success; }
QLabel[role="warning"] { color: $warning; }
""")


def _size(points: float, factor: float) -> str:
    return f"{points * factor:.1f}pt"


def build_style_sheet(c: Colors, m: Metrics, base_points: float,
                      arrow: Callable[[str, str], str] = arrow_file) -> str:
    """The style sheet for colours ``c`` and sizes ``m``; ``base_points`` is the user's font
    size in points (the title and small sizes are factors of it); ``arrow(name, colour)``
    gives the file of an icon image (the arrows, the check mark).

    Raises:
        ValueError: ``base_points`` is not positive.
        OSError: an arrow image cannot be written.
    """
    if base_points <= 0:
        raise ValueError(f"font size must be positive: {base_points}")
    values: dict[str, object] = {k: v for k, v in vars(c).items() if isinstance(v, str)}
    values.update(vars(m))
    values.update(
        # A 2 px focus ring takes one pixel more on each side: the padding gives it back, so
        # the label does not move when focus arrives.
        space_s_in=m.space_s - 1, space_l_in=m.space_l - 1,
        arrow_box=m.space_xl + m.space_s, arrow=m.space_l,
        down=arrow("chevron-down", c.muted), up=arrow("chevron-up", c.muted),
        down_off=arrow("chevron-down", c.disabled), up_off=arrow("chevron-up", c.disabled),
        indicator=m.space_xl - 2, indicator_round=(m.space_xl - 2) // 2 + 1,
        check=arrow("check", c.accent_text), check_off=arrow("check", c.disabled),
        scroll_radius=(m.scroll_bar - 2 * m.space_xs) // 2,
        handle_min=m.space_xl * 2,
        title_size=_size(base_points, m.font_title),
        small_size=_size(base_points, m.font_small),
    )
    return _SHEET.substitute(values)
