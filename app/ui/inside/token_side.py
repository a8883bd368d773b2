"""One column of the Tokens tab: a model's name, its counts and the text as its tokens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.inspect.tokens import Tokenization
from app.ui.inside.token_view import TokenSpansView
from app.ui.style.tokens import METRICS
from app.ui.words import tokens as words


class TokenSide(QWidget):
    """A heading (the model), a counts line, and the scrollable spans view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(METRICS.space_s)
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QLabel(self)
        self.counts.setProperty("role", "muted")
        self.counts.setWordWrap(True)
        self.view = TokenSpansView(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.view)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the view inside takes the focus
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.scroll, 1)

    def show_tokens(self, model: str, tokenization: Tokenization) -> None:
        """``tokenization`` of ``model``, with its counts."""
        self.title.setText(model)
        self.counts.setText(words.counts(tokenization))
        self.counts.setProperty("role", "muted")
        self._restyle()
        self.view.set_tokenization(model, tokenization)

    def show_message(self, model: str, sentence: str, error: bool = False) -> None:
        """No tokens: ``sentence`` instead (an error in the error colour)."""
        self.title.setText(model)
        self.counts.setText(sentence)
        self.counts.setProperty("role", "error" if error else "muted")
        self._restyle()
        self.view.set_tokenization(model, None)

    def _restyle(self) -> None:
        """A changed role takes the sheet's colour for it."""
        self.counts.style().unpolish(self.counts)
        self.counts.style().polish(self.counts)
