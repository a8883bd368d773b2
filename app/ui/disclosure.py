"""A disclosure header: a checkable button with a chevron that shows or hides a section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

from app.ui.icons import set_icon


class Disclosure(QToolButton):
    """Opens and closes ``section`` (closed at first). Tab reaches it and Space toggles it,
    like any button; the chevron points right when closed and down when open."""

    def __init__(self, text: str, section: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setText(text)
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text)
        self.toggled.connect(self._show)
        self._show(False)

    def _show(self, open_: bool) -> None:
        set_icon(self, "chevron-down" if open_ else "chevron-right")
        self.section.setVisible(open_)
