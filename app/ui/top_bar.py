"""The bar above the chat: model picker, Load / Eject, load progress, device and memory."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog.groups import ModelGroup, group_library
from app.core.catalog.library import LocalModel
from app.core.errors import OndolError
from app.core.planning.load_plan import LoadPlan
from app.ui.elided_label import ElidedLabel
from app.ui.icons import set_icon
from app.ui.models import ListModel
from app.ui.words.errors import error_text
from app.ui.words.planning import reason_text
from app.ui.words.sizes import format_size
from app.ui.words.templates import template_notice_tip

RUNNABLE_FORMATS = ("gguf", "onnx")


def _group_label(group: ModelGroup) -> str:
    if len(group.variants) == 1:
        variant = group.variants[0]
        return f"{group.name} · {variant.label} · {format_size(variant.size_bytes)}"
    return QCoreApplication.translate("TopBar", "{name} · {count} variants").format(
        name=group.name, count=len(group.variants))


class TopBar(QWidget):
    """Pick a local model, load or eject it, and see what runs it and why."""

    loadRequested = Signal(object, object)  # ModelGroup, pinned variant key (None: Auto)
    ejectRequested = Signal()
    pickerRequested = Signal()  # open the searchable model picker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models = ListModel[ModelGroup](_group_label, lambda g: g.key)
        self.picker = QComboBox(self)
        self.picker.setModel(self.models)
        self.picker.setAccessibleName(self.tr("Model"))
        self.picker.setToolTip(self.tr("The model to chat with (from your library)"))
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(16)
        self.picker.setMaximumWidth(460)  # "name · format quant · size" whole, for most names
        self._own_tip = self.picker.toolTip()
        self._remote: str | None = None  # the remote model shown in the picker, if loaded
        self.find_button = QToolButton(self)
        set_icon(self.find_button, "search")
        self.find_button.setAccessibleName(self.tr("Search models"))
        self.find_button.setToolTip(self.tr("Search your models (Ctrl+L)"))
        self.find_button.clicked.connect(self.pickerRequested)
        # Auto, or one variant pinned; shown when the model has more than one variant.
        self.variant_picker = QComboBox(self)
        self.variant_picker.setAccessibleName(self.tr("Variant"))
        self.variant_picker.setToolTip(self.tr(
            "Auto measures each variant on this computer and runs the fastest that fits; "
            "or pick one yourself"))
        self.variant_picker.hide()
        self.picker.currentIndexChanged.connect(self._fill_variants)
        self.load_button = QPushButton(self.tr("Load"), self)
        self.load_button.setAccessibleName(self.tr("Load the selected model"))
        set_icon(self.load_button, "play")
        self.eject_button = QPushButton(self.tr("Eject"), self)
        set_icon(self.eject_button, "eject")
        self.eject_button.setAccessibleName(self.tr("Unload the model and free its memory"))
        self.eject_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(120)
        self.progress.setAccessibleName(self.tr("Loading progress"))
        self.progress.hide()
        self.status = QLabel(self.tr("No model loaded"), self)
        self.status.setAccessibleName(self.tr("Model status"))
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.reason = ElidedLabel("", self)  # cut with "…" in a narrow window, whole in its tip
        self.reason.setProperty("role", "muted")
        self.reason.setAccessibleName(self.tr("Why this device"))
        # The model runs with Ondol's template instead of its own: said where the model is.
        self.template_note = QLabel("", self)
        self.template_note.setObjectName("templateNote")
        self.template_note.setProperty("role", "warning")
        self.template_note.setWordWrap(True)
        self.template_note.setAccessibleName(self.tr("Chat template"))
        self.template_note.setToolTip(template_notice_tip())
        self.template_note.hide()

        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.find_button)
        row.addStretch(0)
        row.addWidget(self.variant_picker)
        row.addWidget(self.load_button)
        row.addWidget(self.eject_button)
        row.addWidget(self.progress)
        # Status and reason get a line of their own: Auto's reason compares builds and is long.
        info = QHBoxLayout()
        info.setSpacing(12)
        info.addWidget(self.status, 0)
        info.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(info)
        layout.addWidget(self.template_note)
        self.load_button.clicked.connect(self._request_load)
        self.eject_button.clicked.connect(self.ejectRequested)

    def set_models(self, models: list[LocalModel], current: str | None = None) -> None:
        """Fill the picker with the library's models, grouped by base model (GGUF and ONNX
        builds of one model are one entry); select the group holding ``current`` (a library
        name) if given."""
        usable = [m for m in models if m.usable and m.format in RUNNABLE_FORMATS]
        groups = group_library(usable)
        self.models.set_items(groups)
        for row, group in enumerate(groups):
            if any(v.model.name == current for v in group.variants):
                self.picker.setCurrentIndex(row)
        if self._remote is not None:  # a remote model stays what the picker shows
            self.picker.setCurrentIndex(-1)
        self._fill_variants()

    def selected(self) -> ModelGroup | None:
        """The model (group) shown in the picker."""
        return self.models.item(self.picker.currentIndex())

    def pinned_variant(self) -> str | None:
        """The pinned variant's key, or None for Auto."""
        return self.variant_picker.currentData()

    def _fill_variants(self) -> None:
        group = self.selected()
        self.variant_picker.clear()
        if group is None or len(group.variants) < 2:
            self.variant_picker.hide()
            return
        self.variant_picker.addItem(self.tr("Auto"), None)
        for variant in group.variants:
            self.variant_picker.addItem(
                f"{variant.long_label} · {format_size(variant.size_bytes)}", variant.key)
        self.variant_picker.show()

    def choose(self, group: ModelGroup) -> None:
        """Select ``group`` (Auto for its variants) and load it, as picking it and pressing Load
        would; a model no longer in the list is ignored."""
        row = next((r for r, g in enumerate(self.models.items()) if g.key == group.key), None)
        if row is None:
            return
        self.picker.setCurrentIndex(row)
        self.variant_picker.setCurrentIndex(0)
        self._request_load()

    def _request_load(self) -> None:
        group = self.selected()
        if group is not None:
            self.loadRequested.emit(group, self.pinned_variant())

    def show_calibrating(self, name: str, index: int, total: int) -> None:
        """Auto is measuring the variants (a few seconds each)."""
        self.progress.show()
        self.progress.setValue(int(100 * index / max(total, 1)))
        self.status.setText(self.tr("Measuring speed {index}/{total}: {name}…").format(
            index=index + 1, total=total, name=name))
        self.load_button.setEnabled(False)

    def show_loading(self, name: str, fraction: float) -> None:
        """Loading ``name``: the progress bar shows how far."""
        self.progress.show()
        self.progress.setValue(int(fraction * 100))
        self.status.setText(self.tr("Loading {name}…").format(name=name))
        self.show_template_notice("")
        self.load_button.setEnabled(False)

    def show_loaded(self, name: str, reason: str, memory_bytes: int) -> None:
        """Loaded: name, memory taken, and the device line."""
        self.progress.hide()
        self.status.setText(self.tr("{name} · {memory} in memory").format(
            name=name, memory=format_size(memory_bytes)))
        self.reason.set_text(reason)
        self.load_button.setEnabled(True)
        self.eject_button.setEnabled(True)

    def show_template_notice(self, text: str) -> None:
        """The loaded model's chat template is not its own (``text`` says why), or "": it is."""
        self.template_note.setText(text)
        self.template_note.setVisible(bool(text))

    def show_model(self, model: LocalModel, plan: LoadPlan) -> None:
        """``model`` is loaded with ``plan``."""
        if self._remote is not None:  # back from a remote model: the picker shows this one
            self._end_remote()
            row = next((r for r, g in enumerate(self.models.items())
                        if any(v.model.name == model.name for v in g.variants)), None)
            if row is not None:
                self.picker.setCurrentIndex(row)
        self.show_loaded(model.path.stem, reason_text(plan.reason), plan.estimate.total_bytes)

    def show_remote(self, model_id: str, connection: str) -> None:
        """A remote model is loaded: the picker and the status line name it, marked remote."""
        self._remote = f"{model_id} · {connection}"
        shown = self.tr("{model} · remote, on {connection}").format(model=model_id,
                                                                   connection=connection)
        self.picker.setPlaceholderText(shown)  # what a combo shows with no row chosen
        self.picker.setCurrentIndex(-1)
        self.picker.setToolTip(self.tr("A model on the server of the connection {connection}; "
                                       "pick another model to leave it").format(
                                           connection=connection))
        self.picker.setAccessibleDescription(shown)
        self.show_loaded(self._remote, "", 0)
        self.status.setText(shown)

    def showing_remote(self) -> str | None:
        """"<model> · <connection>" while the picker shows a remote model, else None."""
        return self._remote

    def _end_remote(self) -> None:
        self._remote = None
        self.picker.setPlaceholderText("")
        self.picker.setToolTip(self._own_tip)
        self.picker.setAccessibleDescription("")

    def show_failed(self, error: OndolError) -> None:
        """A load failed: nothing is loaded; say why."""
        self.show_unloaded(error_text(error))

    def show_unloaded(self, message: str | None = None) -> None:
        """Nothing loaded (optionally why: an error sentence)."""
        if self._remote is not None:
            self._end_remote()
            self.picker.setCurrentIndex(0 if self.models.rowCount() else -1)
        self.progress.hide()
        self.status.setText(message or self.tr("No model loaded"))
        self.reason.set_text("")
        self.show_template_notice("")
        self.load_button.setEnabled(True)
        self.eject_button.setEnabled(False)
