"""Where the user types: Enter sends, Shift+Enter adds a line; Send and Stop buttons.

A Korean (or Japanese, Chinese) input method holds the syllable being composed as "preedit"
text, outside the document, until it commits it. Platforms differ in the order they deliver the
commit and the Enter key: the commit first (the text is whole when Enter arrives), or Enter
first while the syllable is still shown. In the second case the message waits for the commit, so
it is sent once, with its last syllable.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.chat.attach_bar import AttachBar, choose_files
from app.ui.icons import set_icon
from app.ui.shortcuts import window_keys_win

COMMIT_WAIT_MS = 300  # how long Enter waits for an input method to commit its syllable


class MessageEdit(QPlainTextEdit):
    """A multi-line edit where Enter means "send"."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preedit = ""  # the syllable an input method is composing (not yet in the text)
        self._send_on_commit = False  # Enter came while a syllable was being composed
        # An input method that never commits must not keep the message for good.
        self._commit_timer = QTimer(self, singleShot=True, interval=COMMIT_WAIT_MS)
        self._commit_timer.timeout.connect(self._commit_timed_out)
        # Pasted files or a pasted picture become attachments (True: taken, not pasted as text).
        self.take_mime: Callable[[QMimeData], bool] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Files and pictures can be pasted too."""
        return source.hasUrls() or source.hasImage() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste: files and a picture are attached, text goes into the message."""
        if self.take_mime is not None and self.take_mime(source):
            return
        super().insertFromMimeData(source)

    @property
    def composing(self) -> bool:
        """An input method shows a syllable that is not in the text yet."""
        return bool(self._preedit)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Track the syllable being composed; a send that waited for it happens now."""
        super().inputMethodEvent(event)
        self._preedit = event.preeditString()
        if self._send_on_commit and not self._preedit:
            self._send_on_commit = False
            self._commit_timer.stop()
            self.submitted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends; Shift+Enter (or Ctrl+Enter) inserts a new line."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers()
        if enter and not modifiers & (Qt.KeyboardModifier.ShiftModifier
                                      | Qt.KeyboardModifier.ControlModifier):
            if self._send_on_commit:
                return  # already waiting for the commit: one Enter, one message
            if self.composing:
                # Send once the input method has put the syllable in the text.
                self._send_on_commit = True
                self._commit_timer.start()
                QGuiApplication.inputMethod().commit()
                return
            self.submitted.emit()
            return
        if enter:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)

    def _commit_timed_out(self) -> None:
        """No commit came: send the text with the syllable still shown, and drop the
        composition (so it cannot arrive later in the emptied box)."""
        if not self._send_on_commit:
            return
        self._send_on_commit = False
        commit = QInputMethodEvent()
        commit.setCommitString(self._preedit)
        QGuiApplication.inputMethod().reset()
        super().inputMethodEvent(commit)  # the syllable into the text, as a commit would
        self._preedit = ""
        self.submitted.emit()


class Composer(QWidget):
    """The message box with its Send / Stop buttons."""

    sendRequested = Signal(str)
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = MessageEdit(self)
        window_keys_win(self.edit)  # Ctrl+K searches chats even while typing
        self.edit.setPlaceholderText(self.tr("Type a message — Enter to send, Shift+Enter for a "
                                             "new line"))
        self.edit.setAccessibleName(self.tr("Message"))
        self.edit.setAccessibleDescription(self.tr("Enter sends the message; Shift+Enter starts "
                                                   "a new line."))
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(84)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setProperty("primary", True)  # the main action: accent-filled
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.hide()
        self.attachments = AttachBar(self)  # the chips of the files sent with the message
        self.edit.take_mime = self.attachments.take_mime
        self.attach_button = QToolButton(self)
        set_icon(self.attach_button, "paperclip")
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.setToolTip(self.tr("Attach documents or images"))
        self.attach_button.clicked.connect(
            lambda: self.attachments.add_paths(choose_files(self)))
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.attachments)
        layout.addLayout(row)
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
