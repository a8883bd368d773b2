"""The candidates of one token of an answer: a small panel over the chat.

It shows the token, the top candidates the model weighed at that step as a bar chart (the one
it picked marked) and the entropy of those candidates. Picking a candidate (a click, or Up/Down
and Enter) asks to continue the answer from there with that token (``candidateChosen``);
Left/Right move to the previous/next token, Escape closes it and gives the keyboard back to
the chat.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.core.chat.logprobs import TokenStep
from app.core.inspect.tokens_render import visible
from app.ui.chat.probabilities import entropy_bits
from app.ui.inside.bars import BarChart, BarRow, BarState
from app.ui.style.tokens import METRICS
from app.ui.words.sizes import format_number

WIDTH = 380  # px


def token_label(token: str, token_id: int | None = None) -> str:
    """A token's text as a person can read it (spaces and newlines drawn); a token that is
    only part of a character (shown as �) gets its id, to tell such tokens apart."""
    label = visible(token.encode("utf-8", "surrogateescape")) or "∅"
    return f"{label} #{token_id}" if token_id is not None and "\ufffd" in token else label


def candidate_rows(step: TokenStep) -> list[BarRow]:
    """The step's candidates, most likely first, the chosen one marked (added at the end when
    it was not among them)."""
    chosen = step.token.token_id
    rows = [BarRow(token_label(t.token, t.token_id), math.exp(t.logprob),
                   BarState.CHOSEN if t.token_id == chosen else BarState.NORMAL,
                   f"id {t.token_id}") for t in step.top]
    if all(t.token_id != chosen for t in step.top):
        rows.append(BarRow(token_label(step.token.token, chosen), math.exp(step.token.logprob),
                           BarState.CHOSEN, f"id {chosen}"))
    return rows


class CandidatePopup(QFrame):
    """The candidates of the token at ``index`` of message ``message_id``."""

    candidateChosen = Signal(int, int, int)  # message id, token index, candidate token id
    moved = Signal(int)  # -1 / +1: the previous / next token
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(WIDTH)
        self.setAccessibleName(self.tr("Token candidates"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(METRICS.space_m, METRICS.space_s, METRICS.space_m,
                                  METRICS.space_s)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.chart = BarChart()
        self.chart.set_activatable(True)
        self.chart.setAccessibleName(self.tr("Candidates for this token"))
        self.chart.rowActivated.connect(self._on_row)
        self.entropy = QLabel()
        self.entropy.setProperty("role", "muted")
        self.hint = QLabel(self.tr("Pick a candidate to continue the answer from here with it. "
                                   "← → other tokens, Esc closes."))
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        for widget in (self.title, self.chart, self.entropy, self.hint):
            layout.addWidget(widget)
        self.message_id = -1
        self.index = -1
        self._step: TokenStep | None = None
        self.hide()

    def show_step(self, message_id: int, index: int, step: TokenStep) -> None:
        """Show token ``index`` of a message (its text, its candidates, their entropy)."""
        self.message_id, self.index, self._step = message_id, index, step
        prob = math.exp(step.token.logprob)
        self.title.setText(self.tr("Token {n}: “{token}”, {percent} %").format(
            n=format_number(index + 1), token=token_label(step.piece or step.token.token),
            percent=format_number(prob * 100, 1)))
        rows = candidate_rows(step)
        self.chart.set_rows(rows, self.tr("The model's top candidates for this token:"))
        bits = entropy_bits([t.logprob for t in step.top])
        self.entropy.setText(self.tr("Entropy over these top {k} candidates: {bits} bits")
                             .format(k=format_number(len(step.top)),
                                     bits=format_number(bits, 2)))
        self.adjustSize()

    def _on_row(self, row: int) -> None:
        if self._step is None:
            return
        rows = self._step.top
        if 0 <= row < len(rows):
            self.candidateChosen.emit(self.message_id, self.index, rows[row].token_id)

    def event(self, event: QEvent) -> bool:
        # Escape closes this panel first (the window's own Escape stops an answer).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.moved.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key == Qt.Key.Key_Escape:
            self.hide()
            self.closed.emit()
        else:
            super().keyPressEvent(event)
