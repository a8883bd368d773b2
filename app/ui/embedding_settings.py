"""The embedding-model choice: "Best available" or one of the library's embedding models, and,
when the library has none, a button that downloads the recommended one (through the window's
download manager, with its progress shown here).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.catalog.embedders import choose_embedding_model, embedding_models
from app.core.catalog.library import LocalModel
from app.ui.words.collections import best_available, download_label, download_text


class EmbeddingModelBox(QWidget):
    """Picks ``Settings.embedding_model`` (None: the best the library has)."""

    chosen = Signal(object)  # str (a library name) or None
    downloadRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.tr("Embedding model"))
        self.combo.setToolTip(self.tr("The model that turns passages into vectors for search. "
                                      "Changing it means rebuilding the collections."))
        label = QLabel(self.tr("Embedding model:"), self)
        label.setBuddy(self.combo)
        self.download = QPushButton(download_label(), self)
        self.download.setAccessibleName(download_label())
        self.download.setAutoDefault(False)
        self.download.clicked.connect(self.downloadRequested)
        self.note = QLabel(self)
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        row.addWidget(self.download)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self._current: str | None = None
        self.combo.activated.connect(self._on_activated)
        self.set_models([], None)

    def set_models(self, library: Sequence[LocalModel], current: str | None) -> None:
        """List the library's embedding models; ``current``: the setting (None: best)."""
        self._current = current
        models = embedding_models(library)
        best = choose_embedding_model(library, None)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(best_available(best.name if best else None), None)
        for model in models:
            self.combo.addItem(model.name, model.name)
        if current and self.combo.findData(current) < 0:
            self.combo.addItem(current, current)  # a path set by hand: still shown
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)) if current else 0)
        self.combo.blockSignals(False)
        none = not models and not current
        self.download.setVisible(none)
        self.note.setVisible(none)
        if none and not self.note.text():
            self.note.setText(self.tr("The library has no embedding model yet. Qwen3-Embedding-"
                                      "0.6B reads Korean, English and 100 other languages."))

    def show_download(self, done: int, total: int, finished: bool = False,
                      error: str = "") -> None:
        """The recommended model's download progress (or its end, or why it failed)."""
        self.note.setVisible(True)
        if error:
            self.note.setText(error)
            self.download.setEnabled(True)
        elif finished:
            self.note.setText(self.tr("The embedding model is downloaded."))
        else:
            self.note.setText(download_text(done, total))
            self.download.setEnabled(False)

    def _on_activated(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value != self._current:
            self._current = value
            self.chosen.emit(value)
