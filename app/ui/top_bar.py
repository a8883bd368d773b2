"""The bar above the chat: model picker, Load / Eject, load progress, device and memory."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog.library import LocalModel
from app.core.formats.memory import format_bytes
from app.ui.models import ListModel


def _model_label(model: LocalModel) -> str:
    quant = f" · {model.quant}" if model.quant else ""
    return f"{model.path.stem}{quant} · {format_bytes(model.size_bytes)}"


class TopBar(QWidget):
    """Pick a local model, load or eject it, and see what runs it and why."""

    loadRequested = Signal(object)  # LocalModel
    ejectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models = ListModel[LocalModel](_model_label, lambda m: str(m.path))
        self.picker = QComboBox(self)
        self.picker.setModel(self.models)
        self.picker.setAccessibleName(self.tr("Model"))
        self.picker.setToolTip(self.tr("The model to chat with (from your library)"))
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(16)
        self.picker.setMaximumWidth(300)
        self.load_button = QPushButton(self.tr("Load"), self)
        self.load_button.setAccessibleName(self.tr("Load the selected model"))
        self.eject_button = QPushButton(self.tr("Eject"), self)
        self.eject_button.setAccessibleName(self.tr("Unload the model and free its memory"))
        self.eject_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(120)
        self.progress.setAccessibleName(self.tr("Loading progress"))
        self.progress.hide()
        self.status = QLabel(self.tr("No model loaded"), self)
        self.status.setAccessibleName(self.tr("Model status"))
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reason = QLabel("", self)
        self.reason.setStyleSheet("color: gray")
        self.reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reason.setAccessibleName(self.tr("Why this device"))

        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.load_button)
        row.addWidget(self.eject_button)
        row.addWidget(self.progress)
        info = QVBoxLayout()
        info.setSpacing(0)
        info.addWidget(self.status)
        info.addWidget(self.reason)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(row, 0)
        layout.addLayout(info, 1)
        self.load_button.clicked.connect(self._request_load)
        self.eject_button.clicked.connect(self.ejectRequested)

    def set_models(self, models: list[LocalModel], current: str | None = None) -> None:
        """Fill the picker with usable models; select ``current`` (a library name) if given."""
        usable = [m for m in models if m.usable and m.format == "gguf"]  # what llama.cpp runs
        self.models.set_items(usable)
        names = [m.name for m in usable]
        if current in names:
            self.picker.setCurrentIndex(names.index(current))

    def selected(self) -> LocalModel | None:
        """The model shown in the picker."""
        return self.models.item(self.picker.currentIndex())

    def _request_load(self) -> None:
        model = self.selected()
        if model is not None:
            self.loadRequested.emit(model)

    def show_loading(self, name: str, fraction: float) -> None:
        """Loading ``name``: the progress bar shows how far."""
        self.progress.show()
        self.progress.setValue(int(fraction * 100))
        self.status.setText(self.tr("Loading {name}…").format(name=name))
        self.load_button.setEnabled(False)

    def show_loaded(self, name: str, reason: str, memory_bytes: int) -> None:
        """Loaded: name, memory taken, and the device line."""
        self.progress.hide()
        self.status.setText(self.tr("{name} · {memory} in memory").format(
            name=name, memory=format_bytes(memory_bytes)))
        self.reason.setText(reason)
        self.reason.setToolTip(reason)
        self.load_button.setEnabled(True)
        self.eject_button.setEnabled(True)

    def show_unloaded(self, message: str | None = None) -> None:
        """Nothing loaded (optionally why: an error sentence)."""
        self.progress.hide()
        self.status.setText(message or self.tr("No model loaded"))
        self.reason.setText("")
        self.load_button.setEnabled(True)
        self.eject_button.setEnabled(False)
