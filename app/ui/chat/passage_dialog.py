"""One source of an answer, whole: the passage the model was given, where it is in which file,
and a button that opens the file with the system's program for it.

The text is read-only but selectable, so a reader can copy what the answer rests on. When the
file is no longer where it was, the dialog says so instead of offering to open it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.attachments import Source
from app.ui.chat.attachment_blocks import source_label
from app.ui.words.errors import error_text

# Opening these would run them (a double click does): their folder is shown instead.
RUNNABLE = frozenset({".sh", ".bash", ".zsh", ".command", ".bat", ".cmd", ".ps1", ".vbs",
                      ".js", ".py", ".pyw", ".rb", ".pl", ".exe", ".msi", ".jar", ".app"})

class PassageDialog(QDialog):
    """Shows ``source``'s passage, its file and place, with Open file and Close."""

    def __init__(self, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(self.tr("Source {number}").format(number=source.number))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 460)
        self.title = QLabel(source_label(source), self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.path = QLabel(source.path, self)
        self.path.setProperty("role", "muted")
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setAccessibleName(self.tr("File"))
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(source.text)
        self.text.setAccessibleName(self.tr("Passage"))
        self.gone = QLabel(self)  # the file is no longer there
        self.gone.setProperty("role", "error")
        self.gone.setWordWrap(True)
        self.gone.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_file = buttons.addButton(self.tr("Open file"),
                                           QDialogButtonBox.ButtonRole.ActionRole)
        self.open_file.setAccessibleName(self.tr("Open file"))
        self.open_file.clicked.connect(self.open_source_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.path, self.text, self.gone, buttons):
            layout.addWidget(widget)
        self.check_file()
        self.text.setFocus()

    def check_file(self) -> bool:
        """Whether the file is still there; when not, say so and offer no Open file."""
        there = bool(self.source.path) and Path(self.source.path).is_file()
        if not there:
            self.gone.setText(error_text({"code": "document", "facts": {
                "reason": "not_found", "path": self.source.path}}))
        self.gone.setVisible(not there)
        self.open_file.setEnabled(there)
        return there

    def open_source_file(self) -> None:
        """Open the file with the system's program for it (if it is still there); a script,
        which that program might run, only shows in its folder."""
        if self.check_file():
            path = Path(self.source.path)
            target = path.parent if path.suffix.lower() in RUNNABLE else path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
