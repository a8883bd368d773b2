"""Thin Qt list models over plain Python lists (the state lives in app.core objects)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

ItemRole = Qt.ItemDataRole.UserRole + 1


class ListModel(QAbstractListModel, Generic[T]):
    """A read-only list model: ``display`` gives each row's text, ``tooltip`` its tooltip."""

    def __init__(self, display: Callable[[T], str],
                 tooltip: Callable[[T], str] | None = None) -> None:
        super().__init__()
        self._items: list[T] = []
        self._display = display
        self._tooltip = tooltip

    def set_items(self, items: Sequence[T]) -> None:
        """Replace every row (lists here are short: chats, local models)."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append_items(self, items: Sequence[T]) -> None:
        """Add rows at the end (search results arrive page by page)."""
        if not items:
            return
        start = len(self._items)
        self.beginInsertRows(QModelIndex(), start, start + len(items) - 1)
        self._items.extend(items)
        self.endInsertRows()

    def item(self, row: int) -> T | None:
        """The object behind a row, or None."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[T]:
        """All rows' objects."""
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        """Rows (a flat list: children have none)."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, or the object itself (``ItemRole``)."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(item)
        if role == ItemRole:
            return item
        return None
