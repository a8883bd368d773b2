"""The Inside page's decoding playground: one prompt, the model's next-token odds, the same odds
after temperature, top-k, top-p and min-p, and three short answers side by side.

Every number comes from the runtime host, which computes each decoding step over the whole
vocabulary (``RuntimeClient.next_token_distribution``): a slider move asks again (debounced;
one question in flight at a time, a stale answer dropped), as it costs the host a few
milliseconds on a prompt it has already read.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.core.types.chat import ChatMessage
from app.ui.icons import set_icon
from app.ui.inside.bars import BarChart
from app.ui.inside.deps import InsideDeps
from app.ui.inside.playground_answers import AnswersPanel
from app.ui.inside.playground_knobs import KnobsPanel
from app.ui.inside.playground_rows import after_rows, before_rows
from app.ui.style.tokens import METRICS
from app.ui.words import decoding as words
from app.ui.words.errors import error_text

TOP_N = 20  # rows in each chart, before "the rest"
PROMPT_DELAY_MS = 400  # typing: ask once the typing pauses
KNOB_DELAY_MS = 150  # a slider: ask once it rests a moment


def chat_prompt(deps: InsideDeps) -> tuple[list[ChatMessage], str]:
    """The open chat as its next answer would see it, split into the messages before its last
    question and that question (``[]``, "" without a chat or a question)."""
    chat = deps.chat
    if chat.conversation is None or chat.summary is None:
        return [], ""
    messages = chat.conversation.messages_for_model(chat.summary.system_prompt)
    for index in range(len(messages) - 1, -1, -1):
        if messages[index]["role"] == "user":
            return messages[:index], str(messages[index]["content"])
    return messages, ""


class PlaygroundTab(QWidget):
    """Prompt, two charts with their numbers, the knobs, and the three answers."""

    def __init__(self, deps: InsideDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        self.view: Any = None  # the last NextTokenView shown
        self._earlier: list[ChatMessage] = []  # the open chat's messages before the prompt
        self._call: int | None = None  # the distribution question in flight
        self._again = False  # something changed while it was in flight
        self._filled = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setSpacing(METRICS.space_m)

        intro = QLabel(words.explanation(), body)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        prompt_label = QLabel(self.tr("Prompt (a message to the model):"), body)
        self.prompt = QPlainTextEdit(body)
        self.prompt.setTabChangesFocus(True)
        self.prompt.setAccessibleName(self.tr("Prompt"))
        self.prompt.setMaximumHeight(self.fontMetrics().height() * 3 + METRICS.space_m * 2)
        prompt_label.setBuddy(self.prompt)
        row = QHBoxLayout()
        self.with_chat = QCheckBox(self.tr("With the open chat's earlier messages"), body)
        self.with_chat.setAccessibleName(self.with_chat.text())
        self.with_chat.hide()  # shown once the open chat has earlier messages
        self.from_chat = QPushButton(self.tr("From the open chat"), body)
        set_icon(self.from_chat, "refresh-cw")
        self.from_chat.setAccessibleName(self.tr("Take the prompt from the open chat"))
        row.addWidget(self.with_chat)
        row.addStretch(1)
        row.addWidget(self.from_chat)
        layout.addWidget(prompt_label)
        layout.addWidget(self.prompt)
        layout.addLayout(row)

        self.message = QLabel(body)  # no model, waiting, or an error
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        charts = QGridLayout()
        charts.setHorizontalSpacing(METRICS.space_l)
        before_title, after_title = QLabel(words.before_title(), body), QLabel(
            words.after_title(), body)
        for title in (before_title, after_title):
            title.setProperty("role", "title")
        self.before = BarChart(body)
        self.after = BarChart(body)
        self.before.setAccessibleName(words.before_title())
        self.after.setAccessibleName(words.after_title())
        self.entropy = QLabel(body)
        self.kept = QLabel(body)
        for label in (self.entropy, self.kept):
            label.setProperty("role", "muted")
        charts.addWidget(before_title, 0, 0)
        charts.addWidget(after_title, 0, 1)
        charts.addWidget(self.entropy, 1, 0)
        charts.addWidget(self.kept, 1, 1)
        charts.addWidget(self.before, 2, 0)
        charts.addWidget(self.after, 2, 1)
        self.knobs = KnobsPanel(body)
        greedy = QLabel(words.knob_help("greedy"), body)
        greedy.setProperty("role", "muted")
        greedy.setWordWrap(True)
        side = QVBoxLayout()  # the knobs beside the chart they shape
        side.addWidget(self.knobs)
        side.addWidget(greedy)
        side.addStretch(1)
        charts.addLayout(side, 0, 2, 3, 1)
        for column, stretch in enumerate((3, 3, 2)):
            charts.setColumnStretch(column, stretch)
        layout.addLayout(charts)
        answers_title = QLabel(self.tr("Three answers from this prompt"), body)
        answers_title.setProperty("role", "title")
        layout.addWidget(answers_title)
        self.answers = AnswersPanel(deps.calls, body)
        layout.addWidget(self.answers)
        layout.addStretch(1)

        self._prompt_timer = QTimer(self, singleShot=True, interval=PROMPT_DELAY_MS)
        self._knob_timer = QTimer(self, singleShot=True, interval=KNOB_DELAY_MS)
        self._prompt_timer.timeout.connect(self.refresh)
        self._knob_timer.timeout.connect(self.refresh)
        self.prompt.textChanged.connect(self._prompt_timer.start)
        self.with_chat.toggled.connect(lambda _on: self._prompt_timer.start())
        self.knobs.changed.connect(self._knob_timer.start)
        self.from_chat.clicked.connect(self.fill_from_chat)
        self.answers.generate_button.clicked.connect(
            lambda: self.answers.generate(self.messages(), self.deps.params.sampling))
        deps.models.stateChanged.connect(lambda *_a: self._model_changed())
        deps.params.samplingChanged.connect(
            lambda params, _remember: self.answers.show_titles(params))

    # -- the prompt --------------------------------------------------------------------------

    def fill_from_chat(self) -> None:
        """The open chat's last question as the prompt, its earlier messages as context (or
        an example question without a chat); the knobs from the panel.

        Raises:
            nothing.
        """
        self._earlier, question = chat_prompt(self.deps)
        self.with_chat.setText(self.tr("With the open chat's {n} earlier messages").format(
            n=len(self._earlier)))
        self.with_chat.setAccessibleName(self.with_chat.text())
        self.with_chat.setChecked(bool(self._earlier))
        self.with_chat.setVisible(bool(self._earlier))
        self.knobs.set_values(self.deps.params.sampling)
        self.answers.show_titles(self.deps.params.sampling)
        self.prompt.setPlainText(question or words.example_prompt())
        self._filled = True
        self.refresh()

    def messages(self) -> list[ChatMessage]:
        """What the model is asked: the chat's earlier messages (if ticked) and the prompt.

        Raises:
            nothing.
        """
        earlier = self._earlier if self.with_chat.isChecked() else []
        return [*earlier, {"role": "user", "content": self.prompt.toPlainText()}]

    def showEvent(self, event: QShowEvent) -> None:
        if not self._filled:  # built on first show: nothing is asked at the window's start
            self.fill_from_chat()
        super().showEvent(event)

    # -- the distribution --------------------------------------------------------------------

    def _model_changed(self) -> None:
        if self._filled:
            self.refresh()

    def refresh(self) -> None:
        """Ask the host for the distribution now (or after the question in flight).

        Raises:
            nothing: failures are shown in words.
        """
        self._prompt_timer.stop()
        self._knob_timer.stop()
        ready = self.deps.models.ready
        self.answers.generate_button.setEnabled(ready)
        if not ready:
            self._show_message(words.no_model(), "warning")
            self.view = None
            for chart in (self.before, self.after):
                chart.set_rows([])
            for label in (self.entropy, self.kept):
                label.clear()
            return
        if self._call is not None:
            self._again = True
            return
        if self.deps.chat.busy:
            self._show_message(words.waiting(), "muted")
        messages, sampling = self.messages(), self.knobs.values()
        self._call = self.deps.calls.run(
            lambda client: client.next_token_distribution(messages=messages, top_n=TOP_N,
                                                          sampling=sampling),
            self._shown, self._failed)

    def _settled(self) -> bool:
        """The question in flight came back; True if another one was asked instead."""
        self._call = None
        if self._again:
            self._again = False
            self.refresh()
            return True
        return False

    def _shown(self, view: Any) -> None:
        if self._settled():
            return
        self.view = view
        self._show_message("", "muted")
        self.before.set_rows(before_rows(view), words.chart_description(True))
        self.after.set_rows(after_rows(view), words.chart_description(False))
        last = view.steps[-1]
        self.entropy.setText(words.entropy(view.entropy_bits))
        self.kept.setText(words.in_play(last.kept_count, view.n_vocab) + " · "
                          + words.entropy(last.entropy_nats / math.log(2)))

    def _failed(self, error: OndolError) -> None:
        if self._settled():
            return
        self._show_message(words.failed(error_text(error)), "error")

    def _show_message(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
