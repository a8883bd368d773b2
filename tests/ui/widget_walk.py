"""Walking a window's widgets the way keyboard and screen-reader users meet them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QTextEdit, QPlainTextEdit, QSlider)


def interactive_widgets(window: QWidget) -> list[QWidget]:
    """The controls a user works with, on every page; Qt's own parts of composite widgets
    (a spin box's line edit, a table's header, a line edit's clear button) are left out:
    their owner carries the name."""
    found = []
    for widget in window.findChildren(QWidget):
        parent = widget.parentWidget()
        if (not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView)
                or widget.objectName().startswith("qt_") or widget.window() is not window
                or isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit))):
            continue
        explicit = widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        if widget.isHidden() and explicit:
            continue  # hidden on purpose: it is named when it is shown
        found.append(widget)
    return found


def spoken_name(widget: QWidget, labels: list[QLabel]) -> str:
    """What a screen reader calls the control: its accessible name, a button's text, or the
    text of the label that is its buddy."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    for label in labels:
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def tab_walk(qtbot: QtBot, start: QWidget, limit: int = 300) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back to it (or ``limit`` presses):
    every widget the focus visited, in order."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None, "Tab left the window"
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is start:
            return visited
        visited.append(focus)
    raise AssertionError(f"Tab never came back to the start: stuck in {visited[-5:]}")


def tab_reachable(window: QWidget) -> list[QWidget]:
    """The interactive widgets Tab should reach on the page that is shown."""
    return [w for w in interactive_widgets(window)
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
