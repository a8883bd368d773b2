"""The playground's four sliders (temperature, top-k, top-p, min-p), each with its value and a
quiet line that says in plain words what it does."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QWidget

from app.core.types.params import SamplingParams
from app.ui.style.tokens import METRICS
from app.ui.words import decoding as words
from app.ui.words.sizes import format_number


@dataclass(frozen=True)
class Knob:
    """A slider's range: integer steps of ``scale`` from ``low`` to ``high``."""

    name: str
    low: int
    high: int
    scale: float  # value = step * scale
    decimals: int


KNOBS = (Knob("temperature", 0, 200, 0.01, 2), Knob("top_k", 0, 200, 1.0, 0),
         Knob("top_p", 1, 100, 0.01, 2), Knob("min_p", 0, 50, 0.01, 2))


class KnobsPanel(QWidget):
    """Sliders for the four decoding knobs; ``changed`` whenever one moves."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sliders: dict[str, QSlider] = {}
        self._values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(METRICS.space_m)
        grid.setVerticalSpacing(METRICS.space_xs)
        for row, knob in enumerate(KNOBS):
            title = QLabel(words.knob_name(knob.name), self)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(knob.low, knob.high)
            slider.setAccessibleName(words.knob_name(knob.name))
            slider.setAccessibleDescription(words.knob_help(knob.name))
            slider.setToolTip(words.knob_help(knob.name))
            title.setBuddy(slider)
            value = QLabel(self)
            value.setMinimumWidth(self.fontMetrics().horizontalAdvance("0.000"))
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            note = QLabel(words.knob_help(knob.name), self)
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            grid.addWidget(title, row * 2, 0)
            grid.addWidget(slider, row * 2, 1)
            grid.addWidget(value, row * 2, 2)
            grid.addWidget(note, row * 2 + 1, 1, 1, 2)
            self.sliders[knob.name], self._values[knob.name] = slider, value
            slider.valueChanged.connect(lambda _v, k=knob: self._moved(k))
        grid.setColumnStretch(1, 1)
        for knob in KNOBS:
            self._show_value(knob)

    def set_values(self, params: SamplingParams) -> None:
        """Put ``params``' four knobs on the sliders (clamped to their ranges), quietly.

        Raises:
            nothing.
        """
        for knob in KNOBS:
            slider = self.sliders[knob.name]
            slider.blockSignals(True)
            slider.setValue(round(float(getattr(params, knob.name)) / knob.scale))
            slider.blockSignals(False)
            self._show_value(knob)

    def values(self) -> SamplingParams:
        """The four knobs as sampling values (the others at their defaults).

        Raises:
            nothing.
        """
        got = {knob.name: self.sliders[knob.name].value() * knob.scale for knob in KNOBS}
        return SamplingParams(temperature=round(got["temperature"], 2),
                              top_k=round(got["top_k"]), top_p=round(got["top_p"], 2),
                              min_p=round(got["min_p"], 2))

    def _moved(self, knob: Knob) -> None:
        self._show_value(knob)
        self.changed.emit()

    def _show_value(self, knob: Knob) -> None:
        value = self.sliders[knob.name].value() * knob.scale
        self._values[knob.name].setText(format_number(value, knob.decimals))
