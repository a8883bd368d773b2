"""The chat view's probability mode: which answers show their tokens tinted, the token view of
a saved or streaming answer, and the candidates panel over it (see ``probabilities``).

An answer shows its probabilities when its own toggle says so, or else when the window-wide
default does; an answer saved without probabilities never does (its toggle is disabled). A
streaming answer is drawn as a token view from its first token when the default is on: each
batch of tokens arrives just before the text it released, and is appended as it comes (no
re-rendering: the cost of an update does not grow with the answer).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QUrl, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QTextCursor

from app.core.chat.logprobs import AnswerLogprobs, TokenStep
from app.ui.chat.blocks import insert_html
from app.ui.chat.probabilities import (
    ends_line,
    find_token,
    legend_html,
    paragraphs,
    parse_href,
    plain_text_html,
    probability,
    step_colours,
    token_html,
)
from app.ui.chat.probabilities_popup import CandidatePopup
from app.ui.words.sizes import format_number

if TYPE_CHECKING:
    from app.ui.chat.chat_view import ChatView, MessageItem

Loader = Callable[[int], "AnswerLogprobs | None"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Probabilities", text)


def legend_words() -> tuple[str, str]:
    """The legend's two ends."""
    return QCoreApplication.translate("Probabilities", "low"), QCoreApplication.translate(
        "Probabilities", "high probability"
    )


def toggle_titles() -> dict[str, str]:
    """The tooltips of the toggle under an answer, by state."""
    return {
        "probs-on": QCoreApplication.translate("Probabilities", "Hide probabilities"),
        "probs-off": QCoreApplication.translate("Probabilities", "Show probabilities"),
        "probs-none": QCoreApplication.translate(
            "Probabilities", "No probabilities: this answer was saved before Ondol kept them"
        ),
    }


def _chosen(step: TokenStep) -> tuple[Any, Any]:
    return step.token, step.top


class ProbabilityLayer(QObject):
    """Probability mode for one ``ChatView``."""

    continueRequested = Signal(int, int, int)  # answer id, token index, forced token id

    def __init__(self, view: ChatView) -> None:
        super().__init__(view)
        self.view = view
        self.default = False  # the window-wide default (View menu)
        self.stream_next = False  # the next streaming answer is a token view regardless
        self.load: Loader = lambda _id: None  # a saved answer's probabilities
        self._own: dict[int, bool] = {}  # an answer's own toggle, where it was used
        self._cache: dict[int, AnswerLogprobs | None] = {}
        self._stream_id: int | None = None  # the answer streaming as a token view
        self._stream_steps: list[TokenStep] = []
        self._pending: deque[TokenStep] = deque()  # tokens whose text has not come yet
        self._buffer = ""  # text that came before its tokens were matched
        self._popup: CandidatePopup | None = None  # made when first wanted

    @property
    def popup(self) -> CandidatePopup:
        """The candidates panel (made on first use: nothing to build at start-up)."""
        if self._popup is None:
            self._popup = CandidatePopup(self.view)
            self._popup.candidateChosen.connect(self.continueRequested)
            self._popup.moved.connect(self._move)
            self._popup.closed.connect(self.view.setFocus)
        return self._popup

    def _hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    # -- which answers ---------------------------------------------------------------------

    def state(self, item: MessageItem) -> str:
        """The toggle's state for a message: "on", "off", "none" (no probabilities) or ""
        (not an answer)."""
        if item.role != "assistant":
            return ""
        if not item.has_logprobs:
            return "none"
        return "on" if self._own.get(item.id, self.default) else "off"

    def on_link(self, url: QUrl) -> bool:
        """A token's link (its candidates) or an answer's toggle; False for any other link."""
        where = parse_href(url.toString())
        if where is not None:
            self.open(*where)
            return True
        action, _, message_id = url.path().partition(":")
        if url.scheme() != "ondol-msg" or not action.startswith("probs"):
            return False
        if action == "probs" and message_id.isdigit():
            self.toggle(int(message_id), not self._own.get(int(message_id), self.default))
        return True  # "probs-none": the tooltip says why there is nothing to show

    def toggle(self, message_id: int, on: bool) -> None:
        """An answer's own toggle: the conversation is drawn again."""
        self._own[message_id] = on
        self._hide_popup()
        self.view.redraw()

    def set_default(self, on: bool) -> None:
        """The window-wide default; the answers' own toggles are forgotten."""
        self.default = on
        self._own.clear()
        self._hide_popup()
        self.view.redraw()

    def forget(self, message_id: int | None = None) -> None:
        """A message's stored probabilities changed (None: all of them, another chat)."""
        if message_id is None:
            self._cache.clear()
            self._hide_popup()  # what it showed may be gone
        else:
            self._cache.pop(message_id, None)

    def record(self, message_id: int) -> AnswerLogprobs | None:
        """A message's probabilities: the streaming answer's so far, or the saved ones."""
        if message_id == self._stream_id:
            return AnswerLogprobs(0, tuple(self._stream_steps))
        if message_id not in self._cache:
            self._cache[message_id] = self.load(message_id)
        return self._cache[message_id]

    # -- drawing ---------------------------------------------------------------------------

    def answer_html(self, item: MessageItem) -> str | None:
        """The token view of a saved answer (legend first); None when it is not shown so."""
        if self.state(item) != "on":
            return None
        record = self.record(item.id)
        if record is None or record.text() != item.content:
            return None
        tints = step_colours(QGuiApplication.palette())
        last = len(record.steps) - 1
        return self._legend(tints) + paragraphs(
            [
                (self._token(item.id, i, step, tints, i == last), ends_line(step) and i != last)
                for i, step in enumerate(record.steps)
            ]
        )

    def _legend(self, tints: list[str]) -> str:
        low, high = legend_words()
        return legend_html(low, high, tints, self.view.colours)

    def _token(
        self, message_id: int, index: int, step: TokenStep, tints: list[str], last: bool = False
    ) -> str:
        tip = QCoreApplication.translate(
            "Probabilities", "{percent} % — click for the candidates"
        ).format(percent=format_number(probability(step) * 100, 1))
        return token_html(message_id, index, step, tints, self.view.colours, tip, last)

    # -- streaming -------------------------------------------------------------------------

    @property
    def streaming(self) -> bool:
        """An answer is streaming as a token view."""
        return self._stream_id is not None

    def begin_stream(self, message_id: int, cursor: QTextCursor) -> bool:
        """Start a streaming answer as a token view if the default says so (at ``cursor``)."""
        self._stream_id, self._stream_steps = None, []
        self._pending.clear()
        self._buffer = ""
        if not (self.default or self.stream_next):
            return False
        self._own[message_id] = True
        self._stream_id, self.stream_next = message_id, False
        insert_html(cursor, self._legend(step_colours(QGuiApplication.palette())))
        cursor.insertBlock()
        return True

    def add_tokens(self, batches: list[Any]) -> None:
        """The tokens of the text that comes next: (pieces, [(chosen, top)]) batches."""
        if self._stream_id is None:
            return
        for pieces, logprobs in batches:
            for piece, (chosen, top) in zip(pieces, logprobs, strict=False):
                self._pending.append(TokenStep(piece, chosen, tuple(top)))

    def append(self, text: str, cursor: QTextCursor) -> None:
        """Streamed text: each token whose text has come is appended, tinted."""
        assert self._stream_id is not None
        self._buffer += text
        tints = step_colours(QGuiApplication.palette())
        parts: list[str] = []
        while self._pending and self._buffer.startswith(self._pending[0].piece):
            step = self._pending.popleft()
            self._buffer = self._buffer[len(step.piece) :]
            if self._stream_steps and ends_line(self._stream_steps[-1]):
                self._insert(cursor, parts)  # the line ended: a new paragraph (see module)
                cursor.insertBlock()
            index = len(self._stream_steps)
            self._stream_steps.append(step)
            parts.append(self._token(self._stream_id, index, step, tints))
        if self._buffer and (
            not self._pending or not self._pending[0].piece.startswith(self._buffer)
        ):
            # Text with no token of its own (or tokens that do not match it): shown plain.
            parts.append(plain_text_html(self._buffer, self.view.colours))
            self._buffer = ""
            self._pending.clear()
        self._insert(cursor, parts)

    @staticmethod
    def _insert(cursor: QTextCursor, parts: list[str]) -> None:
        if parts:  # spaces kept (a fragment of HTML of its own: its own white-space rule)
            cursor.insertHtml(f'<span style="white-space:pre-wrap">{"".join(parts)}</span>')
            parts.clear()

    def end_stream(self, message_id: int, cursor: QTextCursor) -> bool:
        """The streaming answer ended; True if it was a token view."""
        was = self._stream_id is not None
        if was and self._stream_steps and ends_line(self._stream_steps[-1]):
            # The last line break, in the last token's link (no paragraph follows it).
            self._insert(
                cursor,
                [
                    token_html(
                        message_id,
                        len(self._stream_steps) - 1,
                        TokenStep("\n", *_chosen(self._stream_steps[-1])),
                        step_colours(QGuiApplication.palette()),
                        self.view.colours,
                        "",
                        last=True,
                    )
                ],
            )
        self._stream_id, self._stream_steps = None, []
        self._pending.clear()
        self._buffer = ""
        self._cache.pop(message_id, None)  # read the saved record when next needed
        return was

    # -- the candidates panel --------------------------------------------------------------

    def open(self, message_id: int, index: int, at_pointer: bool = True) -> None:
        """Show the candidates of a token below it (at the pointer, when it was clicked there;
        Enter on a token reached with Tab opens it at the token); the keyboard goes to the
        chart."""
        record = self.record(message_id)
        if record is None or not 0 <= index < len(record.steps):
            return
        view = self.view
        position = self._select(message_id, index)
        point = view.viewport().mapFromGlobal(QCursor.pos())
        clicked = (
            at_pointer
            and position is not None
            and view.viewport().rect().contains(point)
            and position.selectionStart()
            <= view.cursorForPosition(point).position()
            <= position.selectionEnd()
        )
        if position is not None and not clicked:
            point = view.cursorRect(position).bottomLeft()
        self.popup.show_step(message_id, index, record.steps[index])
        x = max(0, min(point.x(), view.viewport().width() - self.popup.width()))
        below = point.y() + view.fontMetrics().height()
        y = (
            below
            if below + self.popup.height() <= view.viewport().height()
            else max(0, point.y() - self.popup.height() - view.fontMetrics().height())
        )
        self.popup.move(view.viewport().mapTo(view, QPoint(x, y)))
        self.popup.show()
        self.popup.raise_()
        self.popup.chart.setFocus()

    def _select(self, message_id: int, index: int) -> QTextCursor | None:
        """Select the token in the view (the reader sees which one); its cursor."""
        view = self.view
        here = view.textCursor()
        block = view.document().findBlock(here.position())
        span = find_token(block, message_id, index)
        if span is None:
            point = view.viewport().mapFromGlobal(QCursor.pos())
            block = view.document().findBlock(view.cursorForPosition(point).position())
            span = find_token(block, message_id, index)
        block = view.document().begin()
        while span is None and block.isValid():  # opened from elsewhere: look everywhere
            span = find_token(block, message_id, index)
            block = block.next()
        if span is None:
            return None
        cursor = QTextCursor(view.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        return cursor

    def _move(self, step: int) -> None:
        record = self.record(self.popup.message_id)
        index = self.popup.index + step
        # Skip tokens that released no text: they have no link to select.
        while (
            record is not None
            and 0 <= index < len(record.steps)
            and not record.steps[index].piece.strip("\n")
        ):
            index += step
        if record is not None and 0 <= index < len(record.steps):
            self.open(self.popup.message_id, index, at_pointer=False)
