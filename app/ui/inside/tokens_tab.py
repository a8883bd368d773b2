"""The Inside page's Tokens tab: a text as the loaded model's tokens, beside another model's.

The text (the open chat's last message, else the shipped Korean and English samples) is split
again ~300 ms after it stops changing, through ``RuntimeCalls`` (behind a streaming answer).
The shipped samples give the point in plain words: how many tokens each model spends on
Korean for every token on English, and how much Korean the loaded model's context holds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.core.inspect.tokens_compare import LanguageCost, sample_text, side_by_side
from app.ui.inside.deps import InsideDeps
from app.ui.inside.token_side import TokenSide
from app.ui.inside.token_work import Side, TokensAnswer, split_text
from app.ui.style.tokens import METRICS
from app.ui.words import tokens as words
from app.ui.words.errors import error_text

DEBOUNCE_MS = 300
DEFAULT_CONTEXT = 4096  # for the sentence when no model is loaded to give its own


class TokensTab(QWidget):
    """Text box, samples, a model to compare with, the point in words, two token columns."""

    def __init__(self, deps: InsideDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        self._costs: dict[str, LanguageCost] = {}  # sample costs by model ("" = loaded)
        self._call: int | None = None
        self._shown = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self._build()
        deps.models.stateChanged.connect(self._on_model_state)
        deps.models.libraryChanged.connect(lambda *_a: self._fill_models())
        deps.chat.busyChanged.connect(self._on_busy)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(METRICS.space_m)
        samples = QHBoxLayout()
        heading = QLabel(self.tr("&Text to split into tokens"), self)
        self.korean = QPushButton(self.tr("Korean sample"), self)
        self.english = QPushButton(self.tr("English sample"), self)
        self.last_message = QPushButton(self.tr("Last chat message"), self)
        samples.addWidget(heading, 1)
        for button in (self.korean, self.english, self.last_message):
            samples.addWidget(button)
        self.korean.clicked.connect(lambda: self.text.setPlainText(sample_text("ko")))
        self.english.clicked.connect(lambda: self.text.setPlainText(sample_text("en")))
        self.last_message.clicked.connect(self._use_last_message)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Text to split into tokens"))
        self.text.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.text.textChanged.connect(self.timer.start)
        heading.setBuddy(self.text)
        compare = QHBoxLayout()
        compare_label = QLabel(self.tr("&Compare with"), self)
        self.compare = QComboBox(self)
        self.compare.setAccessibleName(self.tr("Compare with"))
        self.compare.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        compare_label.setBuddy(self.compare)
        self.compare.currentIndexChanged.connect(lambda _i: self.timer.start())
        compare.addWidget(compare_label)
        compare.addWidget(self.compare)
        compare.addStretch(1)
        self.point = QLabel(self)
        self.point.setWordWrap(True)
        self.point.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self)  # quiet: waiting behind an answer
        self.note.setProperty("role", "muted")
        columns = QHBoxLayout()
        columns.setSpacing(METRICS.space_xl)
        self.first, self.second = TokenSide(self), TokenSide(self)
        columns.addWidget(self.first, 1)
        columns.addWidget(self.second, 1)
        self.second.hide()
        self.detail = QLabel(self)  # the token under the pointer or the keyboard's
        self.detail.setProperty("role", "muted")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for side in (self.first, self.second):
            side.view.currentChanged.connect(self.detail.setText)
        for part in (samples, self.text, compare, self.point, self.note):
            layout.addLayout(part) if isinstance(part, QHBoxLayout) else layout.addWidget(part)
        layout.addLayout(columns, 1)
        layout.addWidget(self.detail)

    # -- inputs ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is seen: the default text, the models, the tokens."""
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self._fill_models()
            self.text.blockSignals(True)
            self.text.setPlainText(self._last_message() or
                                   sample_text("ko") + "\n\n" + sample_text("en"))
            self.text.blockSignals(False)
            self.refresh()

    def _last_message(self) -> str:
        conversation = self.deps.chat.conversation
        path = conversation.active_path() if conversation is not None else []
        return path[-1].content if path else ""

    def _use_last_message(self) -> None:
        text = self._last_message()
        if text:
            self.text.setPlainText(text)

    def _fill_models(self) -> None:
        """The library's models that can be compared (those whose file reads)."""
        chosen = self.compare.currentData()
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem(words.no_comparison(), None)
        for model in self.deps.models.library:
            if model.error is None:
                self.compare.addItem(model.path.stem, str(model.path))
        found = self.compare.findData(chosen) if chosen else 0
        self.compare.setCurrentIndex(max(found, 0))
        self.compare.blockSignals(False)

    def compare_with(self, path: str | None) -> None:
        """Choose the model to compare with by its path (None: none)."""
        self.compare.setCurrentIndex(max(self.compare.findData(path), 0) if path else 0)

    def _on_model_state(self, _state: str, _name: object) -> None:
        self._costs.pop("", None)  # another model (or none): its cost is asked again
        if self._shown:
            self.timer.start()

    def _on_busy(self, busy: bool) -> None:
        if self._call is not None:
            self.note.setText(words.waiting_for_answer() if busy else "")

    # -- asking the runtime ----------------------------------------------------------------

    @property
    def loaded_name(self) -> str:
        """The loaded model's name as the columns show it ("" when none)."""
        current = self.deps.models.current
        return current.path.stem if current is not None else ""

    @property
    def pending(self) -> bool:
        """A question is out (or about to be)."""
        return self._call is not None or self.timer.isActive()

    def refresh(self) -> None:
        """Split the text now, through the runtime worker (the answer comes back later)."""
        self.timer.stop()
        if self._call is not None:
            self.deps.calls.forget(self._call)
            self._call = None
        models = self.deps.models
        with_loaded = models.ready
        if not with_loaded:
            self.first.show_message(self.tr("No model"), words.model_loading() if models.busy
                                    else words.no_model())
        compare_path = self.compare.currentData()
        self.second.setVisible(bool(compare_path))
        if not with_loaded and not compare_path:
            self.point.setText("")
            self.note.setText("")
            return
        text, costs = self.text.toPlainText(), dict(self._costs)
        self.note.setText(words.waiting_for_answer() if self.deps.chat.busy else "")
        self._call = self.deps.calls.run(
            lambda client: split_text(client, text, with_loaded, compare_path, costs),
            lambda answer: self._show(answer, compare_path), self._failed)

    def _failed(self, error: OndolError) -> None:
        self._call = None
        self.note.setText("")
        self.first.show_message(self.loaded_name, words.failed(error_text(error)), error=True)

    def _show(self, answer: TokensAnswer, compare_path: str | None) -> None:
        self._call = None
        self.note.setText("")
        compared_name = self.compare.currentText() if compare_path else ""
        if answer.loaded is not None:
            self._show_side(self.first, self.loaded_name, answer.loaded, "")
        if answer.compared is not None and compare_path:
            self._show_side(self.second, compared_name, answer.compared, compare_path)
        self.point.setText(self._point(answer, compared_name))

    def _show_side(self, side: TokenSide, name: str, answer: Side, key: str) -> None:
        if answer.tokens is None:
            reason = error_text(answer.error) if answer.error is not None else ""
            side.show_message(name, words.failed(reason), error=True)
            return
        side.show_tokens(name, answer.tokens)
        if answer.cost is not None:
            self._costs[key] = answer.cost

    def _point(self, answer: TokensAnswer, compared_name: str) -> str:
        """The sentences the numbers make, one a line."""
        plan = self.deps.models.plan
        context = plan.params.n_ctx if plan is not None else DEFAULT_CONTEXT
        lines = []
        loaded, compared = answer.loaded, answer.compared
        if loaded is not None and loaded.cost is not None:
            lines.append(words.language_cost_sentence(self.loaded_name, loaded.cost, context))
        if compared is not None and compared.cost is not None:
            lines.append(words.language_cost_sentence(compared_name, compared.cost, context))
        if (loaded is not None and loaded.tokens is not None and compared is not None
                and compared.tokens is not None):
            pair = side_by_side(loaded.tokens, compared.tokens)
            lines.append(words.compare_sentence(self.loaded_name, compared_name, pair.ratio))
        return "\n".join(line for line in lines if line)
