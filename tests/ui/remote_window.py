"""Helpers for the window's remote-model tests: a connection in this test's settings, and the
picker's row for a remote model."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.settings.connections import Connection, ConnectionStore
from app.ui.main_window import MainWindow
from app.ui.picker_remote import NAME, ROLE


def add_connection(name: str, base_url: str) -> None:
    """A connection without a key, in this test's ONDOL_HOME (before the window opens)."""
    store = ConnectionStore(AppContext.create().paths.connections_file)
    store.add(Connection(name, base_url))


def picker_row(window: MainWindow, key: str | None = None, text: str | None = None) -> int | None:
    """The picker's row whose key is ``key`` (or whose name contains ``text``), if listed."""
    tree = window.model_picker.list  # type: ignore[attr-defined]
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if key is not None and item.data(NAME, ROLE) == key:
            return row
        if text is not None and text in item.text(NAME):
            return row
    return None


def load_remote(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Open the picker, wait for ``key``'s row, choose it, and wait until it is loaded."""
    picker = window.model_picker  # type: ignore[attr-defined]
    picker.popup()
    qtbot.waitUntil(lambda: picker_row(window, key) is not None, timeout=30_000)
    row = picker_row(window, key)
    assert row is not None
    picker.list.setCurrentItem(picker.list.topLevelItem(row))
    picker.choose_current()
    qtbot.waitUntil(lambda: window.models.ready and window.models.current is not None
                    and window.models.current.name == key, timeout=60_000)
