"""A text drawn as its tokens: one tinted box per token, wrapped like a paragraph.

Each box shows the token's visible label (``tokens_render``: a space as ␣, a line break as ↵, a
byte piece of a Hangul syllable as ``<0xEA>``); a line-break token also breaks the line.
Hovering a box, or moving to it with the arrow keys, shows its id, bytes and kind.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.inspect.tokens import Tokenization, TokenKind, TokenSpan
from app.ui.inside.token_colours import token_colours
from app.ui.style.tokens import METRICS
from app.ui.words import tokens as words

PAD_X = METRICS.space_xs + 1  # inside a box, left and right of its label
GAP = METRICS.space_xs  # between boxes
LINE_GAP = METRICS.space_s  # between lines of boxes


class TokenSpansView(QWidget):
    """Draws a ``Tokenization``; ``currentChanged(detail)`` says the token hovered or chosen."""

    currentChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tokenization: Tokenization | None = None
        self.model = ""
        self.current = -1
        self._boxes: list[QRect] = []
        self._laid_for = -1  # the width the boxes were laid out for
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self.tr("Tokens"))

    # -- content ---------------------------------------------------------------------------

    def set_tokenization(self, model: str, tokenization: Tokenization | None) -> None:
        """Show ``tokenization`` of ``model`` (None: nothing)."""
        self.model, self.tokenization = model, tokenization
        self.current = -1
        self._laid_for = -1
        self.setAccessibleName(self.tr("Tokens of {model}").format(model=model) if model
                               else self.tr("Tokens"))
        self.setAccessibleDescription(words.counts_summary(model, tokenization)
                                      if tokenization is not None else "")
        self.updateGeometry()
        self.update()

    @property
    def spans(self) -> tuple[TokenSpan, ...]:
        """The tokens shown."""
        return self.tokenization.spans if self.tokenization is not None else ()

    def labels(self) -> list[str]:
        """What each box shows, in order."""
        return [span.label for span in self.spans]

    def detail(self, index: int) -> str:
        """Token ``index`` in words: its place, label, id, bytes and kind."""
        text = self.tokenization.text if self.tokenization is not None else ""
        return words.token_detail(index, len(self.spans), self.spans[index], text)

    # -- layout ----------------------------------------------------------------------------

    def _label_font(self, kind: TokenKind) -> QFont:
        font = QFont(self.font())
        if kind is TokenKind.BYTE:
            font.setStyleHint(QFont.StyleHint.Monospace)
            font.setFamilies(["monospace", *font.families()])
            font.setPointSizeF(font.pointSizeF() * METRICS.font_small)
        elif kind is TokenKind.SPECIAL:
            font.setBold(True)
        return font

    def _layout(self, width: int) -> list[QRect]:
        """A box per token, wrapped at ``width``; a line-break token ends its line."""
        line_height = QFontMetrics(self.font()).height() + 2 * METRICS.space_xs
        boxes: list[QRect] = []
        x = y = 0
        for span in self.spans:
            w = QFontMetrics(self._label_font(span.kind)).horizontalAdvance(span.label)
            w = max(w, 4) + 2 * PAD_X
            if x > 0 and x + w > width:
                x, y = 0, y + line_height + LINE_GAP
            boxes.append(QRect(x, y, w, line_height))
            x += w + GAP
            if "\n" in span.text or span.raw.endswith(b"\n"):
                x, y = 0, y + line_height + LINE_GAP
        return boxes

    def _ensure_layout(self) -> None:
        if self._laid_for != self.width():
            self._boxes = self._layout(max(self.width(), 40))
            self._laid_for = self.width()

    def hasHeightForWidth(self) -> bool:
        """The height follows the width (the boxes wrap)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height the boxes need at ``width``."""
        boxes = self._layout(max(width, 40))
        return (boxes[-1].bottom() + 1 + METRICS.space_xs) if boxes else 0

    def sizeHint(self) -> QSize:
        return QSize(300, max(self.heightForWidth(300), 20))

    def resizeEvent(self, event: QEvent) -> None:
        """Lay the boxes out again for the new width."""
        self._laid_for = -1
        super().resizeEvent(event)  # type: ignore[arg-type]

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, _event: QEvent) -> None:
        """Each token's tinted box and visible label."""
        self._ensure_layout()
        colours = token_colours(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = METRICS.radius_s
        for index, (span, box) in enumerate(zip(self.spans, self._boxes, strict=True)):
            fill = colours.fill(span.kind, index)
            line = {TokenKind.BYTE: colours.byte_line, TokenKind.SPECIAL: colours.special_line,
                    TokenKind.WHITESPACE: colours.whitespace_line}.get(span.kind)
            pen = QPen(line) if line is not None else QPen(Qt.PenStyle.NoPen)
            if span.kind is TokenKind.WHITESPACE:
                pen.setStyle(Qt.PenStyle.DotLine)
            elif span.kind is TokenKind.BYTE:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), radius, radius)
            if index == self.current and self.hasFocus():
                focus = QPen(colours.focus, 2)
                painter.setPen(focus)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box.adjusted(1, 1, -2, -2), radius, radius)
            painter.setFont(self._label_font(span.kind))
            painter.setPen(colours.muted if span.kind is TokenKind.WHITESPACE else colours.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, span.label)
        painter.end()

    # -- pointer and keyboard --------------------------------------------------------------

    def index_at(self, point: QPoint) -> int:
        """The token under ``point`` (-1: none)."""
        self._ensure_layout()
        return next((i for i, box in enumerate(self._boxes) if box.contains(point)), -1)

    def event(self, event: QEvent) -> bool:
        """A tooltip with the hovered token's id, bytes and kind."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.detail(index), self,
                                  self._boxes[index])
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Say which token is under the pointer (the detail line follows)."""
        index = self.index_at(event.position().toPoint())
        if index >= 0:
            self.currentChanged.emit(self.detail(index))
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click chooses a token (the arrow keys go on from it)."""
        index = self.index_at(event.position().toPoint())
        if index >= 0:
            self.set_current(index)
        super().mousePressEvent(event)

    def set_current(self, index: int) -> None:
        """Choose token ``index``: it is outlined and its detail said."""
        if not self.spans:
            return
        self.current = max(0, min(index, len(self.spans) - 1))
        detail = self.detail(self.current)
        self.setAccessibleDescription(detail)  # what a screen reader reads on the move
        self.currentChanged.emit(detail)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right: the previous/next token; Home/End: the first/last."""
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1,
                 Qt.Key.Key_Up: -1}
        key = Qt.Key(event.key())
        if key in steps and self.spans:
            self.set_current(self.current + steps[key] if self.current >= 0 else 0)
        elif key == Qt.Key.Key_Home and self.spans:
            self.set_current(0)
        elif key == Qt.Key.Key_End and self.spans:
            self.set_current(len(self.spans) - 1)
        else:
            super().keyPressEvent(event)
