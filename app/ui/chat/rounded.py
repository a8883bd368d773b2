"""Rounded corners for the tinted blocks of the chat: the user's turns and code blocks.

Qt's rich text draws a table's background as a plain rectangle and knows no ``border-radius``.
So the background of each top-level table that has one (the user's turn, a code block, the
example prompts) is taken off the table and kept in a property; the chat view paints it
itself, rounded, just before the document is drawn over it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

FILL = QTextFormat.Property.UserProperty + 1  # the colour to paint behind the table
CHECKED = QTextFormat.Property.UserProperty + 2  # looked at already


class RoundedBlocks:
    """The tables of one document whose background the view paints, rounded."""

    def __init__(self, document: QTextDocument, radius: float) -> None:
        self._document = document
        self._radius = radius
        self._tables: list[QTextFrame] = []  # in document order

    def reset(self) -> None:
        """Before the document is cleared or replaced: the tables go with it."""
        self._tables.clear()

    def take_new(self, start: int, end: int) -> None:
        """Take over the background of the top-level tables between positions ``start`` and
        ``end`` (what was just inserted: the walk does not grow with the document)."""
        root = self._document.rootFrame()
        block = self._document.findBlock(start)
        while block.isValid() and block.position() <= end:
            frame = QTextCursor(block).currentFrame()
            while frame is not None and frame.parentFrame() not in (None, root):
                frame = frame.parentFrame()  # the table a nested one sits in
            if frame is not None and frame != root:
                self._take(frame)
            block = block.next()

    def _take(self, frame: QTextFrame) -> None:
        fmt = frame.frameFormat()
        if fmt.property(CHECKED):
            return
        fmt.setProperty(CHECKED, True)
        brush = fmt.background()
        if isinstance(frame, QTextTable) and brush.style() != Qt.BrushStyle.NoBrush:
            fmt.setProperty(FILL, brush.color())
            fmt.clearBackground()
            self._tables.append(frame)  # blocks come in order: so do their tables
        frame.setFrameFormat(fmt)

    def paint(self, painter: QPainter, offset: QPointF, clip: QRect) -> None:
        """Paint the rounded backgrounds that show in ``clip`` (viewport coordinates);
        ``offset`` is where the document's origin is in the viewport."""
        layout = self._document.documentLayout()

        def box(table: QTextFrame) -> QRectF:
            return _border_box(layout.frameBoundingRect(table), table).translated(offset)

        # Tables lie top to bottom in document order: skip those above by halving, so a
        # paint costs the same at the end of a long chat as at its start.
        low, high = 0, len(self._tables)
        while low < high:
            middle = (low + high) // 2
            if box(self._tables[middle]).bottom() < clip.top():
                low = middle + 1
            else:
                high = middle
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for table in self._tables[low:]:
            rect = box(table)
            if rect.top() > clip.bottom():
                break  # the rest is further down
            if rect.bottom() >= clip.top():
                painter.setBrush(QColor(table.frameFormat().property(FILL)))
                painter.drawRoundedRect(rect, self._radius, self._radius)


def _border_box(bounds: QRectF, table: QTextFrame) -> QRectF:
    """Where the table's background goes. Qt's ``frameBoundingRect`` of a table gives the
    size of its margin box but places it at its first cell's text (it adds that cell's position
    to the table's): both are put right here from the table's format."""
    fmt = table.frameFormat()
    inset = fmt.border() + (fmt.toTableFormat().cellPadding() if isinstance(table, QTextTable)
                            else fmt.padding())
    return QRectF(bounds.left() - inset, bounds.top() - inset,
                  bounds.width() - fmt.leftMargin() - fmt.rightMargin(),
                  bounds.height() - fmt.topMargin() - fmt.bottomMargin())
