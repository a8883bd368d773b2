"""The Inside page's playground tab."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.inside.deps import InsideDeps


class PlaygroundTab(QWidget):
    """Being built."""

    def __init__(self, deps: InsideDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        QVBoxLayout(self).addWidget(QLabel("…", self))
