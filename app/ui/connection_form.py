"""The form that adds or edits one connection: name, address, API key, and Check.

Saving only writes the settings (it never waits on the network); Check asks the server for its
model list on a pool thread and offers the address with ``/v1`` when only that one answers. On
Edit an empty key field keeps the stored key; a stored key is never put back into the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConnectionSettingsError, OndolError
from app.core.settings.connections import Connection, ConnectionStore, check_name, check_url
from app.core.settings.secrets import check_key
from app.ui.background import Background
from app.ui.connection_check import CheckResult, check_server, models_sentence
from app.ui.icons import set_icon
from app.ui.words.errors import error_text

# Which field a settings error belongs beside; the rest go under the form.
_FIELD_OF = {"bad_name": "name", "name_taken": "name", "bad_url": "url", "bad_key": "key"}


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


class ConnectionForm(QDialog):
    """Adds a connection (``editing`` None) or changes the one called ``editing``."""

    def __init__(self, store: ConnectionStore, background: Background,
                 editing: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.background, self.editing = store, background, editing
        self.saved: Connection | None = None
        self._fixed_url: str | None = None
        self.setWindowTitle(self.tr("Edit connection") if editing else self.tr("Add connection"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Connection name"))
        self.name.setPlaceholderText(self.tr("For example vLLM"))
        self.url = QLineEdit(self)
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setPlaceholderText("http://localhost:8000/v1")
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setPlaceholderText(self.tr("Leave empty to keep the saved key") if editing
                                    else self.tr("Optional"))
        self.errors = {field: _error_label(self) for field in ("name", "url", "key", "form")}
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setAccessibleName(self.tr("Check the server"))
        self.check_button.setAutoDefault(False)  # Enter saves, it does not check
        set_icon(self.check_button, "refresh-cw")
        self.check_result = QLabel("", self)
        self.check_result.setWordWrap(True)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_fixed = QPushButton("", self)
        self.use_fixed.setAutoDefault(False)
        self.use_fixed.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        save.setAccessibleName(self.tr("Save the connection"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel"))
        self._lay_out()
        self.check_button.clicked.connect(self.check)
        self.use_fixed.clicked.connect(self._use_fixed)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if editing:
            connection = store.get(editing)
            self.name.setText(connection.name)
            self.url.setText(connection.base_url)

    def _lay_out(self) -> None:
        form = QFormLayout()
        for label, field in ((self.tr("Name"), "name"), (self.tr("Address"), "url"),
                             (self.tr("API key"), "key")):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(getattr(self, field))
            box.addWidget(self.errors[field])
            form.addRow(label, box)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.use_fixed, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    # -- errors ------------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def _show_error(self, err: OndolError) -> None:
        """The error's sentence beside the field it is about (or under the form)."""
        field = _FIELD_OF.get(str(err.facts.get("reason")), "form")
        label = self.errors[field]
        label.setText(error_text(err))
        label.show()
        if field != "form":
            getattr(self, field).setFocus()

    # -- check -------------------------------------------------------------------------------

    def _key_for_check(self) -> str | None:
        """The typed key, or on Edit the stored one.

        Raises:
            ConnectionSettingsError: the stored key cannot be read.
        """
        typed = self.key.text().strip()
        if typed or not self.editing:
            return typed or None
        return self.store.api_key(self.editing)

    def check(self) -> None:
        """Ask the server for its models (off the GUI thread); the answer fills ``check_result``."""
        self._clear_errors()
        self.use_fixed.hide()
        try:
            url = check_url(self.url.text())
            key = self._key_for_check()
        except ConnectionSettingsError as err:
            self._show_error(err)
            return
        self.check_result.setProperty("role", "muted")
        self.check_result.setText(self.tr("Asking the server for its models…"))
        self._restyle(self.check_result)
        self.check_button.setEnabled(False)
        self.background.run(lambda: check_server(url, key), self._checked, self._check_failed)

    def _checked(self, result: CheckResult) -> None:
        self.check_button.setEnabled(True)
        self.check_result.setProperty("role", "success")
        self.check_result.setText(models_sentence(result))
        self._restyle(self.check_result)
        if result.fixed:
            self._fixed_url = result.base_url
            self.use_fixed.setText(self.tr("Use {url}?").format(url=result.base_url))
            self.use_fixed.setAccessibleName(self.tr("Use the address {url}").format(
                url=result.base_url))
            self.use_fixed.show()

    def _check_failed(self, err: OndolError) -> None:
        self.check_button.setEnabled(True)
        self.check_result.setProperty("role", "error")
        self.check_result.setText(error_text(err))
        self._restyle(self.check_result)

    def _use_fixed(self) -> None:
        if self._fixed_url:
            self.url.setText(self._fixed_url)
        self.use_fixed.hide()

    @staticmethod
    def _restyle(label: QLabel) -> None:
        """A changed ``role`` property takes effect only when the style is applied again."""
        label.style().unpolish(label)
        label.style().polish(label)

    # -- save --------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the connection (and its key); stay open with the error beside its field."""
        self._clear_errors()
        typed_key = self.key.text()
        try:
            name, url = check_name(self.name.text()), check_url(self.url.text())
            key = check_key(typed_key) if typed_key.strip() else None
            self.saved = (self._change(name, url, key) if self.editing
                          else self.store.add(Connection(name, url), key))
        except ConnectionSettingsError as err:
            self._show_error(err)
            return
        self.key.clear()  # the key is kept by the store now, not by a widget
        self.accept()

    def _change(self, name: str, url: str, key: str | None) -> Connection:
        """Edit: a new name alone is a rename (what the client learned stays); a new address
        or key replaces the entry, keeping the stored key when none was typed.

        Raises:
            ConnectionSettingsError: as ``ConnectionStore.add`` / ``rename`` / ``api_key``.
        """
        assert self.editing is not None
        old = self.store.get(self.editing)
        if url == old.base_url and key is None:
            return self.store.rename(old.name, name) if name != old.name else old
        taken = [c for c in self.store.list()
                 if c.name.casefold() == name.casefold() != old.name.casefold()]
        if taken:
            raise ConnectionSettingsError(f"There is already a connection named {name}.",
                                          reason="name_taken", name=name)
        kept = key if key is not None else self.store.api_key(old.name)
        self.store.remove(old.name)
        try:
            return self.store.add(Connection(name, url, old.added_at), kept)
        except ConnectionSettingsError:
            self.store.add(old, kept)  # put the old one back as it was
            raise
