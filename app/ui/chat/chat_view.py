"""The conversation, drawn in one ``QTextBrowser``.

Nothing remote is ever fetched: the renderer turns images into links and raw HTML into text,
so the document holds no resource to load. Finished messages are rendered from Markdown once.
A streaming answer never re-renders its whole text per update: blocks that are complete (a
paragraph, a closed code block) are rendered once and appended; only the unfinished last block
is replaced as plain text. When the answer ends, that one message is rendered again as a whole.
So the cost of an update does not grow with the answer.

Laid out for reading: the text keeps a readable width, centred in a wide window; code and long
words wrap, so the conversation never scrolls sideways (a code block can be viewed unwrapped in
a window of its own); the user's turns and code sit on tinted, rounded blocks; quiet icons
under a message show where the pointer or the keyboard is, and under the last message
(``message_icons``). An empty chat shows a welcome and example prompts (``promptChosen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QSize, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFocusEvent,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.ui.chat.blocks import PROSE_STYLE, insert_html, plain_block
from app.ui.chat.follow import ScrollFollow
from app.ui.chat.message_html import (
    DIM,
    ICON_SCHEME,
    ICON_SIZE,
    PROMPT_SCHEME,
    actions_html,
    name_html,
    plain_html,
    user_turn_html,
    welcome_html,
)
from app.ui.chat.message_icons import MessageIcons, message_at
from app.ui.chat.palette_colours import chat_colours
from app.ui.chat.probabilities_view import ProbabilityLayer, toggle_titles
from app.ui.chat.prompts import example_prompts
from app.ui.chat.rounded import RoundedBlocks
from app.ui.icons import icon
from app.ui.render.streaming import StreamingMarkdown
from app.ui.style.tokens import METRICS

if TYPE_CHECKING:
    from app.ui.render.colours import ChatColours
    from app.ui.render.markdown_html import MarkdownRenderer

SAFE_SCHEMES = ("http", "https", "mailto")
READABLE_WIDTH = 760  # px of text at most; wider windows get wider margins
SIDE_MARGIN = 16  # px at least, left and right


@dataclass
class MessageItem:
    """What the view needs to draw one message."""

    id: int
    role: str  # "user" | "assistant" | "system"
    content: str
    version: tuple[int, int] = (1, 1)  # (index, count) among its versions
    footer: str = ""  # stats line for answers
    streaming: bool = False
    has_logprobs: bool = False  # its token probabilities were kept


class ChatView(QTextBrowser):
    """Shows a conversation; emits ``actionRequested`` for the icons under each message,
    ``promptChosen`` for an example prompt of the empty chat (``probs``: probability mode)."""

    actionRequested = Signal(str, int)  # action name, message id
    promptChosen = Signal(str)
    tool_html = under_html = staticmethod(lambda _message_id: "")  # ToolFlow's; SourcesView's

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation"))
        self.anchorClicked.connect(self._on_anchor)
        # Long words and URLs break anywhere rather than widen the document.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._renderer: MarkdownRenderer | None = None  # made on first use: a slow import
        self.dark = False  # drawn for a dark palette (code colours, tool blocks)
        self._colours = chat_colours(QGuiApplication.palette(), False)
        self._items: list[MessageItem] | None = None  # what is shown, to redraw on a new theme
        self._welcome = False  # the empty chat's welcome is shown
        self._side_margin = -1.0
        self._code: list[str] = []  # code blocks by the index in their Copy links
        self._stream: StreamingMarkdown | None = None
        self._stream_item: MessageItem | None = None
        self._tail_start = 0  # where its unfinished last block begins
        self._streamed_text: list[str] = []
        self.document().setDefaultStyleSheet(PROSE_STYLE)
        self._icons = MessageIcons(self.document(), self._icon_pixmap)
        self._rounded = RoundedBlocks(self.document(), METRICS.radius_l)
        self._pointed_block = (-1, -1)  # (block number, document revision) under the pointer
        # Follow the stream while the reader is at the bottom; stay put once they scroll up.
        self._scroll = ScrollFollow(self.verticalScrollBar())
        self.probs = ProbabilityLayer(self)  # answers shown as tinted tokens

    # -- whole conversation ----------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """Colours from the application's palette, code colours for a dark or light background;
        what is shown is drawn again unless an answer is streaming (then on the next render)."""
        self.dark = dark
        self._colours = chat_colours(QGuiApplication.palette(), dark)
        self._icons.redraw()  # replaces the icons the document holds
        self.redraw()

    def redraw(self) -> None:
        """Draw what is shown again, where it was (not while streaming)."""
        if self._items is not None and self._stream is None:
            kept = self.verticalScrollBar().value()
            self.show_messages(self._items)
            self._scroll.set_value(kept)

    @property
    def colours(self) -> ChatColours:
        """The chat's colours now."""
        return self._colours

    def show_messages(self, items: list[MessageItem]) -> None:
        """Render the whole conversation (switching chats or versions; not while streaming).
        No messages: a welcome with example prompts."""
        self._code.clear()
        self._stream = None
        self._items = list(items)
        self._welcome = not items
        page = ("".join(self._message_html(item) for item in items) if items
                else welcome_html(self.tr("What would you like to talk about?"),
                                  self.tr("Type a message below, or start with one of these:"),
                                  example_prompts(), self._colours))
        self._icons.reset(item.id for item in items)
        self._rounded.reset()
        self.setHtml(page)
        self._rounded.take_new(0, self.document().characterCount())
        self._apply_side_margins(force=True)
        self._scroll.to_end()

    def append_message(self, item: MessageItem) -> None:
        """Add one finished message at the end (a new question: no full re-render)."""
        self._leave_welcome()
        if self._items is not None:
            self._items.append(item)
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            plain_block(cursor)
        self._icons.add(item.id)
        self._insert_content(cursor, self._message_html(item))
        self._scroll.to_end()

    # -- streaming -------------------------------------------------------------------------

    def begin_stream(self, item: MessageItem) -> None:
        """Add the header of an answer that is about to stream in."""
        self._leave_welcome()
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            plain_block(cursor)  # the answer starts on its own line, below the question
        insert_html(cursor, self._header_html(item))
        plain_block(cursor)
        self._tail_start = cursor.position()
        self._stream = StreamingMarkdown()
        self._stream_item = item
        self._streamed_text = []
        self.probs.begin_stream(item.id, cursor)

    def append_stream(self, text: str) -> None:
        """Add streamed text: complete blocks rendered once, the unfinished one as plain text."""
        if self._stream is None or not text:
            return
        self._streamed_text.append(text)
        if self.probs.streaming:  # a token view: each token appended as it comes
            self.probs.append(text, self._end_cursor())
            return
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
            self._insert_content(cursor, self._content_html(update.completed))
            plain_block(cursor)
            self._tail_start = cursor.position()
        cursor.insertText(update.tail)

    def end_stream(self, item: MessageItem) -> None:
        """Finish the streamed message: render its last block, add the message's icons and
        its stats line. The blocks already rendered stay: re-rendering a long answer whole
        would freeze the window for a moment (about 0.2 s for 28 KB here)."""
        if self._stream is None:
            return
        bar = self.verticalScrollBar()
        kept = bar.value()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        tail = self._stream.finish()
        if self.probs.end_stream(item.id, self._end_cursor()):  # a token view stays
            cursor.clearSelection()
        else:
            cursor.removeSelectedText()
            if tail.strip():
                self._insert_content(cursor, self._content_html(tail))
        plain_block(cursor)
        self._icons.add(item.id)
        insert_html(cursor, self._actions_html(item))
        if self._items is not None:
            self._items.append(item)
        self._stream = None
        self._stream_item = None
        if not self._scroll.following:
            self._scroll.set_value(kept)  # a reader who scrolled up stays where they were

    def _insert_content(self, cursor: QTextCursor, html: str) -> None:
        """Insert HTML that may hold tinted blocks (a user's turn, code): they are rounded."""
        start = cursor.position()
        insert_html(cursor, html)
        self._rounded.take_new(start, cursor.position())

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
        if item.role == "user":
            body = user_turn_html(self._who(item.role), item.content, self._colours)
        elif item.role == "assistant":
            body = (self._header_html(item) + self.tool_html(item.id)
                    + (self.probs.answer_html(item) or self._content_html(item.content)))
        else:
            body = self._header_html(item) + plain_html(item.content)
        return body + self._actions_html(item)

    def _who(self, role: str) -> str:
        return {"user": self.tr("You"), "assistant": self.tr("Assistant"),
                "system": self.tr("System")}.get(role, role)

    def _header_html(self, item: MessageItem) -> str:
        return name_html(self._who(item.role), self._colours)

    def _actions_html(self, item: MessageItem) -> str:
        titles = {"prev": self.tr("Previous version"), "next": self.tr("Next version"),
                  "copy": self.tr("Copy"), "edit": self.tr("Edit"), "delete": self.tr("Delete"),
                  "regenerate": self.tr("Regenerate"), **toggle_titles()}
        return self.under_html(item.id) + actions_html(  # what was attached, or the sources
            item.id, item.role, item.version, item.footer, titles, self._colours,
            self.probs.state(item))

    _prompts = staticmethod(example_prompts)  # the welcome's examples
    def _content_html(self, markdown: str) -> str:
        if self._renderer is None:
            from app.ui.render.markdown_html import MarkdownRenderer

            self._renderer = MarkdownRenderer(copy_label=self.tr("Copy"),
                                              unwrap_label=self.tr("View unwrapped"))
        rendered = self._renderer.render(markdown, dark=self.dark,
                                         first_code_index=len(self._code),
                                         colours=self._colours)
        self._code.extend(rendered.code_blocks)
        return rendered.html

    def loadResource(self, kind: int, url: QUrl) -> object:
        """The icons under messages; nothing else is ever loaded (no file, nothing remote)."""
        if kind == QTextDocument.ResourceType.ImageResource and url.scheme() == ICON_SCHEME:
            return self._icons.image(url)
        return None

    def _icon_pixmap(self, name: str) -> QPixmap:
        # Drawn at the screen's pixel ratio: sharp at 200 %; a faint one for what cannot be.
        colour = QColor(self._colours.muted)
        colour.setAlphaF(0.4 if name.endswith(DIM) else 1.0)
        return icon(name.removesuffix(DIM), colour).pixmap(
            QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF())

    # -- where the pointer and the keyboard are -------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        position = self.cursorForPosition(event.position().toPoint()).position()
        # The walk to a message's row is long at the top of a long answer: once per paragraph.
        where = (self.document().findBlock(position).blockNumber(), self.document().revision())
        if where != self._pointed_block:
            self._pointed_block = where
            if self._icons.point(message_at(self.document(), position)):
                self.viewport().update()

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._pointed_block = (-1, -1)
        if self._icons.point(None):
            self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._icons.focus(None):
            self.viewport().update()

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)  # Tab selects the next link, if any
        cursor = self.textCursor()
        if self._icons.focus(message_at(self.document(), cursor.selectionStart())
                             if cursor.hasSelection() else None):
            self.viewport().update()
        return moved

    # -- layout ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())  # the rounded backgrounds, under the text
        self._rounded.paint(painter, QPointF(-self.horizontalScrollBar().value(),
                                             -self.verticalScrollBar().value()), event.rect())
        painter.end()
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_side_margins()

    def _apply_side_margins(self, force: bool = False) -> None:
        """Centre a readable column: the margins grow with the window, the text does not."""
        margin = max(SIDE_MARGIN, (self.viewport().width() - READABLE_WIDTH) / 2)
        if not force and abs(margin - self._side_margin) < 1:
            return
        self._side_margin = margin
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        fmt.setLeftMargin(margin)
        fmt.setRightMargin(margin)
        frame.setFrameFormat(fmt)

    def _leave_welcome(self) -> None:
        if self._welcome:
            self._welcome = False
            self._rounded.reset()
            self.clear()
            self._apply_side_margins(force=True)

    # -- links -----------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        if self.probs.on_link(url):
            return
        scheme, path = url.scheme(), url.path()
        index = int(path) if path.isdigit() else -1
        if scheme == "ondol-copy":
            if 0 <= index < len(self._code):
                QGuiApplication.clipboard().setText(self._code[index])
        elif scheme == "ondol-unwrap":
            if 0 <= index < len(self._code):
                from app.ui.chat.code_dialog import CodeDialog

                CodeDialog(self._code[index], self).open()
        elif scheme == PROMPT_SCHEME:
            prompts = example_prompts()
            if 0 <= index < len(prompts):
                self.promptChosen.emit(prompts[index])
        elif scheme == "ondol-msg":
            action, _, message_id = url.path().partition(":")
            if action and message_id.isdigit():
                self.actionRequested.emit(action, int(message_id))
        elif scheme in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)  # only on a click, never automatically

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor
