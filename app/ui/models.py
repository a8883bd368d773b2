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
        return _item_data(self._items[index.row()], role, self._display, self._tooltip)


def _item_data(item: Any, role: int, display: Callable[[Any], str],
               tooltip: Callable[[Any], str] | None) -> Any:
    """What a row of either list model answers for ``role``: text, tooltip, or the item."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return display(item)
    if role == Qt.ItemDataRole.ToolTipRole and tooltip is not None:
        return tooltip(item)
    if role == ItemRole:
        return item
    return None


HeaderRole = Qt.ItemDataRole.UserRole + 2  # True on a section's heading row


class SectionedListModel(QAbstractListModel, Generic[T]):
    """A read-only list in sections: each section's heading row (not selectable, not enabled,
    so the keyboard passes over it) followed by its items' rows."""

    def __init__(self, display: Callable[[T], str],
                 tooltip: Callable[[T], str] | None = None) -> None:
        super().__init__()
        self._rows: list[tuple[str, T | None]] = []  # (heading, None) or ("", item)
        self._display = display
        self._tooltip = tooltip
        self.header_font: Any = None  # a QFont for headings, set by the view's owner
        self.header_brush: Any = None  # a QBrush for headings' text

    def set_sections(self, sections: Sequence[tuple[str, Sequence[T]]]) -> None:
        """Replace every row; a section with no items gets no heading either."""
        self.beginResetModel()
        self._rows = []
        for heading, items in sections:
            if items:
                self._rows.append((heading, None))
                self._rows.extend(("", item) for item in items)
        self.endResetModel()

    def is_header(self, row: int) -> bool:
        """Whether ``row`` is a section's heading."""
        return 0 <= row < len(self._rows) and self._rows[row][1] is None

    def item(self, row: int) -> T | None:
        """The object behind a row, or None (a heading, or no such row)."""
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def items(self) -> list[T]:
        """Every item, headings left out, in the order shown."""
        return [item for _heading, item in self._rows if item is not None]

    def headers(self) -> list[str]:
        """The headings shown, in order."""
        return [heading for heading, item in self._rows if item is None]

    def row_of(self, predicate: Callable[[T], bool]) -> int:
        """The first item row whose object satisfies ``predicate``, or -1."""
        for row, (_heading, item) in enumerate(self._rows):
            if item is not None and predicate(item):
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        """Rows, headings included (a flat list: children have none)."""
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Items are enabled and selectable; a heading is neither."""
        if not index.isValid() or self.is_header(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, heading look, or the object itself (``ItemRole``)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        heading, item = self._rows[index.row()]
        if item is None:
            return self._header_data(heading, role)
        if role == HeaderRole:
            return False
        return _item_data(item, role, self._display, self._tooltip)

    def _header_data(self, heading: str, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading
        if role == HeaderRole:
            return True
        if role == Qt.ItemDataRole.FontRole:
            return self.header_font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.header_brush  # a heading is drawn disabled: its own colour instead
        return None
