"""A quiet note above the message box: this model is a poor fit for Korean; a button to find
one that handles it well, and a close button. Not a dialog: the chat goes on around it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.ui.announce import announce
from app.ui.icons import set_icon
from app.ui.words.korean import find_text


class KoreanNotice(QFrame):
    """Hidden until ``show_advice``; ``findRequested`` and ``dismissed`` are the user's
    answers (either one closes it)."""

    findRequested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KoreanNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAccessibleName(self.tr("Note about Korean"))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.find = QPushButton(find_text(), self)
        set_icon(self.find, "search")
        self.find.setAccessibleName(find_text())
        self.close_button = QToolButton(self)
        self.close_button.setAutoRaise(True)
        set_icon(self.close_button, "x")
        self.close_button.setToolTip(self.tr("Close this note"))
        self.close_button.setAccessibleName(self.tr("Close this note"))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.find)
        row.addWidget(self.close_button)
        self.find.clicked.connect(self._find)
        self.close_button.clicked.connect(self._dismiss)
        self.hide()

    def show_advice(self, sentence: str) -> None:
        """Show ``sentence`` and say it once to a screen reader (politely: it is advice)."""
        self.text.setText(sentence)
        self.text.setAccessibleName(sentence)
        self.setAccessibleDescription(sentence)
        self.show()
        announce(self, sentence)

    def _find(self) -> None:
        self.hide()
        self.findRequested.emit()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
