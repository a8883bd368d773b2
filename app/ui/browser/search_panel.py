"""Search Hugging Face: a query, a format filter, a sort order, results that page on scroll."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import set_icon
from app.ui.models import ListModel


def _short(number: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if number >= size:
            return f"{number / size:.1f}{unit}"
    return str(number)


def result_label(model: Any) -> str:
    """``🔒 org/name · ↓ 1.2M · ♥ 340 · llama · 7.2B``."""
    parts = [("🔒 " if model.gated else "") + model.repo_id,
             f"↓ {_short(model.downloads)}", f"♥ {_short(model.likes)}"]
    if model.architecture:
        parts.append(model.architecture)
    if model.parameters:
        parts.append(f"{model.parameters / 1e9:.2f}B")
    if model.updated:
        parts.append(str(model.updated)[:10])
    return " · ".join(parts)


class SearchPanel(QWidget):
    """The search form and its result list."""

    searchRequested = Signal(str, str, str)  # query, format, sort
    moreRequested = Signal()
    repoChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search models on Hugging Face"))
        self.query.setAccessibleName(self.tr("Search models"))
        self.format = QComboBox(self)
        self.format.setAccessibleName(self.tr("Format"))
        for label, value in ((self.tr("GGUF"), "gguf"), (self.tr("ONNX"), "onnx"),
                             (self.tr("All formats"), "all")):
            self.format.addItem(label, value)
        self.sort = QComboBox(self)
        self.sort.setAccessibleName(self.tr("Sort by"))
        for label, value in ((self.tr("Most downloads"), "downloads"),
                             (self.tr("Most likes"), "likes"),
                             (self.tr("Recently updated"), "updated")):
            self.sort.addItem(label, value)
        self.go = QPushButton(self.tr("Search"), self)
        set_icon(self.go, "search")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Search status"))
        self.results = ListModel[Any](result_label, lambda m: m.repo_id)
        self.list = QListView(self)
        self.list.setModel(self.results)
        self.list.setAccessibleName(self.tr("Search results"))
        self.list.setSpacing(3)  # results a finger's width apart: easier to read and to hit
        self.has_more = False
        self.loading = False
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.format)
        row.addWidget(self.sort)
        row.addWidget(self.go)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.query.returnPressed.connect(self.start)
        self.go.clicked.connect(self.start)
        self.format.currentIndexChanged.connect(lambda _i: self.start())
        self.sort.currentIndexChanged.connect(lambda _i: self.start())
        self.list.activated.connect(self._choose)
        self.list.clicked.connect(self._choose)
        self.list.verticalScrollBar().valueChanged.connect(self._maybe_more)

    def start(self) -> None:
        """A new search from the form's values."""
        self.results.set_items([])
        self.loading = True
        self.status.setText(self.tr("Searching…"))
        self.searchRequested.emit(self.query.text().strip(), self.format.currentData(),
                                  self.sort.currentData())

    def add_results(self, models: list[Any], more: bool) -> None:
        """A page of results arrived."""
        self.loading = False
        self.has_more = more
        self.results.append_items(models)
        count = self.results.rowCount()
        self.status.setText(self.tr("No models found.") if count == 0 else
                            self.tr("{count} models").format(count=count)
                            + ("+" if more else ""))
        self._maybe_more()

    def show_error(self, message: str) -> None:
        """One clear line instead of results (offline, timed out, ...)."""
        self.loading = False
        self.status.setText(message)

    def _maybe_more(self, *_args: object) -> None:
        bar = self.list.verticalScrollBar()
        if self.has_more and not self.loading and bar.value() >= bar.maximum() - 2:
            self.loading = True
            self.moreRequested.emit()

    def _choose(self, index: QModelIndex) -> None:
        model = self.results.item(index.row())
        if model is not None:
            self.repoChosen.emit(model.repo_id)
