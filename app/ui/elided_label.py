"""A one-line label that ends in "…" when the window is too narrow for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Shows as much of its text as fits, then "…"; the whole text stays its tooltip and what
    screen readers read. It never asks the layout for more room than it gets."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_text(self, text: str) -> None:
        """The text, and the same as the tooltip (for when it is cut)."""
        self.setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              area.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, area, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())
