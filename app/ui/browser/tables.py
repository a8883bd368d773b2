"""The read-only, row-selecting tables of the Models page."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QWidget


def make_table(headers: list[str], accessible_name: str, parent: QWidget) -> QTableWidget:
    """A table of whole-row selection, no editing, no row numbers."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAccessibleName(accessible_name)
    return table
