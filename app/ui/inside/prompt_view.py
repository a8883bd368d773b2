"""The prompt as the model reads it: the template's exact text, monospace, selectable, with
the special tokens (``<|im_start|>``…) drawn in bold in the link colour on a code tint."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from app.ui.style.tokens import colors

Ranges = Sequence[tuple[int, int]]  # character ranges [start, end) of special tokens


def special_format(palette: QPalette) -> QTextCharFormat:
    """How a special token is drawn in the theme ``palette`` belongs to."""
    c = colors(palette.color(QPalette.ColorRole.Base).lightness() < 128)
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(c.link))
    fmt.setBackground(QColor(c.code))
    fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


def utf16_offset(text: str, index: int) -> int:
    """Qt's position for character ``index`` of ``text`` (Qt counts UTF-16 units: an emoji
    is two)."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


class PromptView(QTextEdit):
    """Read-only; the text is plain (never HTML), so what is copied is what the model reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setTabChangesFocus(True)
        self.specials: list[tuple[int, int]] = []
        self.text = ""  # exactly what was shown (the document turns a no-break space to a space)

    def show_prompt(self, text: str, specials: Ranges) -> None:
        """Show ``text`` with the ``specials`` ranges drawn as special tokens."""
        self.specials = [(a, b) for a, b in specials if 0 <= a < b <= len(text)]
        self.text = text
        self.setPlainText(text)
        self._mark()

    def _mark(self) -> None:
        fmt = special_format(self.palette())
        text = self.text
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end in self.specials:
            cursor.setPosition(utf16_offset(text, start))
            cursor.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()

    def changeEvent(self, event: QEvent) -> None:
        """A theme change redraws the special tokens in the new colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.specials:
            self.show_prompt(self.text, self.specials)
