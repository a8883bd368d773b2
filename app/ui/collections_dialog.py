"""The Collections dialog: folders indexed for search, their state and counts, the files that
could not be read, indexing progress with Cancel, the embedding model, and whether the open chat
searches the selected collection.

Everything slow happens in the window's indexing queue (``CollectionsEntry.indexer``); this
dialog only reads the index (small queries) and asks. Closing it leaves indexing running.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError
from app.ui.announce import announce
from app.ui.collections_menu import CollectionsEntry
from app.ui.collections_model import CollectionRow, failed_files, folder_rows
from app.ui.embedding_settings import EmbeddingModelBox
from app.ui.words.collections import (
    failure_reason,
    model_label,
    progress_text,
    status_text,
)
from app.ui.words.errors import error_text
from app.ui.words.sizes import format_number

COLUMNS = ("name", "folder", "documents", "failed", "chunks", "model", "status")


def _role(label: QLabel, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


class AddFolderForm(QWidget):
    """Name + folder, with the reason shown inline when the index refuses them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Collection name"))
        self.folder = QLineEdit(self)
        self.folder.setAccessibleName(self.tr("Folder to index"))
        self.choose = QPushButton(self.tr("Choose…"), self)
        self.choose.setAccessibleName(self.tr("Choose the folder"))
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self._choose)
        self.add = QPushButton(self.tr("Add and index"), self)
        self.add.setAutoDefault(False)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setAccessibleName(self.tr("Cancel adding a folder"))
        self.cancel.setAutoDefault(False)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        _role(self.error, "error")
        self.error.hide()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.add)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.error)
        form.addRow(buttons)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to index"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)
            if not self.name.text().strip():
                self.name.setText(folder.rstrip("/\\").rsplit("/", 1)[-1])

    def show_error(self, text: str) -> None:
        """Say why the folder was not added (read out by screen readers)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            announce(self.error, text)


class CollectionsDialog(QDialog):
    """Settings → Collections…"""

    def __init__(self, entry: CollectionsEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Collections"))
        self.resize(900, 560)
        intro = QLabel(self.tr("Folders Ondol indexes so a chat can search them. New and "
                               "changed files are indexed again; the files themselves are "
                               "never changed."), self)
        intro.setWordWrap(True)
        _role(intro, "muted")
        self.model_box = EmbeddingModelBox(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(self.tr("Collections"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Folder"), self.tr("Documents"), self.tr("Failed"),
            self.tr("Passages"), self.tr("Embedding model"), self.tr("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # long folders lose their middle, not their name
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = self._button(self.tr("Add folder…"), self._show_form)
        self.update_button = self._button(self.tr("Update"), self._update)
        self.update_button.setToolTip(self.tr("Index the files added or changed since"))
        self.rebuild_button = self._button(self.tr("Rebuild"), self._rebuild)
        self.rebuild_button.setToolTip(self.tr("Index everything again with the embedding "
                                               "model chosen now"))
        self.delete_button = self._button(self.tr("Delete"), self._delete)
        self.delete_button.setAccessibleName(self.tr("Delete the collection"))
        self.cancel_button = self._button(self.tr("Cancel indexing"), self._cancel)
        self.search_here = QCheckBox(self.tr("Search this collection in this chat"), self)
        self.search_here.toggled.connect(self._search_toggled)
        self.form = AddFolderForm(self)
        self.form.hide()
        self.form.add.clicked.connect(self._add)
        self.form.cancel.clicked.connect(self._hide_form)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Indexing progress"))
        self.progress_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.failed_title = QLabel(self.tr("Files that could not be read:"), self)
        self.failed_list = QListWidget(self)
        self.failed_list.setAccessibleName(self.tr("Files that could not be read"))
        self.failed_list.setMaximumHeight(self.fontMetrics().height() * 6)
        self.failed_title.setBuddy(self.failed_list)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.rebuild_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.search_here)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (intro, self.model_box, self.table):
            layout.addWidget(widget, 1 if widget is self.table else 0)
        layout.addLayout(buttons)
        layout.addWidget(self.form)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addWidget(self.failed_title)
        layout.addWidget(self.failed_list)
        layout.addWidget(close)
        self.rows: list[CollectionRow] = []
        entry.changed.connect(self.refresh)
        entry.indexer.progress.connect(self._on_progress)
        entry.message.connect(self.show_message)
        entry.download.connect(self.model_box.show_download)
        self.model_box.chosen.connect(entry.set_embedding_model)
        self.model_box.downloadRequested.connect(entry.download_recommended)
        entry.parts.models.libraryChanged.connect(self._library_changed)
        self._show_models()
        self.refresh()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- showing -----------------------------------------------------------------------------

    def _show_models(self) -> None:
        self.model_box.set_models(self.entry.parts.models.library,
                                  self.entry.parts.settings.embedding_model)

    def _library_changed(self, *_args: object) -> None:
        """A model was downloaded or removed: the choice, and which collections need a
        rebuild, may change."""
        self._show_models()
        self.refresh()

    def refresh(self) -> None:
        """Read the collections again and show them (the selection is kept)."""
        selected = self.selected_name()
        indexer = self.entry.indexer
        try:
            self.rows = folder_rows(self.entry.store(), self.entry.current_key(),
                                    indexer.running, indexer.queued)
        except OndolError as err:
            self.rows = []
            self.show_message(error_text(err), "error")
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            info = row.info
            cells = (info.name, str(info.folder or ""), format_number(info.documents),
                     format_number(info.failed), format_number(info.chunks),
                     model_label(info.model_id), status_text(row.state, row.done, row.total))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column == 1:
                    item.setToolTip(text)
                self.table.setItem(i, column, item)
            if info.name == selected or (selected is None and i == 0):
                self.table.selectRow(i)
        self._show_progress()
        self._selection_changed()

    def _show_progress(self) -> None:
        running = self.entry.indexer.running
        busy = running is not None
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(busy)
        if running is not None:
            name, done, total, chunks = running
            self.progress.setRange(0, max(total, 0))
            self.progress.setValue(done)
            self.progress_label.setText(progress_text(name, done, total, chunks))

    def selected_name(self) -> str | None:
        """The name of the selected collection."""
        row = self.selected_row()
        return row.info.name if row is not None else None

    def selected_row(self) -> CollectionRow | None:
        """The selected collection's row."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = rows[0].row() if rows else -1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        working = row is not None and row.state in ("indexing", "queued")
        for button in (self.update_button, self.delete_button):
            button.setEnabled(row is not None)
        self.update_button.setEnabled(row is not None and not working
                                      and row.state not in ("missing", "rebuild"))
        self.rebuild_button.setEnabled(row is not None and not working
                                       and row.state == "rebuild")
        self.search_here.blockSignals(True)
        self.search_here.setEnabled(row is not None and self.entry.chat_id() is not None)
        self.search_here.setChecked(row is not None and row.info.name in self.entry.chat_names())
        self.search_here.blockSignals(False)
        self.failed_list.clear()
        if row is not None and row.info.failed:
            try:
                for path, reason in failed_files(self.entry.store(), row.info.name):
                    self.failed_list.addItem(f"{path.name} — {failure_reason(reason)}")
            except OndolError as err:
                self.failed_list.addItem(error_text(err))
        has_failed = self.failed_list.count() > 0
        self.failed_title.setVisible(has_failed)
        self.failed_list.setVisible(has_failed)

    def _on_progress(self, name: str, done: int, total: int, chunks: int) -> None:
        self._show_progress()
        for i, row in enumerate(self.rows):
            if row.info.name == name:
                item = self.table.item(i, 6)
                if item is not None:
                    item.setText(status_text("indexing", done, total))

    def show_message(self, text: str, role: str = "") -> None:
        """One sentence under the table (an outcome or an error), read out."""
        self.message.setText(text)
        _role(self.message, role)
        if text:
            announce(self.message, text)

    # --- doing -------------------------------------------------------------------------------

    def _show_form(self) -> None:
        self.form.show_error("")
        self.form.show()
        self.form.name.setFocus()

    def _hide_form(self) -> None:
        self.form.hide()
        self.add_button.setFocus()

    def _add(self) -> None:
        try:
            self.entry.add_folder(self.form.name.text(), self.form.folder.text().strip())
        except OndolError as err:
            self.form.show_error(error_text(err))
            return
        self.form.name.clear()
        self.form.folder.clear()
        self.form.show_error("")
        self.form.hide()
        self.show_message("")

    def _update(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.entry.indexer.queue(name, "update")
            self.refresh()

    def _rebuild(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.entry.indexer.queue(name, "rebuild")
            self.refresh()

    def _cancel(self) -> None:
        self.entry.indexer.cancel()

    def _delete(self) -> None:
        name = self.selected_name()
        if name is None or not self.confirm_delete(name):
            return
        try:
            self.entry.delete(name)
        except OndolError as err:
            self.show_message(error_text(err), "error")

    def confirm_delete(self, name: str) -> bool:
        """Ask before forgetting a collection (tests answer for the user)."""
        answer = QMessageBox.question(
            self, self.tr("Delete the collection?"),
            self.tr("Forget the index of “{name}”? The files in its folder are not "
                    "touched.").format(name=name))
        return answer == QMessageBox.StandardButton.Yes

    def _search_toggled(self, on: bool) -> None:
        name = self.selected_name()
        if name is None:
            return
        try:
            self.entry.set_searched(name, on)
        except OndolError as err:
            self.show_message(error_text(err), "error")
