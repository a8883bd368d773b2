"""Adding HTML to the end of the chat's document so that it looks as if the whole page had
been rendered at once.

``QTextCursor.insertHtml`` merges the first paragraph it inserts into the block the cursor is
in and drops that paragraph's block format: its margins and line height. A streamed answer,
built from such inserts, would be packed tighter than the same answer opened later. So the
first block's format is read from the fragment on its own and put back.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from app.ui.style.tokens import LINE_HEIGHT_PERCENT

# Prose gets room between its lines (Hangul needs more than Latin); code stays compact.
PROSE_STYLE = ", ".join(("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")) + \
    f" {{ line-height: {LINE_HEIGHT_PERCENT}%; }}"


def plain_block(cursor: QTextCursor) -> None:
    """Start a new, plain paragraph: not a continuation of a list, quote or code block above."""
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    text_list = cursor.currentList()
    if text_list is not None:
        text_list.remove(cursor.block())


def insert_html(cursor: QTextCursor, html: str) -> None:
    """Insert ``html`` at the cursor, its first paragraph keeping its own margins and line
    height (unless it starts with a table or a list, which Qt inserts whole)."""
    first = cursor.block()
    cursor.insertHtml(html)
    probe = QTextDocument()
    probe.setDefaultStyleSheet(PROSE_STYLE)
    probe.setHtml(html)
    start = QTextCursor(probe.firstBlock())
    if start.currentTable() is None and start.currentList() is None:
        QTextCursor(first).setBlockFormat(probe.firstBlock().blockFormat())
