"""A horizontal bar chart of token probabilities, drawn with QPainter: one row per token, its
label, a bar as long as its probability and the figure, the chosen token marked and the
tokens a decoding step cut away greyed.

It is a control as well as a picture: a click or Up/Down and Enter pick a row
(``rowActivated``), and its accessible description says every row in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.style.tokens import METRICS
from app.ui.words.sizes import format_number

LABEL_SHARE = 0.3  # of the width, for the token's label
FIGURE_WIDTH = "100.0 %"  # the widest figure drawn at the end of a bar


class BarState(str, Enum):
    """How a row is drawn."""

    NORMAL = "normal"
    CHOSEN = "chosen"  # the token that was picked: marked
    CUT = "cut"  # removed by a decoding step: greyed
    REST = "rest"  # "the rest" of the vocabulary: quiet


@dataclass(frozen=True)
class BarRow:
    """One row: a token's visible label, its probability (0–1) and how it is drawn."""

    label: str
    probability: float
    state: BarState = BarState.NORMAL
    tip: str = ""  # more about the row (its id, its log-probability)


def soft_accent(palette: QPalette) -> QColor:
    """The accent halfway to the background: bars of tokens in play that were not chosen."""
    accent, base = palette.color(QPalette.ColorRole.Highlight), palette.color(
        QPalette.ColorRole.Base)
    return QColor.fromRgbF(*((a + b) / 2 for a, b in zip(accent.getRgbF()[:3],
                                                           base.getRgbF()[:3], strict=True)))


class BarChart(QWidget):
    """Rows of bars; ``rowActivated(index)`` when one is clicked or chosen with Enter."""

    rowActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BarRow] = []
        self._current = -1
        self._activatable = False
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMouseTracking(True)

    # -- content -----------------------------------------------------------------------------

    def set_rows(self, rows: list[BarRow], describe: str = "") -> None:
        """Show ``rows``; ``describe`` starts the accessible description (what the chart is)."""
        self._rows = list(rows)
        self._current = min(self._current, len(self._rows) - 1)
        words = "; ".join(f"{row.label} {self._figure(row.probability)}"
                          + (f" ({self._state_word(row.state)})" if row.state != BarState.NORMAL
                             else "") for row in self._rows)
        self.setAccessibleDescription(f"{describe} {words}".strip())
        self.updateGeometry()
        self.update()

    def set_activatable(self, on: bool) -> None:
        """Whether rows can be picked (then the chart takes keyboard focus)."""
        self._activatable = on
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if on else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor if on else Qt.CursorShape.ArrowCursor)

    @property
    def rows(self) -> list[BarRow]:
        """What is shown."""
        return list(self._rows)

    @property
    def current(self) -> int:
        """The row the keyboard is on (-1: none)."""
        return self._current

    def _state_word(self, state: BarState) -> str:
        return {BarState.CHOSEN: self.tr("chosen"), BarState.CUT: self.tr("cut away"),
                BarState.REST: self.tr("all other tokens")}.get(state, "")

    @staticmethod
    def _figure(probability: float) -> str:
        return f"{format_number(probability * 100, 1)} %"

    # -- geometry ----------------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + METRICS.space_s * 2

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self._rows)) * self._row_height() + METRICS.space_s)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def row_at(self, y: float) -> int:
        """The row at height ``y`` (-1: none)."""
        row = int((y - METRICS.space_xs) // self._row_height())
        return row if 0 <= row < len(self._rows) else -1

    # -- drawing -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        height = self._row_height()
        label_width = int(self.width() * LABEL_SHARE)
        figure_width = metrics.horizontalAdvance(FIGURE_WIDTH) + METRICS.space_m
        bar_left = label_width + METRICS.space_m
        bar_room = max(1, self.width() - bar_left - figure_width)
        for index, row in enumerate(self._rows):
            top = METRICS.space_xs + index * height
            if index == self._current and self.hasFocus():
                painter.fillRect(0, top, self.width(), height,
                                 palette.color(QPalette.ColorRole.AlternateBase))
            text_colour, bar_colour = self._colours(row.state, palette)
            painter.setPen(text_colour)
            font = painter.font()
            font.setBold(row.state == BarState.CHOSEN)
            painter.setFont(font)
            marker = "▸ " if row.state == BarState.CHOSEN else ""
            label = marker + metrics.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                       label_width - METRICS.space_s)
            painter.drawText(QRectF(0, top, label_width - METRICS.space_s, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = max(1.0, bar_room * min(1.0, max(0.0, row.probability)))
            bar = QRectF(bar_left, top + METRICS.space_s, length, height - 2 * METRICS.space_s)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bar_colour)
            painter.drawRoundedRect(bar, METRICS.radius_s, METRICS.radius_s)
            painter.setPen(text_colour)
            painter.drawText(QRectF(bar.right() + METRICS.space_s, top, figure_width, height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self._figure(row.probability))
        painter.end()

    @staticmethod
    def _colours(state: BarState, palette: QPalette) -> tuple[QColor, QColor]:
        """(text, bar) for a row: the full accent for the chosen token, a softer accent for
        the others in play, greys for cut tokens and the rest."""
        text = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        if state == BarState.CHOSEN:
            return text, palette.color(QPalette.ColorRole.Highlight)
        if state == BarState.CUT:
            return quiet, palette.color(QPalette.ColorRole.Mid)
        if state == BarState.REST:
            return quiet, quiet
        return text, soft_accent(palette)

    # -- picking -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if self._activatable and row >= 0 and self._rows[row].state != BarState.REST:
            self._current = row
            self.update()
            self.rowActivated.emit(row)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        self.setToolTip(self._rows[row].tip if row >= 0 else "")
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._activatable or not self._rows:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self._current = max(0, min(len(self._rows) - 1, self._current + step))
            self.setToolTip(self._rows[self._current].tip)
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                0 <= self._current < len(self._rows) and \
                self._rows[self._current].state != BarState.REST:
            self.rowActivated.emit(self._current)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current < 0 and self._rows:
            self._current = 0
        super().focusInEvent(event)
        self.update()
