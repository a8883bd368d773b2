"""Settings → Tools: the tool servers (MCP) Ondol may use in chats, and how tools may be used.

The list shows each server's name, how it runs, whether it is on, and after a check its tools
or why it did not start. A check starts the server alone off the GUI thread (``tools_check``).
Nothing is saved until Save; then ``toolsChanged`` tells the window to restart its servers.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OndolError, ToolServerError
from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
from app.core.tools.config import ToolServer
from app.core.tools.results import ToolSpec
from app.ui.background import Background
from app.ui.style.tokens import colors
from app.ui.tools_check import ServerCheck
from app.ui.tools_import import merge_import
from app.ui.tools_parts import ToolRules, action_button, set_role
from app.ui.tools_server_form import ServerForm
from app.ui.words.errors import error_text
from app.ui.words.sizes import format_number
from app.ui.words.tool_config import how_it_runs, secrets_line


class ToolsDialog(QDialog):
    """Tool servers and tool rules; Save writes ``tool_servers.json``."""

    toolsChanged = Signal()

    def __init__(self, store: ToolSettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tools"))
        self.store = store
        self.settings: ToolSettings = deepcopy(store.load())
        self.background = Background(self)
        self.checks: dict[str, ServerCheck] = {}
        self.states: dict[str, tuple[str, str]] = {}  # name -> (text, role) after a check
        self.found: dict[str, list[ToolSpec]] = {}
        self._build()
        self._fill_servers()
        if store.newer_version is not None:
            self._notice(self.tr("The tool settings were saved by a newer Ondol; this one "
                                 "cannot change them."), "warning")
        elif store.recovered_from is not None:
            self._notice(self.tr("The saved tool settings were damaged and were put aside; "
                                 "Ondol started from none."), "warning")

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(self.tr("Tool servers give the model tools to use in a chat (MCP). "
                               "Ondol starts the servers that are on."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.servers = QTreeWidget()
        self.servers.setColumnCount(3)
        self.servers.setHeaderLabels([self.tr("Name"), self.tr("How it runs"),
                                      self.tr("State")])
        self.servers.setAccessibleName(self.tr("Tool servers"))
        self.servers.setRootIsDecorated(False)
        self.servers.setUniformRowHeights(True)
        self.servers.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.servers.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        self.servers.itemChanged.connect(self._on_item_changed)
        self.servers.currentItemChanged.connect(lambda *_: self._on_selection())
        self.servers.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.add_command = action_button(self.tr("Add by command…"), "plus", self.add_by_command)
        self.add_url = action_button(self.tr("Add by web address…"), "server", self.add_by_url)
        self.edit = action_button(self.tr("Edit…"), "pencil", self.edit_selected)
        self.remove = action_button(self.tr("Remove"), "trash-2", self.remove_selected)
        self.check = action_button(self.tr("Check"), "refresh-cw", self.check_selected)
        self.import_json = action_button(self.tr("Import mcp.json…"), "folder-input",
                                        self.ask_import)
        side = QVBoxLayout()
        for button in (self.add_command, self.add_url, self.edit, self.remove, self.check,
                       self.import_json):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.servers, 1)
        row.addLayout(side)
        self.tools_title = QLabel()
        self.tools_title.setWordWrap(True)
        self.tools_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tools = QListWidget()
        self.tools.setAccessibleName(self.tr("Tools of the selected server"))
        self.tools.setMaximumHeight(self.tools.fontMetrics().lineSpacing() * 8)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.tools_title)
        layout.addWidget(self.tools)
        layout.addWidget(self.notice)
        self.rules = ToolRules(self.settings)
        # The rules' controls by name, for the keyboard tests and the screenshots.
        self.allowed, self.ask_again, self.steps = (self.rules.allowed, self.rules.ask_again,
                                                    self.rules.steps)
        layout.addWidget(self.rules)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout.addWidget(buttons)
        self._show_tools(None)
        self._on_selection()
        self.resize(760, 600)

    # -- the lists --------------------------------------------------------------------------

    def _fill_servers(self, select: str | None = None) -> None:
        current = select or self.selected_name()
        self.servers.blockSignals(True)
        self.servers.clear()
        for server in self.settings.servers:
            item = QTreeWidgetItem([server.name, self._how(server), ""])
            item.setData(0, Qt.ItemDataRole.UserRole, server.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if server.enabled
                               else Qt.CheckState.Unchecked)
            item.setToolTip(1, self._how(server))
            self._set_state(item, server.name)
            self.servers.addTopLevelItem(item)
            if server.name == current:
                self.servers.setCurrentItem(item)
        if self.servers.currentItem() is None and self.servers.topLevelItemCount():
            self.servers.setCurrentItem(self.servers.topLevelItem(0))
        self.servers.blockSignals(False)
        self._on_selection()

    def _how(self, server: ToolServer) -> str:
        secrets = secrets_line(server)
        return f"{how_it_runs(server)} · {secrets}" if secrets else how_it_runs(server)

    def _set_state(self, item: QTreeWidgetItem, name: str) -> None:
        if name in self.checks:
            text, role = self.tr("Checking…"), "muted"
        elif not self._server_enabled(name) and name not in self.states:
            text, role = self.tr("Off"), "muted"
        else:
            text, role = self.states.get(name, (self.tr("Not checked"), "muted"))
        item.setText(2, text)
        item.setToolTip(2, text)
        item.setData(2, Qt.ItemDataRole.AccessibleTextRole, text)
        c = colors(self.palette().color(QPalette.ColorRole.Base).lightness() < 128)
        tint = {"error": c.error, "success": c.success}.get(role)
        item.setForeground(2, QColor(tint) if tint else self.palette().text())

    def _server_enabled(self, name: str) -> bool:
        server = self.settings.server(name)
        return server is not None and server.enabled

    def _show_tools(self, name: str | None) -> None:
        specs = self.found.get(name or "")
        self.tools.clear()
        text, role = self.states.get(name or "", ("", ""))
        set_role(self.tools_title, "error" if role == "error" else "")
        if not name or specs is None:
            # A failed check's whole sentence: the list's column shows only its start.
            self.tools_title.setText(text if role == "error" else
                                     self.tr("Check a server to see its tools."))
            self.tools.setEnabled(False)
            return
        self.tools_title.setText(self.tr("Tools of {server}:").replace("{server}", name))
        self.tools.setEnabled(True)
        for spec in specs:
            text = f"{spec.tool} — {spec.description}" if spec.description else spec.tool
            item = QListWidgetItem(text.splitlines()[0] if text else spec.tool)
            item.setToolTip(spec.description)
            self.tools.addItem(item)

    def selected_name(self) -> str | None:
        """The name of the selected server, or None."""
        item = self.servers.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _on_selection(self) -> None:
        name = self.selected_name()
        for button in (self.edit, self.remove, self.check):
            button.setEnabled(name is not None)
        if name is not None:
            self.check.setEnabled(name not in self.checks)
        self._show_tools(name)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        name = str(item.data(0, Qt.ItemDataRole.UserRole))
        server = self.settings.server(name)
        if server is None:
            return
        on = item.checkState(0) == Qt.CheckState.Checked
        if on != server.enabled:
            self.settings.put(replace(server, enabled=on))
            self.servers.blockSignals(True)
            self._set_state(item, name)
            self.servers.blockSignals(False)

    def _notice(self, text: str, role: str = "muted") -> None:
        set_role(self.notice, role)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- actions ----------------------------------------------------------------------------

    def _taken(self) -> set[str]:
        return {s.name for s in self.settings.servers}

    def _open_form(self, transport: str, server: ToolServer | None) -> ToolServer | None:
        form = ServerForm(transport, server, self._taken(), self)
        return form.server() if form.exec() == QDialog.DialogCode.Accepted else None

    def add_by_command(self) -> None:
        """Add a server that Ondol starts with a command."""
        self.add_server(self._open_form("stdio", None))

    def add_by_url(self) -> None:
        """Add a server reached at a web address (streamable HTTP)."""
        self.add_server(self._open_form("http", None))

    def add_server(self, server: ToolServer | None) -> None:
        """Add ``server`` (None: nothing was added) and select it.

        Raises:
            ToolServerError: reason ``bad_config`` when it is not usable.
        """
        if server is not None:
            self.settings.put(server)
            self._fill_servers(select=server.name)

    def edit_selected(self) -> None:
        """Edit the selected server (a new name keeps its place and its allowed tools)."""
        old = self.settings.server(self.selected_name() or "")
        if old is None:
            return
        new = self._open_form(old.transport, old)
        if new is not None:
            self.replace_server(old.name, new)

    def replace_server(self, old_name: str, new: ToolServer) -> None:
        """Put ``new`` where ``old_name`` was; its check result is forgotten.

        Raises:
            ToolServerError: reason ``bad_config`` when ``new`` is not usable.
        """
        index = next(i for i, s in enumerate(self.settings.servers) if s.name == old_name)
        allowed = self.settings.always_allowed.pop(old_name, None)
        self.settings.remove(old_name)
        self.settings.put(new)
        self.settings.servers.insert(index, self.settings.servers.pop())
        if allowed:
            self.settings.always_allowed[new.name] = allowed
        for table in (self.states, self.found):
            table.pop(old_name, None)
        self._fill_servers(select=new.name)
        self.rules.fill()

    def confirm(self, text: str) -> bool:
        """Ask yes or no (a separate method so that tests can answer)."""
        answer = QMessageBox.question(self, self.tr("Remove tool server"), text)
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        """Remove the selected server, once the user confirms."""
        name = self.selected_name()
        if name is None or not self.confirm(
                self.tr("Remove the tool server {name}? Its tools are no longer offered to "
                        "the model.").replace("{name}", name)):
            return
        self.settings.remove(name)
        for table in (self.states, self.found):
            table.pop(name, None)
        self._fill_servers()
        self.rules.fill()

    def ask_import(self) -> None:
        """Import mcp.json…: choose the file, then ``import_file``."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import mcp.json"), str(Path.home()),
                                              self.tr("MCP settings (*.json)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Add the servers of an ``mcp.json``; say what was added, renamed and skipped."""
        try:
            text, added = merge_import(self.settings, path)
        except ToolServerError as exc:
            self._notice(error_text(exc), "error")
            return
        self._notice(text, "muted" if added else "warning")
        self._fill_servers()

    # -- checks -----------------------------------------------------------------------------

    def check_selected(self) -> None:
        """Start the selected server alone, list its tools, end it (off the GUI thread)."""
        server = self.settings.server(self.selected_name() or "")
        if server is None or server.name in self.checks:
            return
        check = ServerCheck(self.background, server)
        self.checks[server.name] = check
        started = check.start(lambda specs: self._checked(check, specs, None),
                              lambda err: self._checked(check, None, err))
        if not started:
            self.checks.pop(server.name, None)
        self._refresh_row(server.name)
        self._on_selection()

    def _checked(self, check: ServerCheck, specs: list[ToolSpec] | None,
                 error: OndolError | None) -> None:
        name = check.server.name
        if self.checks.get(name) is not check:
            return
        del self.checks[name]
        if self.settings.server(name) != check.server:
            self._refresh_row(name)  # edited meanwhile: the answer is about the old one
            return
        if error is not None:
            self.states[name] = (error_text(error), "error")
            self.found.pop(name, None)
        else:
            count = len(specs or [])
            words = (self.tr("1 tool") if count == 1 else
                     self.tr("{count} tools").replace("{count}", format_number(count)))
            self.states[name] = (words, "success")
            self.found[name] = list(specs or [])
        self._refresh_row(name)
        if self.selected_name() == name:
            self._on_selection()

    def _refresh_row(self, name: str) -> None:
        for index in range(self.servers.topLevelItemCount()):
            item = self.servers.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == name:
                self.servers.blockSignals(True)
                self._set_state(item, name)
                self.servers.blockSignals(False)

    # -- the end ----------------------------------------------------------------------------

    def accept(self) -> None:
        """Save the settings and tell the window; on failure say why and stay open."""
        self.rules.apply()
        try:
            self.store.save(self.settings)
        except ToolServerError as exc:
            self._notice(error_text(exc), "error")
            return
        self.toolsChanged.emit()
        super().accept()

    def done(self, result: int) -> None:
        """Closing ends the checks still running (their servers stop once started)."""
        for check in self.checks.values():
            check.cancel()
        self.checks.clear()
        self.background.close()
        super().done(result)
