"""The parameter panel: this chat's system prompt, temperature, answer length and context
first; the other sampling knobs and the load settings under "Advanced", closed at first.

Each knob says in plain words what it does to the choice of the next token (the decoding step:
the model gives every possible next token a probability; these settings decide which one is
picked). Values are read and written as ``SamplingParams`` / ``LoadParams``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.types.params import KV_CACHE_TYPES, LoadParams, SamplingParams
from app.ui.disclosure import Disclosure
from app.ui.speculation_box import SpeculationBox


def _narrow(box: QAbstractSpinBox) -> None:
    # A spin box asks for room for its largest value (2^31 for the seed); let it shrink so
    # the panel fits its column without a sideways scroll.
    box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    box.setMinimumWidth(72)
    # A typed value counts when it is finished (Enter, or focus elsewhere), not per keystroke.
    box.setKeyboardTracking(False)


def _double(low: float, high: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    _narrow(box)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    return box


def _int(low: int, high: int, step: int = 1, special: str = "") -> QSpinBox:
    box = QSpinBox()
    _narrow(box)
    box.setRange(low, high)
    box.setSingleStep(step)
    if special:
        box.setSpecialValueText(special)
    return box


class ParamsPanel(QScrollArea):
    """Every sampling and load parameter, plus the chat's system prompt and context gauge;
    the knobs most people never touch sit in a closed "Advanced" section."""

    samplingEdited = Signal()
    loadEdited = Signal()
    reloadRequested = Signal()
    resetRequested = Signal()
    presetChosen = Signal(str)
    savePresetRequested = Signal()
    systemPromptEdited = Signal(str)
    policyEdited = Signal(str)
    advancedToggled = Signal(bool)  # the user opened or closed "Advanced"
    candidatesEdited = Signal(int)  # candidates kept per token of an answer (0: none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(280)
        self.setAccessibleName(self.tr("Parameters"))
        self._updating = False  # True while values are shown, not edited
        body = QWidget()
        layout = QVBoxLayout(body)
        self._make_sampling_knobs()
        layout.addWidget(self._chat_group())
        layout.addWidget(self._preset_group())
        # Everything a first-time user need not touch, behind one closed header.
        self.advanced = QWidget()
        advanced_layout = QVBoxLayout(self.advanced)
        advanced_layout.setContentsMargins(0, 0, 0, 0)
        advanced_layout.addWidget(self._sampling_group())
        self.load_group = self._load_group()
        advanced_layout.addWidget(self.load_group)
        self.advanced_button = Disclosure(self.tr("Advanced"), self.advanced)
        self.advanced_button.setToolTip(self.tr(
            "More sampling settings (top K, top P, min P, penalties, seed, stop strings) and "
            "how the model is loaded"))
        self.advanced_button.setAccessibleDescription(self.advanced_button.toolTip())
        self.advanced_button.toggled.connect(lambda on: self._emit(self.advancedToggled, on))
        layout.addWidget(self.advanced_button)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        self.setWidget(body)
        self._show_no_plan()

    # -- groups ----------------------------------------------------------------------------

    def _chat_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("This chat"))
        form = QFormLayout(group)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("System prompt: how the assistant should "
                                                      "behave in this chat"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setFixedHeight(70)
        self.system_prompt.setTabChangesFocus(True)
        self.policy = QComboBox()
        self.policy.addItem(self.tr("Drop the oldest turns"), "drop_oldest")
        self.policy.addItem(self.tr("Stop at the limit"), "stop_at_limit")
        self.policy.setAccessibleName(self.tr("When the chat outgrows the context"))
        self.policy.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.policy.setMinimumContentsLength(8)
        self.policy.setToolTip(self.tr("When the conversation no longer fits the context window: "
                                       "forget the oldest turns (the system prompt is kept), or "
                                       "stop and say so."))
        self.gauge = QProgressBar()
        self.gauge.setFormat(self.tr("%v / %m tokens"))
        self.gauge.setRange(0, 1)
        self.gauge.setValue(0)
        self.gauge.setAccessibleName(self.tr("Context used"))
        self.gauge.setToolTip(self.tr("How much of the model's context window the conversation "
                                      "took in the last answer"))
        form.addRow(self.system_prompt)
        self._add_knobs(form, self._basic_knobs)
        form.addRow(self.tr("Overflow"), self.policy)
        form.addRow(self.tr("Context"), self.gauge)
        self.system_prompt.textChanged.connect(
            lambda: self._emit(self.systemPromptEdited, self.system_prompt.toPlainText()))
        self.policy.currentIndexChanged.connect(
            lambda _i: self._emit(self.policyEdited, self.policy.currentData()))
        return group

    def _preset_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Preset"))
        row = QHBoxLayout(group)
        self.presets = QComboBox()
        self.presets.setAccessibleName(self.tr("Preset"))
        self.presets.setPlaceholderText(self.tr("Choose a preset"))
        self.presets.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.presets.setMinimumContentsLength(6)
        self.save_preset = QPushButton(self.tr("Save…"))
        self.save_preset.setToolTip(self.tr("Save the current sampling settings as a preset"))
        self.reset = QPushButton(self.tr("Reset"))
        self.reset.setToolTip(self.tr("Back to this model's defaults"))
        row.addWidget(self.presets, 1)
        row.addWidget(self.save_preset)
        row.addWidget(self.reset)
        self.presets.activated.connect(
            lambda _i: self.presetChosen.emit(self.presets.currentData()))
        self.save_preset.clicked.connect(self.savePresetRequested)
        self.reset.clicked.connect(self.resetRequested)
        return group

    def _make_sampling_knobs(self) -> None:
        """Every sampling knob, with the words that explain it: temperature and max tokens
        are shown first (``_basic_knobs``), the rest under Advanced (``_advanced_knobs``)."""
        self.temperature = _double(0, 2, 0.05)
        self.top_k = _int(0, 1000, special=self.tr("off"))
        self.top_p = _double(0.01, 1, 0.01)
        self.min_p = _double(0, 1, 0.01)
        self.repeat_penalty = _double(0.5, 2, 0.05)
        self.presence_penalty = _double(-2, 2, 0.1)
        self.frequency_penalty = _double(-2, 2, 0.1)
        self.max_tokens = _int(0, 131072, 64, special=self.tr("until full"))
        self.seed = _int(-1, 2**31 - 1, special=self.tr("random"))
        self.candidates = _int(0, 20, special=self.tr("none"))
        self.stop = QPlainTextEdit()
        self.stop.setFixedHeight(48)
        self.stop.setTabChangesFocus(True)
        self._basic_knobs: list[tuple[str, QWidget, str]] = [
            (self.tr("Temperature"), self.temperature, self.tr(
                "How adventurous the next-token choice is. 0 always takes the most likely "
                "token; higher values flatten the odds so less likely words get picked too.")),
            (self.tr("Max tokens"), self.max_tokens, self.tr(
                "The longest answer, in tokens.")),
        ]
        self._advanced_knobs: list[tuple[str, QWidget, str]] = [
            (self.tr("Top K"), self.top_k, self.tr(
                "Only the K most likely next tokens are considered.")),
            (self.tr("Top P"), self.top_p, self.tr(
                "Only the most likely tokens that together make up this share of the "
                "probability are considered (0.95 = drop the unlikely last 5%).")),
            (self.tr("Min P"), self.min_p, self.tr(
                "Drop tokens less likely than this fraction of the most likely one's "
                "probability (0.05 = at least 1/20 as likely as the best).")),
            (self.tr("Repeat penalty"), self.repeat_penalty, self.tr(
                "Makes tokens that appeared recently less likely (1 = off).")),
            (self.tr("Presence penalty"), self.presence_penalty, self.tr(
                "Lowers the odds of any token that already appeared, once.")),
            (self.tr("Frequency penalty"), self.frequency_penalty, self.tr(
                "Lowers the odds of a token more each time it appears.")),
            (self.tr("Seed"), self.seed, self.tr(
                "A fixed seed makes the same settings give the same answer.")),
            (self.tr("Stop strings"), self.stop, self.tr(
                "One per line: the answer ends where one of these appears.")),
            (self.tr("Candidates per token"), self.candidates, self.tr(
                "How many likely tokens are kept beside each token of an answer, for its "
                "probabilities (0 = none are kept).")),
        ]
        for box in (self.temperature, self.top_p, self.min_p, self.repeat_penalty,
                    self.presence_penalty, self.frequency_penalty):
            box.valueChanged.connect(lambda _v: self._emit(self.samplingEdited))
        for ibox in (self.top_k, self.max_tokens, self.seed):
            ibox.valueChanged.connect(lambda _v: self._emit(self.samplingEdited))
        self.stop.textChanged.connect(lambda: self._emit(self.samplingEdited))
        self.candidates.valueChanged.connect(lambda v: self._emit(self.candidatesEdited, v))

    @staticmethod
    def _add_knobs(form: QFormLayout, knobs: list[tuple[str, QWidget, str]]) -> None:
        for label, widget, tip in knobs:
            widget.setToolTip(tip)
            widget.setAccessibleName(label)
            widget.setAccessibleDescription(tip)
            form.addRow(label, widget)

    def _sampling_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Sampling"))
        self._add_knobs(QFormLayout(group), self._advanced_knobs)
        return group

    def _load_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Loading"))
        form = QFormLayout(group)
        self.n_ctx = _int(256, 1_048_576, 256)
        self.n_threads = _int(1, 512)
        self.n_batch = _int(16, 8192, 16)
        self.n_gpu_layers = _int(-1, 999)
        self.flash_attn = QCheckBox(self.tr("Flash attention"))
        self.kv_type = QComboBox()
        self.kv_type.addItems(list(KV_CACHE_TYPES))
        self.use_mmap = QCheckBox(self.tr("Memory-map the file"))
        self.use_mlock = QCheckBox(self.tr("Keep in RAM (mlock)"))
        self.apply_load = QPushButton(self.tr("Reload model to apply"))
        self.apply_load.hide()
        rows = [
            (self.tr("Context length"), self.n_ctx, self.tr(
                "How many tokens the model can see at once: the conversation plus the answer. "
                "Longer needs more memory.")),
            (self.tr("CPU threads"), self.n_threads, self.tr("Threads used for computing.")),
            (self.tr("Batch size"), self.n_batch, self.tr(
                "Prompt tokens processed per step.")),
            (self.tr("GPU layers"), self.n_gpu_layers, self.tr(
                "How many layers run on the GPU; the rest run on the CPU.")),
            (self.tr("KV cache type"), self.kv_type, self.tr(
                "f16 is exact; q8_0 / q4_0 use less memory for long contexts.")),
        ]
        for label, widget, tip in rows:
            widget.setToolTip(tip)
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        for check in (self.flash_attn, self.use_mmap, self.use_mlock):
            check.setAccessibleName(check.text())
            form.addRow(check)
            check.toggled.connect(lambda _c: self._emit(self.loadEdited))
        self.speculation = SpeculationBox()  # an advanced knob: prompt lookup and the draft
        self.speculation.edited.connect(lambda: self._emit(self.loadEdited))
        form.addRow(self.speculation)
        form.addRow(self.apply_load)
        for ibox in (self.n_ctx, self.n_threads, self.n_batch, self.n_gpu_layers):
            ibox.valueChanged.connect(lambda _v: self._emit(self.loadEdited))
        self.kv_type.currentIndexChanged.connect(lambda _i: self._emit(self.loadEdited))
        self.apply_load.clicked.connect(self.reloadRequested)
        return group

    def set_advanced_open(self, open_: bool) -> None:
        """Open or close the Advanced section without announcing it as the user's choice."""
        self._updating = True
        try:
            self.advanced_button.setChecked(open_)
        finally:
            self._updating = False

    # -- values ----------------------------------------------------------------------------

    def _emit(self, signal: Signal, *args: object) -> None:
        if not self._updating:
            signal.emit(*args)

    def sampling(self) -> SamplingParams:
        """The sampling knobs as parameters."""
        stops = tuple(s for s in self.stop.toPlainText().splitlines() if s)
        return SamplingParams(
            temperature=self.temperature.value(), top_k=self.top_k.value(),
            top_p=self.top_p.value(), min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
            presence_penalty=self.presence_penalty.value(),
            frequency_penalty=self.frequency_penalty.value(),
            max_tokens=self.max_tokens.value() or None,
            seed=None if self.seed.value() < 0 else self.seed.value(), stop=stops)

    def set_sampling(self, params: SamplingParams) -> None:
        """Show ``params`` without emitting edit signals."""
        self._updating = True
        try:
            self.temperature.setValue(params.temperature)
            self.top_k.setValue(params.top_k)
            self.top_p.setValue(params.top_p)
            self.min_p.setValue(params.min_p)
            self.repeat_penalty.setValue(params.repeat_penalty)
            self.presence_penalty.setValue(params.presence_penalty)
            self.frequency_penalty.setValue(params.frequency_penalty)
            self.max_tokens.setValue(params.max_tokens or 0)
            self.seed.setValue(-1 if params.seed is None else params.seed)
            self.stop.setPlainText("\n".join(params.stop))
        finally:
            self._updating = False

    def load_values(self) -> dict[str, object]:
        """The load knobs, by ``LoadOverrides`` field name."""
        return {"n_ctx": self.n_ctx.value(), "n_threads": self.n_threads.value(),
                "n_batch": self.n_batch.value(), "n_gpu_layers": self.n_gpu_layers.value(),
                "flash_attn": self.flash_attn.isChecked(),
                "kv_cache_type": self.kv_type.currentText(),
                "use_mmap": self.use_mmap.isChecked(), "use_mlock": self.use_mlock.isChecked(),
                **self.speculation.values()}

    def _show_no_plan(self) -> None:
        """Before the first model is planned there are no load values to show: dashes, not
        the boxes' minimums, and a greyed-out group."""
        self._updating = True
        try:
            for box in (self.n_ctx, self.n_threads, self.n_batch, self.n_gpu_layers):
                box.setSpecialValueText("—")  # shown while a box is at its minimum
                box.setValue(box.minimum())
            self.load_group.setEnabled(False)
            self.gauge.setFormat("—")
        finally:
            self._updating = False

    def set_load(self, params: LoadParams) -> None:
        """Show the load parameters in use, without emitting edit signals."""
        self._updating = True
        try:
            for box in (self.n_ctx, self.n_threads, self.n_batch):
                box.setSpecialValueText("")
            self.n_gpu_layers.setSpecialValueText(self.tr("all"))  # -1: every layer
            self.load_group.setEnabled(True)
            self.n_ctx.setValue(params.n_ctx)
            self.n_threads.setValue(params.n_threads)
            self.n_batch.setValue(params.n_batch)
            self.n_gpu_layers.setValue(params.n_gpu_layers)
            self.flash_attn.setChecked(params.flash_attn)
            self.kv_type.setCurrentText(params.kv_cache_type)
            self.use_mmap.setChecked(params.use_mmap)
            self.use_mlock.setChecked(params.use_mlock)
            self.speculation.set_values(params.draft_model, params.prompt_lookup)
            self.apply_load.hide()
        finally:
            self._updating = False

    def set_chat(self, system_prompt: str, policy: str) -> None:
        """Show a chat's own settings, without emitting edit signals."""
        self._updating = True
        try:
            self.system_prompt.setPlainText(system_prompt)
            index = self.policy.findData(policy)
            self.policy.setCurrentIndex(max(index, 0))
        finally:
            self._updating = False

    def set_presets(self, presets: list[tuple[str, str, str]]) -> None:
        """The presets to offer (built-ins first): (name, shown label, description)."""
        self.presets.clear()
        for name, label, description in presets:
            self.presets.addItem(label, name)  # chosen by name, shown in the user's language
            if description:
                self.presets.setItemData(self.presets.count() - 1, description,
                                         Qt.ItemDataRole.ToolTipRole)
        self.presets.setCurrentIndex(-1)

    def set_context_usage(self, used: int, n_ctx: int) -> None:
        """The gauge: tokens the last prompt and answer took, of the context length."""
        self.gauge.setFormat(self.tr("%v / %m tokens"))
        if n_ctx <= 0:  # a remote server that does not say its context length
            self.gauge.setFormat(self.tr("{n} tokens · context length unknown").format(n=used))
        self.gauge.setRange(0, max(n_ctx, 1))
        self.gauge.setValue(min(used, n_ctx))

