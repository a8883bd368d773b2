"""Parts of Settings → Tools: the tool rules (the tools allowed without asking, the most tool
steps per message) and small helpers the dialog shares with them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.settings.tool_servers import ToolSettings
from app.ui.icons import set_icon

MAX_STEPS_CHOICE = 20  # the spin box's top; the settings file allows more


def set_role(label: QLabel, role: str) -> None:
    """Give ``label`` a style role ("muted", "error", "warning", "" for none) and redraw it."""
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def action_button(text: str, icon: str, slot: Callable[..., Any]) -> QPushButton:
    """A button with a line icon that Enter does not press (Enter saves the dialog)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    set_icon(button, icon)
    button.clicked.connect(slot)
    return button


class ToolRules(QWidget):
    """"Ask before each tool call" and its exceptions, and the steps limit, on ``settings``
    (the dialog's working copy: edited in place)."""

    def __init__(self, settings: ToolSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        rule = QLabel(self.tr("Ondol asks before each tool call. These tools run without "
                              "asking:"))
        rule.setWordWrap(True)
        self.allowed = QListWidget()
        self.allowed.setAccessibleName(self.tr("Tools allowed without asking"))
        self.allowed.setMaximumHeight(self.allowed.fontMetrics().lineSpacing() * 4)
        self.allowed.currentItemChanged.connect(lambda *_: self._on_selection())
        self.ask_again = action_button(self.tr("Ask again"), "rotate-ccw", self.forget_selected)
        allowed_row = QHBoxLayout()
        allowed_row.addWidget(self.allowed, 1)
        allowed_row.addWidget(self.ask_again, 0, Qt.AlignmentFlag.AlignTop)
        self.steps = QSpinBox()
        self.steps.setRange(1, max(MAX_STEPS_CHOICE, settings.max_steps))
        self.steps.setValue(settings.max_steps)
        self.steps.setAccessibleName(self.tr("Most tool steps per message"))
        steps_label = QLabel(self.tr("At &most"))
        steps_label.setBuddy(self.steps)
        steps_row = QHBoxLayout()
        steps_row.addWidget(steps_label)
        steps_row.addWidget(self.steps)
        steps_row.addWidget(QLabel(self.tr("tool steps per message")))
        steps_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rule)
        layout.addLayout(allowed_row)
        layout.addLayout(steps_row)
        self.fill()

    def fill(self) -> None:
        """Show the allowed tools of ``settings`` again."""
        self.allowed.clear()
        for server, tools in self.settings.always_allowed.items():
            for tool in tools:
                item = QListWidgetItem(self.tr("{tool} on {server}")
                                       .replace("{tool}", tool).replace("{server}", server))
                item.setData(Qt.ItemDataRole.UserRole, (server, tool))
                self.allowed.addItem(item)
        self._on_selection()

    def _on_selection(self) -> None:
        self.ask_again.setEnabled(self.allowed.currentItem() is not None)

    def forget_selected(self) -> None:
        """Ask again before the selected allowed tool runs."""
        item = self.allowed.currentItem()
        if item is None:
            return
        server, tool = item.data(Qt.ItemDataRole.UserRole)
        tools = [t for t in self.settings.always_allowed.get(server, []) if t != tool]
        if tools:
            self.settings.always_allowed[server] = tools
        else:
            self.settings.always_allowed.pop(server, None)
        self.fill()

    def apply(self) -> None:
        """Put the steps limit into ``settings``."""
        self.settings.max_steps = self.steps.value()
