"""The conversation, drawn in one ``QTextBrowser``.

Nothing remote is ever fetched: the renderer turns images into links and raw HTML into text,
so the document holds no resource to load. Finished messages are rendered from Markdown once.
A streaming answer never re-renders its whole text per update: blocks that are complete (a
paragraph, a closed code block) are rendered once and appended; only the unfinished last block
is replaced as plain text. When the answer ends, that one message is rendered again as a whole.
So the cost of an update does not grow with the answer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.ui.render.streaming import StreamingMarkdown

if TYPE_CHECKING:
    from app.ui.render.markdown_html import MarkdownRenderer

SAFE_SCHEMES = ("http", "https", "mailto")


def _plain_block(cursor: QTextCursor) -> None:
    """Start a new, plain paragraph: not a continuation of a list, quote or code block above."""
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    text_list = cursor.currentList()
    if text_list is not None:
        text_list.remove(cursor.block())


@dataclass
class MessageItem:
    """What the view needs to draw one message."""

    id: int
    role: str  # "user" | "assistant" | "system"
    content: str
    version: tuple[int, int] = (1, 1)  # (index, count) among its versions
    footer: str = ""  # stats line for answers
    streaming: bool = False


class ChatView(QTextBrowser):
    """Shows a conversation; emits ``actionRequested`` for the links under each message."""

    actionRequested = Signal(str, int)  # action name, message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation"))
        self.anchorClicked.connect(self._on_anchor)
        self._renderer: MarkdownRenderer | None = None  # made on first use: a slow import
        self._dark = False
        self._code: list[str] = []  # code blocks by the index in their Copy links
        self._stream: StreamingMarkdown | None = None
        self._stream_item: MessageItem | None = None
        self._message_start = 0  # document position where the streaming message begins
        self._header_end = 0  # where its header (name and links) ends
        self._tail_start = 0  # where its unfinished last block begins
        self._streamed_text: list[str] = []
        # Follow the stream while the reader is at the bottom; stay put once they scroll up.
        self._follow = True
        self._scrolling = False
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._on_range_changed)
        bar.valueChanged.connect(self._on_user_scroll)

    # -- whole conversation ----------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """Code colours for a dark or light background (takes effect on the next render)."""
        self._dark = dark

    def show_messages(self, items: list[MessageItem]) -> None:
        """Render the whole conversation (switching chats or versions; not while streaming)."""
        self._code.clear()
        self._stream = None
        self.setHtml("".join(self._message_html(item) for item in items))
        self._follow = True
        self._scroll_to_end()

    def append_message(self, item: MessageItem) -> None:
        """Add one finished message at the end (a new question: no full re-render)."""
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            _plain_block(cursor)
        cursor.insertHtml(self._message_html(item))
        self._follow = True
        self._scroll_to_end()

    # -- streaming -------------------------------------------------------------------------

    def begin_stream(self, item: MessageItem) -> None:
        """Add the header of an answer that is about to stream in."""
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            _plain_block(cursor)  # the answer starts on its own line, below the question
        self._message_start = cursor.position()
        cursor.insertHtml(self._header_html(item, streaming=True))
        self._header_end = cursor.position()
        _plain_block(cursor)
        self._tail_start = cursor.position()
        self._stream = StreamingMarkdown()
        self._stream_item = item
        self._streamed_text = []

    def append_stream(self, text: str) -> None:
        """Add streamed text: complete blocks rendered once, the unfinished one as plain text."""
        if self._stream is None or not text:
            return
        self._streamed_text.append(text)
        update = self._stream.feed(text)
        if not update.completed:
            # Still inside the same block: just add the new text (no re-insertion of the tail,
            # which would grow with a long paragraph or code block).
            self._end_cursor().insertText(text)
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if update.completed:
            cursor.insertHtml(self._content_html(update.completed))
            _plain_block(cursor)
            self._tail_start = cursor.position()
        cursor.insertText(update.tail)

    def end_stream(self, item: MessageItem) -> None:
        """Finish the streamed message: render its last block, add the stats line and the
        message's links. The blocks already rendered stay: re-rendering a long answer whole
        would freeze the window for a moment (about 0.2 s for 28 KB here)."""
        if self._stream is None:
            return
        bar = self.verticalScrollBar()
        kept = bar.value()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        tail = self._stream.finish()
        if tail.strip():
            cursor.insertHtml(self._content_html(tail))
        if item.footer:
            _plain_block(cursor)
            cursor.insertHtml(self._footer_html(item.footer))
        # The header last: everything after it has moved, nothing before it has.
        cursor.setPosition(self._message_start)
        cursor.setPosition(self._header_end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.insertHtml(self._header_html(item))
        self._stream = None
        self._stream_item = None
        if not self._follow:
            self._set_scroll(kept)  # a reader who scrolled up stays where they were

    def warm_up(self) -> None:
        """Load the Markdown and highlighting machinery now (after the window is shown), so the
        first answer does not pay for the imports mid-stream."""
        self._content_html("**x**\n\n```python\nx = 1\n```\n")
        self._code.clear()

    @property
    def streamed_text(self) -> str:
        """Everything appended to the current stream so far."""
        return "".join(self._streamed_text)

    # -- HTML ------------------------------------------------------------------------------

    def _message_html(self, item: MessageItem) -> str:
        body = (self._content_html(item.content) if item.role == "assistant"
                else f"<p>{html.escape(item.content).replace(chr(10), '<br>')}</p>")
        footer = self._footer_html(item.footer) if item.footer else ""
        return self._header_html(item) + body + footer

    @staticmethod
    def _footer_html(text: str) -> str:
        return f'<p style="color:gray; font-size:small">{html.escape(text)}</p>'

    def _header_html(self, item: MessageItem, streaming: bool = False) -> str:
        who = {"user": self.tr("You"), "assistant": self.tr("Assistant"),
               "system": self.tr("System")}.get(item.role, item.role)
        links: list[tuple[str, str]] = []
        if not streaming:
            index, count = item.version
            if count > 1:
                links += [("prev", "‹"), ("", f"{index}/{count}"), ("next", "›")]
            links.append(("copy", self.tr("Copy")))
            if item.role == "user":
                links.append(("edit", self.tr("Edit")))
            if item.role == "assistant":
                links.append(("regenerate", self.tr("Regenerate")))
            links.append(("delete", self.tr("Delete")))
        titles = {"prev": self.tr("Previous version"), "next": self.tr("Next version")}
        parts = [f'<a href="ondol-msg:{action}:{item.id}" title="{titles.get(action, label)}">'
                 f'{html.escape(label)}</a>' if action else html.escape(label)
                 for action, label in links]
        actions = " · ".join(parts)
        return (f'<p style="margin-top:14px"><b>{html.escape(who)}</b>'
                f'&nbsp;&nbsp;<span style="font-size:small">{actions}</span></p>')

    def _content_html(self, markdown: str) -> str:
        if self._renderer is None:
            from app.ui.render.markdown_html import MarkdownRenderer

            self._renderer = MarkdownRenderer(copy_label=self.tr("Copy"))
        rendered = self._renderer.render(markdown, dark=self._dark,
                                         first_code_index=len(self._code))
        self._code.extend(rendered.code_blocks)
        return rendered.html

    # -- links -----------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "ondol-copy":
            index = url.path()
            if index.isdigit() and int(index) < len(self._code):
                QGuiApplication.clipboard().setText(self._code[int(index)])
        elif scheme == "ondol-msg":
            action, _, message_id = url.path().partition(":")
            if action and message_id.isdigit():
                self.actionRequested.emit(action, int(message_id))
        elif scheme in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)  # only on a click, never automatically

    # -- scrolling -------------------------------------------------------------------------

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _set_scroll(self, value: int) -> None:
        self._scrolling = True
        try:
            self.verticalScrollBar().setValue(value)
        finally:
            self._scrolling = False

    def _scroll_to_end(self) -> None:
        self._set_scroll(self.verticalScrollBar().maximum())

    def _on_range_changed(self, _low: int, high: int) -> None:
        # The layout grows lazily after text is added: follow it when following.
        if self._follow:
            self._set_scroll(high)

    def _on_user_scroll(self, value: int) -> None:
        if not self._scrolling:
            self._follow = value >= self.verticalScrollBar().maximum() - 4
