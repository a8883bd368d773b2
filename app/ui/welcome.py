"""First start: what Ondol found on this machine and what will run the starter model, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.core.hardware.profile import HardwareProfile
from app.core.planning.load_plan import LoadPlan
from app.ui.words.planning import reason_text
from app.ui.words.sizes import format_size


class WelcomeDialog(QDialog):
    """Shown once, on the first start."""

    def __init__(self, profile: HardwareProfile, plan: LoadPlan | None,
                 parent: QWidget | None = None) -> None:
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start chatting"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

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
