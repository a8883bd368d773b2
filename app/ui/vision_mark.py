"""The mark on a model that sees images (a vision projector beside it): Lucide's eye, with
"Sees images" as its tooltip and in the cell's accessible text, in the model picker and the
library table."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTableWidgetItem, QTreeWidgetItem

from app.core.catalog.library import LocalModel
from app.ui.icons import icon

VISION_ICON = "eye"


def sees_images_text() -> str:
    """The words of the mark."""
    return QCoreApplication.translate("Vision", "Sees images")


def any_vision(models: Iterable[LocalModel]) -> bool:
    """Whether one of ``models`` has a vision projector."""
    return any(m.vision for m in models)


def mark_tree_cell(item: QTreeWidgetItem, column: int) -> None:
    """Put the mark on ``item``'s ``column``: icon, tooltip, and the words after its text
    for screen readers."""
    words = sees_images_text()
    item.setIcon(column, icon(VISION_ICON))
    item.setToolTip(column, words)
    item.setData(column, Qt.ItemDataRole.AccessibleTextRole,
                 f"{item.text(column)}, {words}")


def mark_table_cell(item: QTableWidgetItem) -> None:
    """Put the mark on a table cell: icon, the words under its tooltip and after its text."""
    words = sees_images_text()
    item.setIcon(icon(VISION_ICON))
    tip = item.toolTip()
    item.setToolTip(f"{tip}\n{words}" if tip else words)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.text()}, {words}")
