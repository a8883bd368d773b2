"""For an AWQ or GPTQ repository: the ready ``vllm serve`` command for a GPU server, a Copy
button, and "Connect to a vLLM server" (the Connections dialog, its address filled in)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.catalog.advisor import vllm_command
from app.ui.icons import set_icon


class VllmBox(QWidget):
    """Hidden unless the repository holds AWQ or GPTQ weights."""

    connectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self.tr("On a computer with an NVIDIA GPU, vLLM serves this model "
                                    "with:"), self)
        self.intro.setWordWrap(True)
        self.command = QLabel("", self)
        self.command.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command.setAccessibleName(self.tr("vLLM command"))
        self.gpus = QLabel(self.tr("With several GPUs, add --tensor-parallel-size N (N: how many "
                                   "GPUs share the model, for example 2 or 4)."), self)
        self.gpus.setWordWrap(True)
        self.gpus.setProperty("role", "muted")
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setAccessibleName(self.tr("Copy the vLLM command"))
        set_icon(self.copy_button, "copy")
        self.connect_button = QPushButton(self.tr("Connect to a vLLM server…"), self)
        self.connect_button.setAccessibleName(self.tr("Connect to a vLLM server"))
        set_icon(self.connect_button, "server")
        row = QHBoxLayout()
        row.addWidget(self.command, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.gpus)
        self.copy_button.clicked.connect(self.copy)
        self.connect_button.clicked.connect(self.connectRequested)
        self.hide()

    def show_for(self, formats: Iterable[str], repo_id: str) -> None:
        """Show the command for this repository, or hide when it is not AWQ or GPTQ."""
        command = vllm_command(formats, repo_id)
        self.command.setText(command or "")
        self.setVisible(command is not None)

    def copy(self) -> None:
        """The command onto the clipboard."""
        QGuiApplication.clipboard().setText(self.command.text())
