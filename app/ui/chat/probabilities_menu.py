"""Probability mode's place in the window: the View menu's window-wide default (remembered
in Ondol's config folder), the saved answers' probabilities, and "continue from here"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction

from app.ui.chat.forced import continue_answer

KEY = "chat/show_probabilities"


def wire_probabilities(parts: Any, window: Any) -> QAction:
    """Connect the chat view's probability mode to the store, the chat and the View menu;
    the menu's action.

    Raises:
        nothing.
    """
    chat, probs = parts.chat, parts.view.probs
    probs.load = parts.store.load_logprobs
    probs.continueRequested.connect(
        lambda answer, index, token: continue_answer(chat, answer, index, token))
    stored = QSettings(str(parts.ctx.paths.config_dir / "view.ini"), QSettings.Format.IniFormat)
    on = stored.value(KEY, False, type=bool)
    probs.default = bool(on)
    action = QAction(QCoreApplication.translate("Probabilities", "Show token probabilities"),
                     window, checkable=True, checked=bool(on))
    action.setObjectName("showProbabilities")

    def toggled(checked: bool) -> None:
        probs.set_default(checked)
        stored.setValue(KEY, checked)

    action.toggled.connect(toggled)
    window.view_menu.addAction(action)
    return action
