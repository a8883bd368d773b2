"""The read-only, row-selecting tables of the Models page, and the panel around one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def make_table(headers: list[str], accessible_name: str, parent: QWidget) -> QTableWidget:
    """A table of whole-row selection, no editing, no row numbers."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAccessibleName(accessible_name)
    return table


def lay_out_panel(panel: QWidget, table: QTableWidget, message: QLabel,
                  buttons: list[QPushButton]) -> None:
    """The table on top (taking the room), a message line, then a row of buttons."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(panel)
    layout.addWidget(table, 1)
    layout.addWidget(message)
    layout.addLayout(row)
