"""My models: every local model with its facts; import a file or a folder; delete (asking first).

Models that belong to other apps (LM Studio, the Hugging Face cache) are listed read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from app.core.catalog.library import LocalModel, delete_model
from app.core.errors import OndolError, StorageError
from app.ui.background import Background
from app.ui.browser.tables import lay_out_panel, make_table
from app.ui.icons import set_icon
from app.ui.vision_mark import mark_table_cell
from app.ui.words.errors import error_text
from app.ui.words.planning_outlook import measured_text, measured_tooltip
from app.ui.words.sizes import format_number, format_size


class LibraryPanel(QWidget):
    """The library as a table; a model run here shows the speed it measured beside the
    estimate's prediction (read again each time the panel is shown: answers add runs)."""

    changed = Signal()  # a model was imported or deleted: rescan
    SPEED = 7  # the column of the measured speed

    def __init__(self, models_dir: Path, background: Background,
                 measured: Callable[[], Mapping[str, Any]] = dict,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models_dir = models_dir
        self.background = background
        self.measured = measured
        self.models: list[LocalModel] = []
        headers = [self.tr("Model"), self.tr("Size"), self.tr("Architecture"), self.tr("Quant"),
                   self.tr("Context"), self.tr("Chat template"), self.tr("From"),
                   self.tr("Speed here")]
        self.table = make_table(headers, self.tr("Local models"), self)
        # Every column fits its content and the model's long name takes what is left, cut in
        # the middle (publisher … file name): nothing needs a sideways scroll.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.import_file = QPushButton(self.tr("Import a GGUF file…"), self)
        self.import_folder = QPushButton(self.tr("Import an ONNX folder…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for button, name in ((self.import_file, "file-down"),
                             (self.import_folder, "folder-input"),
                             (self.delete_button, "trash-2")):
            set_icon(button, name)
        speed_header = self.table.horizontalHeaderItem(self.SPEED)
        if speed_header is not None:
            speed_header.setToolTip(measured_tooltip())
        lay_out_panel(self, self.table, self.message,
                      [self.import_file, self.import_folder, self.delete_button])
        self.import_file.clicked.connect(self._import_file)
        self.import_folder.clicked.connect(self._import_folder)
        self.delete_button.clicked.connect(self._delete)

    def set_models(self, models: list[LocalModel]) -> None:
        """Show ``models`` (own first, then other apps')."""
        self.models = list(models)
        self.table.setRowCount(len(self.models))
        sources = {"ondol": self.tr("Ondol"), "lmstudio": "LM Studio",
                   "hf-cache": self.tr("Hugging Face cache"), "ollama": "Ollama", "jan": "Jan",
                   "gpt4all": "GPT4All"}
        for row, model in enumerate(self.models):
            meta = model.metadata
            template = (self.tr("yes") if model.template_present else self.tr("no")) if meta \
                else "—"
            cells = [model.name, format_size(model.size_bytes),
                     meta.architecture if meta else "—", model.quant or "—",
                     format_number(meta.context_length) if meta and meta.context_length
                     else "—", template,
                     sources.get(model.source, model.source)]
            if model.error is not None:
                cells[2] = self.tr("cannot be used: {why}").format(why=error_text(model.error))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(model.path))
                if column == 0 and model.vision:
                    mark_table_cell(item)
                self.table.setItem(row, column, item)
        self.show_speeds()

    def show_speeds(self) -> None:
        """Fill the speed column from the store: measured here and predicted, or a dash."""
        found = self.measured()
        for row, model in enumerate(self.models):
            speed = found.get(model.name)
            item = QTableWidgetItem(measured_text(speed.tps, speed.predicted_tps) if speed
                                    else "–")
            item.setToolTip(measured_tooltip() if speed else str(model.path))
            self.table.setItem(row, self.SPEED, item)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: an answer since may have measured a model."""
        super().showEvent(event)
        if self.models:
            self.show_speeds()

    def _ask_move(self) -> bool | None:
        """Copy (keep the original) or move it into the library; None when cancelled."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import a model"))
        box.setText(self.tr("Copy the model into Ondol's library, or move it there?"))
        copy = box.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        move = box.addButton(self.tr("Move"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return None if clicked not in (copy, move) else clicked is move

    def _import(self, source: str, move: bool | None = None) -> None:
        from app.core.catalog.imports import import_model

        if move is None:
            move = self._ask_move()
            if move is None:
                return
        models_dir, do_move = self.models_dir, move

        def work() -> Path:
            try:
                return import_model(Path(source), models_dir, move=do_move)
            except OndolError:
                raise
            except OSError as err:  # a disk's refusal is a reason to show, not a bug
                raise StorageError(str(err), path=source, errno=err.errno) from err

        # Gigabytes may be copied: never on the GUI thread.
        if self.background.run(work, self._on_imported, self._on_import_failed,
                               lambda err: StorageError(str(err), path=source)):
            self.message.setText(self.tr("Importing {name}…").format(name=Path(source).name))

    def _on_imported(self, target: Path) -> None:
        self.message.setText(self.tr("Imported {name}.").format(name=target.name))
        self.changed.emit()

    def _on_import_failed(self, error: OndolError) -> None:
        self.message.setText(error_text(error))

    def _import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a GGUF file"), "",
                                              "GGUF (*.gguf)")
        if path:
            self._import(path)

    def _import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import an ONNX folder"))
        if path:
            self._import(path)

    def _delete(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.models):
            return
        model = self.models[row]
        if model.read_only:
            self.message.setText(self.tr("{name} belongs to another app; Ondol only reads it.")
                                 .format(name=model.name))
            return
        answer = QMessageBox.question(self, self.tr("Delete model"), self.tr(
            "Delete {name} ({size}) from this computer?").format(
                name=model.name, size=format_size(model.size_bytes)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_model(model, self.models_dir)
        except OndolError as err:
            self.message.setText(error_text(err))
            return
        except OSError as err:
            self.message.setText(error_text(StorageError(str(err), path=str(model.path),
                                                         errno=err.errno)))
            return
        self.changed.emit()
