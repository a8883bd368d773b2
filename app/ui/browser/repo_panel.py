"""A repository's page: its variants with size, fit label, the longest context that fits and the
estimated speed here (or, for a variant already run here, the speed it measured beside the
prediction), the recommended one, a download button, the format advisor when nothing here runs
in Ondol, and the model card."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.browser.vllm_box import VllmBox
from app.ui.icons import set_icon
from app.ui.words.advice import advice_text
from app.ui.words.planning import fit_text, reason_text
from app.ui.words.planning_outlook import (
    context_text,
    measured_text,
    measured_tooltip,
    outlook_tooltip,
    speed_text,
)
from app.ui.words.sizes import format_size

SPEED = 5  # the column of the speed here


class RepoPanel(QWidget):
    """Shows one ``RepoReport``."""

    back = Signal()
    downloadRequested = Signal(str, object, object)  # repo id, Variant, commit (or None)
    searchRequested = Signal(str, str)  # query, format: "find GGUF versions of this model"
    connectRequested = Signal()  # "Connect to a vLLM server" (AWQ / GPTQ repositories)

    def __init__(self, measured: Callable[[], Mapping[str, Any]] = dict,
                 parent: QWidget | None = None) -> None:
        """``measured``: per library name, the speed each model measured here."""
        super().__init__(parent)
        self.report: Any = None
        self.measured = measured
        self.back_button = QPushButton(self.tr("Back to results"), self)
        set_icon(self.back_button, "chevron-left")
        self.title = QLabel("", self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QLabel("", self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("About this repository"))
        self.alternative = QPushButton("", self)
        set_icon(self.alternative, "search")
        self.alternative.hide()
        self.vllm = VllmBox(self)
        self.vllm.connectRequested.connect(self.connectRequested)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Variant"), self.tr("Format"), self.tr("Size"), self.tr("On this computer"),
            self.tr("Longest context"), self.tr("Speed here")])
        for column in (4, 5):  # estimates: say where they come from
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(outlook_tooltip())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Variants"))
        self.reason = QLabel("", self)
        self.reason.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"), self)
        self.download_button.setAccessibleName(self.tr("Download the selected variant"))
        set_icon(self.download_button, "download")
        self.card = QTextBrowser(self)
        self.card.setOpenExternalLinks(False)
        self.card.setAccessibleName(self.tr("Model card"))
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        variants = QWidget(self)
        variants_layout = QVBoxLayout(variants)
        variants_layout.setContentsMargins(0, 0, 0, 0)
        variants_layout.addWidget(self.table, 1)
        action = QHBoxLayout()  # why this variant, and the button that fetches it
        action.addWidget(self.reason, 1)
        action.addWidget(self.download_button)
        variants_layout.addLayout(action)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(variants)
        split.addWidget(self.card)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.alternative)
        layout.addWidget(self.vllm)
        layout.addWidget(split, 1)
        self.back_button.clicked.connect(self.back)
        self.download_button.clicked.connect(self._download)
        self.table.itemDoubleClicked.connect(lambda _item: self._download())
        self.alternative.clicked.connect(self._search_alternative)

    def loading(self, repo_id: str) -> None:
        """Clear the page while a repository loads."""
        self.report = None
        self.title.setText(repo_id)
        self.notice.setText(self.tr("Loading…"))
        self.notice.show()
        self.alternative.hide()
        self.vllm.hide()
        self.table.setRowCount(0)
        self.reason.setText("")
        self.card.clear()
        self.download_button.setEnabled(False)

    def show_report(self, report: Any) -> None:
        """Fill the page from a ``RepoReport``."""
        from app.ui.render.markdown_html import MarkdownRenderer

        self.report = report
        self.title.setText(("🔒 " if report.gated else "") + report.repo_id)
        notes = []
        if report.gated:
            notes.append(self.tr("This model is gated: accept its licence on huggingface.co and "
                                 "add a Hugging Face token in Settings before downloading."))
        if report.advice is not None:
            notes.append(advice_text(report.advice))
            self.alternative.setText(self.tr("Search for {query}").format(
                query=report.advice.local_alternative_query))
            self.alternative.show()
        if report.rejected:
            notes.append(self.tr("{count} files with unsafe names were ignored.").format(
                count=len(report.rejected)))
        self.vllm.show_for(report.advice.formats if report.advice else (), report.repo_id)
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))  # no empty gap above the variants
        self.table.setRowCount(len(report.rows))
        found = self.measured()
        variants = {v.name: v for v in report.variants}
        for row_index, row in enumerate(report.rows):
            name = row.name + ("  ★ " + self.tr("Recommended") if row.recommended else "")
            variant = variants.get(row.name)
            ran = next((found[key] for key in _library_names(report.repo_id, variant)
                        if key in found), None) if variant is not None else None
            cells = [name, row.format.upper(), format_size(row.size_bytes), fit_text(row.label),
                     context_text(row.max_context),
                     measured_text(ran.tps, ran.predicted_tps) if ran else speed_text(row.tps)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.recommended:
                    bold = item.font()
                    bold.setBold(True)
                    item.setFont(bold)
                if row.note:
                    item.setToolTip(reason_text(row.note))
                if ran and column == SPEED:
                    item.setToolTip(measured_tooltip())
                self.table.setItem(row_index, column, item)
            if row.recommended:
                self.table.selectRow(row_index)
        self.table.resizeColumnsToContents()
        reason = report.recommendation_reason
        self.reason.setText(reason_text(reason) if reason else "")
        self.download_button.setEnabled(bool(report.rows))
        self.card.setHtml(MarkdownRenderer(copy_label=self.tr("Copy")).render(
            _strip_front_matter(report.card)).html)

    def show_error(self, message: str) -> None:
        """The repository could not be shown (offline, gated, not found)."""
        self.notice.setText(message)
        self.notice.show()

    def _download(self) -> None:
        if self.report is None:
            return
        row = self.table.currentRow()
        if 0 <= row < len(self.report.rows):
            name = self.report.rows[row].name
            variant = next(v for v in self.report.variants if v.name == name)
            self.downloadRequested.emit(self.report.repo_id, variant, self.report.revision)

    def _search_alternative(self) -> None:
        if self.report is not None and self.report.advice is not None:
            self.searchRequested.emit(self.report.advice.base_model, "gguf")


def _library_names(repo_id: str, variant: Any) -> list[str]:
    """The names a downloaded ``variant`` may have in the library: its GGUF file's
    ``publisher/repo/file``, or its ONNX folder's (the repository, or a folder in it)."""
    names = []
    for file in variant.files:  # the file itself first, then its folders, deepest first
        parts = file.path.split("/")
        names += ["/".join([repo_id, *parts[:end]]) for end in range(len(parts), 0, -1)]
    return [*names, repo_id]


def _strip_front_matter(card: str) -> str:
    """Model cards start with YAML metadata between ``---`` lines: not for reading."""
    if card.startswith("---"):
        end = card.find("\n---", 3)
        if end != -1:
            return card[end + 4:].lstrip("\n")
    return card
