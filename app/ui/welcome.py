"""First start: what Ondol found on this machine and what will run the starter model, and why.

The box must not swallow what the user types while it is shown: typing (an input method's
syllables included) goes to where the window's keyboard focus was — the message box — and the
box closes; Enter never presses "Start chatting" by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.core.hardware.profile import HardwareProfile
from app.core.planning.load_plan import LoadPlan
from app.ui.words.planning import reason_text
from app.ui.words.sizes import format_size


class WelcomeDialog(QDialog):
    """Shown once, on the first start."""

    def __init__(self, profile: HardwareProfile, plan: LoadPlan | None,
                 parent: QWidget | None = None, typing_target: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Ondol"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Ondol runs language models on this computer. Nothing you type "
                               "leaves it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        found = QLabel("<b>" + self.tr("What Ondol found") + "</b><br>"
                       + "<br>".join(self.hardware_lines(profile)))
        found.setAccessibleName(self.tr("Detected hardware"))
        layout.addWidget(found)
        if plan is not None:
            runs = QLabel("<b>" + self.tr("The starter model") + "</b><br>"
                          + self.tr("SmolLM2 135M Instruct, small and quick, runs on: {reason}. "
                                    "It needs about {memory}.").format(
                              reason=reason_text(plan.reason),
                              memory=format_size(plan.estimate.total_bytes)))
            runs.setWordWrap(True)
            layout.addWidget(runs)
        hint = QLabel(self.tr("Just start typing: your words go to the message box."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("Start chatting"))
        # Enter is forwarded with the typing (it sends the message), so it must not press this.
        self.start_button.setAutoDefault(False)
        self.start_button.setDefault(False)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        # The box itself holds the focus, so an input method composes through it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        # Where typing goes: the message box (or whatever had the keyboard before the box).
        self._target = typing_target or (parent.focusWidget() if parent is not None else None)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: the keyboard goes to the box (and from there to the message box)."""
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typed text and Enter close the box and go on to the message box."""
        text = event.text()
        typed = bool(text) and (text.isprintable() or event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter))
        if typed and self._target is not None and event.key() != Qt.Key.Key_Escape:
            self._hand_over(event)
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """An input method's syllables go to the message box; the box closes once nothing is
        being composed (closing mid-syllable could lose it)."""
        if self._target is None:
            super().inputMethodEvent(event)
            return
        QCoreApplication.sendEvent(self._target, event)
        if not event.preeditString():
            self._hand_over(None)

    def _hand_over(self, event: QKeyEvent | None) -> None:
        """Close, focus the message box, and give it the key that closed the box."""
        target = self._target
        assert target is not None
        self.accept()
        target.activateWindow()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if event is not None:
            QCoreApplication.sendEvent(target, event)

    def hardware_lines(self, profile: HardwareProfile) -> list[str]:
        """CPU, RAM and GPU in a few short lines."""
        features = ", ".join(profile.cpu_features) or self.tr("no AVX2, AVX-512 or NEON")
        lines = [
            self.tr("CPU: {model} — {cores} cores ({features})").format(
                model=profile.cpu_model, cores=profile.physical_cores, features=features),
            self.tr("Memory: {total} ({available} free)").format(
                total=format_size(profile.ram_total_bytes),
                available=format_size(profile.ram_available_bytes)),
        ]
        if not profile.gpus:
            lines.append(self.tr("GPU: none found"))
        for gpu in profile.gpus:
            vram = format_size(gpu.vram_total_bytes) if gpu.vram_total_bytes else "?"
            lines.append(self.tr("GPU: {name} ({vram})").format(name=gpu.name, vram=vram))
        return lines
