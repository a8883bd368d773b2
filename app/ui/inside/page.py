"""The Inside page: tabs that show what the model does with a text — the tokens it reads, how
it picks the next one, and the prompt its chat template makes."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.ui.icons import set_tab_icons
from app.ui.inside.deps import InsideDeps
from app.ui.inside.playground_tab import PlaygroundTab
from app.ui.inside.prompt_tab import PromptTab
from app.ui.inside.tokens_tab import TokensTab


class InsidePage(QTabWidget):
    """Tokens, Next token (the decoding playground) and Prompt."""

    def __init__(self, deps: InsideDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Inside the model"))
        self.tokens = TokensTab(deps, self)
        self.playground = PlaygroundTab(deps, self)
        self.prompt = PromptTab(deps, self)
        self.addTab(self.tokens, self.tr("Tokens"))
        self.addTab(self.playground, self.tr("Next token"))
        self.addTab(self.prompt, self.tr("Prompt"))
        set_tab_icons(self, ["binary", "bar-chart-horizontal", "braces"])
