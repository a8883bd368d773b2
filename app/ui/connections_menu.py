"""Settings → Connections… in the window, and the format advisor's "Connect to a vLLM server".

``Connections.connectionsChanged`` fires whenever the dialog saved or removed something.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.core.settings.connections import ConnectionStore
from app.ui.background import Background

if TYPE_CHECKING:
    from app.ui.connections_dialog import ConnectionsDialog

VLLM_URL = "http://localhost:8000/v1"


class Connections(QObject):
    """Opens the one Connections dialog of a window."""

    connectionsChanged = Signal()

    def __init__(self, store: ConnectionStore, background: Background, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.background, self.window = store, background, window
        self.dialog: ConnectionsDialog | None = None

    def open(self) -> ConnectionsDialog:
        """Show the dialog (made on first use, so start-up does not pay for it)."""
        if self.dialog is None:
            from app.ui.connections_dialog import ConnectionsDialog  # made when first asked for

            self.dialog = ConnectionsDialog(self.store, self.background, self.window)
            self.dialog.connectionsChanged.connect(self.connectionsChanged)
        self.dialog.refresh(self.dialog.selected())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def add_vllm(self) -> ConnectionsDialog:
        """The dialog with its Add form open on a local vLLM server's address."""
        dialog = self.open()
        taken = {c.name.casefold() for c in self.store.list()}
        name = next(n for n in ("vLLM", *(f"vLLM {i}" for i in range(2, 100)), "")
                    if n.casefold() not in taken)
        dialog.add(VLLM_URL, name)
        return dialog


def wire_connections(parts: Any, window: Any) -> Connections:
    """Add Settings → Connections… and connect the advisor's vLLM button.

    Raises:
        nothing.
    """
    connections = Connections(ConnectionStore(parts.ctx.paths.connections_file),
                              parts.background, window)
    action = QAction(QCoreApplication.translate("Connections", "Connections…"), window)
    action.triggered.connect(connections.open)
    window.settings_menu.addAction(action)
    repo = getattr(getattr(parts.browser, "page", None), "repo", None)
    if repo is not None and hasattr(repo, "connectRequested"):
        repo.connectRequested.connect(connections.add_vllm)
    return connections
