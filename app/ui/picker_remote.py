"""The model picker's rows for remote models: each connection's models under its name, marked
with a globe and "Remote"; a connection being listed, or one that cannot be listed, is one
greyed row that says so."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidgetItem

from app.ui.icons import icon
from app.ui.remote_models import RemoteCatalog
from app.ui.words.errors import error_text

NAME, SIZE, FORMAT, FIT, USED = range(5)  # the picker's columns
ROLE = Qt.ItemDataRole.UserRole  # the row's key: a ``remote:`` name, or None for a note row
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # the model's context length (0: unknown)
REMOTE_ROLE = Qt.ItemDataRole.UserRole + 2  # True on every remote row


def remote_rows(catalog: RemoteCatalog, current: str | None) -> list[QTreeWidgetItem]:
    """Every connection's rows, in the order the connections were added.

    Raises:
        nothing.
    """
    rows: list[QTreeWidgetItem] = []
    for name in catalog.connections:
        error = catalog.errors.get(name)
        models = catalog.models.get(name)
        if models is None:
            text = (QCoreApplication.translate("ModelPicker", "{connection}: {error}").format(
                        connection=name, error=error_text(error))
                    if error is not None else
                    QCoreApplication.translate(
                        "ModelPicker", "{connection}: asking the server for its models…").format(
                        connection=name))
            rows.append(_note(name, text, "cloud-off" if error is not None else "globe"))
            continue
        if not models:
            rows.append(_note(name, QCoreApplication.translate(
                "ModelPicker", "{connection}: the server lists no models.").format(
                connection=name), "globe"))
        for entry in models:
            item = QTreeWidgetItem([
                entry.model_id, "—", QCoreApplication.translate("ModelPicker", "Remote"),
                QCoreApplication.translate("ModelPicker", "On {connection}").format(
                    connection=name), ""])
            item.setData(NAME, ROLE, entry.path)
            item.setData(NAME, CONTEXT_ROLE, entry.context_length or 0)
            item.setData(NAME, REMOTE_ROLE, True)
            item.setIcon(NAME, icon("check" if entry.path == current else "globe"))
            item.setToolTip(NAME, QCoreApplication.translate(
                "ModelPicker", "{model} on the connection {connection} (remote)").format(
                model=entry.model_id, connection=name))
            item.setToolTip(FIT, QCoreApplication.translate(
                "ModelPicker", "The server runs this model; nothing is loaded on this computer."))
            rows.append(item)
    return rows


def _note(connection: str, text: str, icon_name: str) -> QTreeWidgetItem:
    """A greyed row that cannot be chosen."""
    item = QTreeWidgetItem([text, "", QCoreApplication.translate("ModelPicker", "Remote"),
                            connection, ""])
    item.setData(NAME, ROLE, None)
    item.setData(NAME, REMOTE_ROLE, True)
    item.setIcon(NAME, icon(icon_name))
    item.setToolTip(NAME, text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
    return item
