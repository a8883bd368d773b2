"""Settings → Tools… in the window.

``ToolsEntry.toolsChanged`` fires after the dialog saved, so the window can restart its tool
servers with the new settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.tools_dialog import ToolsDialog


class ToolsEntry(QObject):
    """Opens the Tools dialog of a window, a fresh one each time (Cancel forgets edits)."""

    toolsChanged = Signal()

    def __init__(self, path: Path, window: QWidget) -> None:
        super().__init__(window)
        self.path, self.window = path, window
        self.dialog: ToolsDialog | None = None

    def open(self) -> ToolsDialog:
        """Show the dialog (read from the file each time; its modules are imported on first
        use, not at start-up)."""
        from app.core.settings.tool_servers import ToolSettingsStore
        from app.ui.tools_dialog import ToolsDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ToolsDialog(ToolSettingsStore(self.path), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.toolsChanged.connect(self.toolsChanged)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog


def wire_tools(parts: Any, window: Any) -> ToolsEntry:
    """Add Settings → Tools… to the window's Settings menu.

    Raises:
        nothing.
    """
    entry = ToolsEntry(parts.ctx.paths.tool_servers_file, window)
    action = QAction(QCoreApplication.translate("ToolServers", "Tools…"), window)
    action.triggered.connect(entry.open)
    window.settings_menu.addAction(action)
    return entry
