"""The chat template editor: Jinja in a monospace field, an error shown on its line, and the
buttons that save it for the model or go back to the file's own."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import set_icon
from app.ui.style.tokens import METRICS, colors
from app.ui.words.prompt import (
    BACK,
    EDITOR_NAME,
    EDITOR_TITLE,
    ERROR_NAME,
    SAVE,
    error_at,
    tr,
)

DEBOUNCE_MS = 350  # a preview per pause in typing, not per key



class TemplateEditor(QWidget):
    """Emits ``edited`` once typing pauses; ``saveRequested``/``resetRequested`` on the
    buttons."""

    edited = Signal(str)  # the draft, after a pause in typing
    saveRequested = Signal(str)
    resetRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(METRICS.space_m)
        self.title = QLabel(tr(EDITOR_TITLE), self)
        self.title.setProperty("role", "muted")
        self.edit = QPlainTextEdit(self)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setTabChangesFocus(True)  # Tab leaves the field: Jinja needs no tabs
        self.edit.setAccessibleName(tr(EDITOR_NAME))
        self.title.setBuddy(self.edit)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(tr(ERROR_NAME))
        self.error.hide()
        self.save = QPushButton(tr(SAVE), self)
        self.save.setAccessibleName(tr(SAVE))
        set_icon(self.save, "save")
        self.reset = QPushButton(tr(BACK), self)
        self.reset.setAccessibleName(tr(BACK))
        set_icon(self.reset, "rotate-ccw")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.reset)
        buttons.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.edited.emit(self.text()))
        self.edit.textChanged.connect(self._changed)
        self.save.clicked.connect(lambda: self.saveRequested.emit(self.text()))
        self.reset.clicked.connect(self.resetRequested.emit)
        self.error_line: int | None = None
        self.set_state(saved="", overridden=False)

    def text(self) -> str:
        """The template as typed."""
        return self.edit.toPlainText()

    def load(self, template: str, overridden: bool) -> None:
        """Show ``template`` (the one in use); ``overridden``: it is saved in Ondol."""
        self.edit.blockSignals(True)
        self.edit.setPlainText(template)
        self.edit.blockSignals(False)
        self.clear_error()
        self.set_state(template, overridden)

    def set_state(self, saved: str, overridden: bool) -> None:
        """What the buttons may do: save a changed, working draft; go back when one is saved."""
        self._saved, self._overridden = saved, overridden
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save.setEnabled(self.error_line is None and not self.error.isVisible()
                             and self.text() != self._saved and bool(self.text().strip()))
        self.reset.setEnabled(self._overridden)

    def _changed(self) -> None:
        self._update_buttons()
        self._timer.start()

    def show_error(self, line: int | None, detail: str, kept: str) -> None:
        """Say what is wrong (``kept``: what the preview shows now) and mark ``line``."""
        self.error_line = line
        self.error.setText(f"{error_at(line, detail)} {kept}")
        self.error.show()
        self._mark_line(line)
        self._update_buttons()

    def clear_error(self) -> None:
        """The draft renders: no error, no marked line."""
        self.error_line = None
        self.error.hide()
        self.edit.setExtraSelections([])
        self._update_buttons()

    def _mark_line(self, line: int | None) -> None:
        if not line:
            self.edit.setExtraSelections([])
            return
        block = self.edit.document().findBlockByNumber(line - 1)
        if not block.isValid():
            self.edit.setExtraSelections([])
            return
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        tint = QColor(colors(dark).error)
        tint.setAlpha(60)
        mark = QTextEdit.ExtraSelection()
        mark.format.setBackground(tint)
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.cursor = QTextCursor(block)
        self.edit.setExtraSelections([mark])
