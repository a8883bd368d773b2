"""A tool call shown in the chat: the tool, its server, the arguments, then the result.

While the call waits for the user the card asks: Allow once, Always allow this tool, Deny
(``decided`` says which). The result is folded away under a button, since results can be
long. Colours come only from the sheet's roles (``muted``, ``error``, ``success``).
"""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.tool_steps import ASKING, DENIED, DONE, RUNNING, SKIPPED, ToolStep

ALLOW_ONCE, ALLOW_ALWAYS, DENY = "once", "always", "deny"
RESULT_PREVIEW = 4000  # characters shown; the model got the whole result


def pretty_arguments(arguments: str) -> str:
    """The arguments as indented JSON when they parse, else as written."""
    try:
        return json.dumps(json.loads(arguments), ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):
        return arguments


class ToolCard(QFrame):
    """One ``ToolStep`` in the chat; ``update_step`` redraws it as the step moves on."""

    decided = Signal(str, str)  # call id, ALLOW_ONCE | ALLOW_ALWAYS | DENY

    def __init__(self, step: ToolStep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.step = step
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.arguments = QLabel()
        self.arguments.setWordWrap(True)
        self.arguments.setProperty("role", "muted")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText(self.tr("Show the result"))
        self.toggle.setAccessibleName(self.tr("Show the result"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setVisible(False)
        self.toggle.toggled.connect(self._fold)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.allow_once = QPushButton(self.tr("Allow once"))
        self.allow_always = QPushButton(self.tr("Always allow this tool"))
        self.deny = QPushButton(self.tr("Deny"))
        for button, choice in ((self.allow_once, ALLOW_ONCE),
                               (self.allow_always, ALLOW_ALWAYS), (self.deny, DENY)):
            button.setAccessibleName(button.text())
            button.clicked.connect(lambda _c=False, c=choice: self._decide(c))
            row.addWidget(button)
        row.addStretch(1)
        for widget in (self.title, self.arguments, self.state, self.buttons, self.toggle,
                       self.result):
            layout.addWidget(widget)
        self.update_step(step)

    def update_step(self, step: ToolStep) -> None:
        """Show the step as it is now (asking, running, answered, denied, failed)."""
        self.step = step
        server = step.server or self.tr("unknown server")
        self.title.setText(self.tr("Tool {name} on {server}").format(name=step.name,
                                                                     server=server))
        self.arguments.setText(pretty_arguments(step.arguments))
        self.buttons.setVisible(step.state == ASKING)
        self.state.setText(self._state_text(step))
        self.state.setProperty("role", "error" if step.is_error else "muted")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        has_result = bool(step.result) and step.state not in (ASKING, RUNNING)
        self.toggle.setVisible(has_result)
        text = step.result[:RESULT_PREVIEW]
        self.result.setText(text + ("…" if len(step.result) > RESULT_PREVIEW else ""))
        self.result.setVisible(has_result and self.toggle.isChecked())
        self.setAccessibleName(self.title.text())

    def _state_text(self, step: ToolStep) -> str:
        if step.state == ASKING:
            return self.tr("The model wants to run this tool. Allow it?")
        if step.state == RUNNING:
            return self.tr("Running…")
        if step.state == DENIED:
            return self.tr("Denied.")
        if step.state == SKIPPED:
            return self.tr("Not run.")
        if step.state == DONE:
            return self.tr("Done.")
        return self.tr("The call failed.")

    def _fold(self, shown: bool) -> None:
        self.result.setVisible(shown)
        self.toggle.setText(self.tr("Hide the result") if shown else self.tr("Show the result"))

    def _decide(self, choice: str) -> None:
        self.buttons.setVisible(False)  # one answer per question
        self.decided.emit(self.step.call_id, choice)
