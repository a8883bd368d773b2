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

from app.ui.browser.hub_worker import KOREAN, KoreanPick
from app.ui.icons import set_icon
from app.ui.models import ListModel
from app.ui.words.korean import reason_text


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


def row_label(item: Any) -> str:
    """A result's line; a Korean pick adds its family and why it handles Korean well."""
    if isinstance(item, KoreanPick):
        return f"{result_label(item.model)}\n{item.family}: {reason_text(item.reason)}"
    return result_label(item)


def row_tip(item: Any) -> str:
    """The repository's id; a Korean pick's also says why it handles Korean well."""
    if isinstance(item, KoreanPick):
        return f"{item.repo_id}\n{reason_text(item.reason)}"
    return str(item.repo_id)


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
        self.results = ListModel[Any](row_label, row_tip)
        self.list = QListView(self)
        self.list.setModel(self.results)
        self.list.setAccessibleName(self.tr("Search results"))
        self.list.setSpacing(3)  # results a finger's width apart: easier to read and to hit
        self.has_more = False
        self.loading = False
        self.korean = False  # listing the families that handle Korean well
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
        self.korean = False
        self.status.setText(self.tr("Searching…"))
        self.searchRequested.emit(self.query.text().strip(), self.format.currentData(),
                                  self.sort.currentData())

    def show_korean(self) -> None:
        """List a few of each shipped family that handles Korean well (any search from the
        form goes back to the plain list)."""
        self.results.set_items([])
        self.loading = True
        self.korean = True
        self.query.clear()
        self.status.setText(self.tr("Looking for models that handle Korean well…"))
        self.searchRequested.emit("", self.format.currentData(), KOREAN)

    def add_results(self, models: list[Any], more: bool) -> None:
        """A page of results arrived."""
        self.loading = False
        self.has_more = more
        self.results.append_items(models)
        count = self.results.rowCount()
        if self.korean and count:
            self.status.setText(self.tr(
                "{count} models that handle Korean well, most downloaded first. Each model's "
                "page still recommends the version that fits this computer.").format(count=count))
        else:
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
