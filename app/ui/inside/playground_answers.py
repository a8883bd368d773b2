"""Three short answers to the playground's prompt, side by side, with one seed: greedy, the
panel's settings and a hot one. Generated on a click (never on a slider move), one after the
other on the runtime's thread, behind any chat answer that is streaming; Stop ends them."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.core.runtime import events as ev
from app.core.types.chat import ChatMessage
from app.core.types.params import SamplingParams
from app.ui.icons import set_icon
from app.ui.runtime_calls import RuntimeCalls
from app.ui.style.tokens import METRICS
from app.ui.words import decoding as words
from app.ui.words.errors import error_text

MAX_TOKENS = 40  # short: the point is how they differ, not what they say
HOT_TEMPERATURE = 1.5
KINDS = ("greedy", "panel", "hot")


def answer_settings(panel: SamplingParams, seed: int) -> dict[str, SamplingParams]:
    """The three answers' sampling values: the panel's with ``seed`` and ``MAX_TOKENS``, at
    temperature 0 (greedy), as set, and at ``HOT_TEMPERATURE``.

    Raises:
        nothing.
    """
    base = dataclasses.replace(panel, seed=seed, max_tokens=MAX_TOKENS, top_logprobs=0,
                               json_schema=None, answer_prefix=(), ignore_eos=False)
    return {"greedy": dataclasses.replace(base, temperature=0.0), "panel": base,
            "hot": dataclasses.replace(base, temperature=HOT_TEMPERATURE)}


def answer_work(messages: Sequence[ChatMessage], sampling: SamplingParams,
                stop: threading.Event) -> Callable[[Any], str | None]:
    """Work for ``RuntimeCalls``: the answer's text (None: stopped before or while it ran).

    Raises:
        nothing here; the work raises the runtime's OndolError.
    """
    def work(client: Any) -> str | None:
        if stop.is_set():
            return None
        parts: list[str] = []
        for event in client.generate(sampling, messages=list(messages)):
            if stop.is_set():
                client.cancel()  # read by the host per token; the stream then ends with Done
            if isinstance(event, ev.Delta):
                parts.append(event.text)
            elif isinstance(event, ev.Done) and event.reason == "cancelled":
                return None
        return "".join(parts)
    return work


class AnswersPanel(QWidget):
    """Generate / Stop, the shared seed, and three read-only answer boxes."""

    def __init__(self, calls: RuntimeCalls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = calls
        self.seed: int | None = None  # the seed of the last Generate
        self.settings: dict[str, SamplingParams] = {}
        self._stop = threading.Event()
        self._pending: dict[str, int] = {}  # kind → call id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("Generate"), self)
        set_icon(self.generate_button, "play")
        self.generate_button.setAccessibleName(self.tr("Generate three answers"))
        self.stop_button = QPushButton(self.tr("Stop"), self)
        set_icon(self.stop_button, "circle-stop")
        self.stop_button.setAccessibleName(self.tr("Stop the three answers"))
        self.stop_button.setEnabled(False)
        self.seed_label = QLabel(words.knob_help("seed"), self)
        self.seed_label.setProperty("role", "muted")
        self.seed_label.setWordWrap(True)
        row.addWidget(self.generate_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.seed_label, 1)
        layout.addLayout(row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(METRICS.space_m)
        self.titles: dict[str, QLabel] = {}
        self.boxes: dict[str, QPlainTextEdit] = {}
        for column, kind in enumerate(KINDS):
            title = QLabel(self)
            title.setWordWrap(True)
            box = QPlainTextEdit(self)
            box.setReadOnly(True)
            box.setTabChangesFocus(True)
            box.setMinimumHeight(self.fontMetrics().height() * 5)
            title.setBuddy(box)
            grid.addWidget(title, 0, column)
            grid.addWidget(box, 1, column)
            grid.setColumnStretch(column, 1)
            self.titles[kind], self.boxes[kind] = title, box
        layout.addLayout(grid)
        self.stop_button.clicked.connect(self.stop)

    def show_titles(self, panel: SamplingParams) -> None:
        """Name each answer's settings (the panel's may change between clicks).

        Raises:
            nothing.
        """
        for kind, params in answer_settings(panel, 0).items():
            text = words.answer_title(kind, params.temperature, params.top_k, params.top_p,
                                      params.min_p)
            self.titles[kind].setText(text)
            self.boxes[kind].setAccessibleName(text)

    def generate(self, messages: Sequence[ChatMessage], panel: SamplingParams) -> None:
        """Start the three answers with one seed: the panel's, or one chosen now.

        Raises:
            nothing: a failure is written into the answer's box.
        """
        self.stop()
        self._stop = threading.Event()
        chosen = panel.seed is None
        self.seed = random.randrange(2**31) if chosen else panel.seed
        self.seed_label.setText(words.seed_line(self.seed, chosen))
        self.show_titles(panel)
        self.settings = answer_settings(panel, self.seed)
        for kind in KINDS:
            self.boxes[kind].setPlainText("…")
            self._pending[kind] = self.calls.run(
                answer_work(messages, self.settings[kind], self._stop),
                lambda text, k=kind: self._done(k, text),
                lambda err, k=kind: self._failed(k, err))
        self.stop_button.setEnabled(True)

    @property
    def busy(self) -> bool:
        """Some answer has not come back yet."""
        return bool(self._pending)

    def stop(self) -> None:
        """Stop the answers in flight; the ones still queued never start."""
        self._stop.set()
        for kind, call in list(self._pending.items()):
            self.calls.forget(call)
            self.boxes[kind].setPlainText(words.stopped())
        self._pending.clear()
        self.stop_button.setEnabled(False)

    def _done(self, kind: str, text: str | None) -> None:
        self._pending.pop(kind, None)
        if text is None:
            text = words.stopped()
        self.boxes[kind].setPlainText(text.strip() or words.empty_answer())
        self.stop_button.setEnabled(self.busy)

    def _failed(self, kind: str, error: OndolError) -> None:
        self._pending.pop(kind, None)
        self.boxes[kind].setPlainText(words.failed(error_text(error)))
        self.stop_button.setEnabled(self.busy)
