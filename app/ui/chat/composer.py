"""Where the user types: Enter sends, Shift+Enter adds a line; Send and Stop buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


class MessageEdit(QPlainTextEdit):
    """A multi-line edit where Enter means "send"."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends; Shift+Enter (or Ctrl+Enter) inserts a new line."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers()
        if enter and not modifiers & (Qt.KeyboardModifier.ShiftModifier
                                      | Qt.KeyboardModifier.ControlModifier):
            self.submitted.emit()
            return
        if enter:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """The message box with its Send / Stop buttons."""

    sendRequested = Signal(str)
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = MessageEdit(self)
        self.edit.setPlaceholderText(self.tr("Type a message — Enter to send, Shift+Enter for a "
                                             "new line"))
        self.edit.setAccessibleName(self.tr("Message"))
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(84)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addLayout(buttons)
        self.edit.submitted.connect(self._submit)
        self.send_button.clicked.connect(self._submit)
        self.stop_button.clicked.connect(self.stopRequested)

    def _submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if text:
            self.sendRequested.emit(text)  # the window clears the box if the chat took it

    def set_busy(self, busy: bool) -> None:
        """While an answer streams, Stop replaces Send (typing stays possible)."""
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
