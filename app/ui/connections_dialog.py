"""Settings → Connections: the OpenAI-compatible servers Ondol can use, with where each key is
kept (the system keyring, a file only the user can read, or no key) and the key masked.

Add and Edit open ``ConnectionForm``; Remove asks first. ``connectionsChanged`` is emitted
after anything was saved, so the model picker can list the servers' models again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConnectionSettingsError
from app.core.settings.connections import ConnectionStore
from app.core.settings.secrets import mask
from app.ui.background import Background
from app.ui.connection_form import ConnectionForm
from app.ui.icons import set_icon
from app.ui.words.errors import error_text


def key_place_text(place: str | None) -> str:
    """Where a key is kept, in words."""
    # Whole QCoreApplication.translate calls: lupdate does not see through an alias.
    if place == "keyring":
        return QCoreApplication.translate("Connections", "in the system keyring")
    if place == "file":
        return QCoreApplication.translate("Connections", "in a file only you can read")
    return QCoreApplication.translate("Connections", "no key")


class ConnectionsDialog(QDialog):
    """The list of connections with Add, Edit and Remove."""

    connectionsChanged = Signal()

    def __init__(self, store: ConnectionStore, background: Background,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.background = store, background
        self.form: ConnectionForm | None = None  # the open form, for tests and focus
        self.setWindowTitle(self.tr("Connections"))
        intro = QLabel(self.tr("Servers that speak the OpenAI API (vLLM, llama-server, Ollama, "
                               "LM Studio, another Ondol, or a hosted API). Their models appear "
                               "in the model picker under the connection's name."), self)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.table = QTreeWidget(self)
        self.table.setColumnCount(3)
        self.table.setHeaderLabels([self.tr("Name"), self.tr("Address"), self.tr("API key")])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Connections"))
        self.empty = QLabel(self.tr("No connections yet. Add a server with Add."), self)
        self.empty.setProperty("role", "muted")
        self.problem = QLabel("", self)
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setAccessibleName(self.tr("Add a connection"))
        set_icon(self.add_button, "plus")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setAccessibleName(self.tr("Edit the selected connection"))
        set_icon(self.edit_button, "pencil")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected connection"))
        set_icon(self.remove_button, "trash-2")
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close_button = close.button(QDialogButtonBox.StandardButton.Close)
        close_button.setAccessibleName(self.tr("Close"))
        set_icon(close_button, "x")  # the style's own Close icon is black, lost in dark
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 360)
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(lambda: self.remove())  # not clicked(checked)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.edit())
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the connections again (the command line may have changed them)."""
        self.table.clear()
        for connection in self.store.list():
            place = self.store.key_storage(connection.name)
            shown = key_place_text(place)
            if place:
                try:
                    shown += f" ({mask(self.store.api_key(connection.name))})"
                except ConnectionSettingsError as err:  # one unreadable key: the list still shows
                    shown += " — " + error_text(err)
            item = QTreeWidgetItem([connection.name, connection.base_url, shown])
            item.setData(0, Qt.ItemDataRole.UserRole, connection.name)
            self.table.addTopLevelItem(item)
            if select is not None and connection.name.casefold() == select.casefold():
                self.table.setCurrentItem(item)
        if self.table.currentItem() is None and self.table.topLevelItemCount():
            self.table.setCurrentItem(self.table.topLevelItem(0))
        for column in (0, 1):
            self.table.resizeColumnToContents(column)
        self.empty.setVisible(self.table.topLevelItemCount() == 0)
        self._enable()

    def selected(self) -> str | None:
        """The name of the selected connection."""
        item = self.table.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # -- add, edit, remove -------------------------------------------------------------------

    def add(self, url: str = "", name: str = "") -> None:
        """Open the Add form, with ``url`` and ``name`` filled in when given."""
        form = ConnectionForm(self.store, self.background, parent=self)
        form.url.setText(url)
        form.name.setText(name)
        self._open(form)

    def edit(self) -> None:
        """Open the Edit form for the selected connection."""
        name = self.selected()
        if name is None:
            return
        try:
            form = ConnectionForm(self.store, self.background, editing=name, parent=self)
        except ConnectionSettingsError as err:  # removed from the command line meanwhile
            self._problem(error_text(err))
            self.refresh()
            return
        self._open(form)

    def _open(self, form: ConnectionForm) -> None:
        self.form = form
        form.finished.connect(lambda result: self._form_closed(form, result))
        form.open()

    def _form_closed(self, form: ConnectionForm, result: int) -> None:
        if self.form is form:
            self.form = None
        if result == QDialog.DialogCode.Accepted and form.saved is not None:
            self.problem.hide()
            self.refresh(select=form.saved.name)
            self.connectionsChanged.emit()
        form.deleteLater()

    def remove(self, confirm: bool = True) -> None:
        """Remove the selected connection and its key, after asking (``confirm``)."""
        name = self.selected()
        if name is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Remove connection"),
                self.tr("Remove the connection {name} and its API key?").format(name=name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.store.remove(name)
        except ConnectionSettingsError as err:
            self._problem(error_text(err))
            return
        self.problem.hide()
        self.refresh()
        self.connectionsChanged.emit()

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
