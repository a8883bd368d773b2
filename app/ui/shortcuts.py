"""The window's keyboard shortcuts, in one list: the window binds them, the Help dialog shows them.

Each entry is the key sequence (portable text, as ``QKeySequence`` reads it) and what it does;
the words are translated when they are read, so the list follows the UI language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

NEW_CHAT = "Ctrl+N"
PICK_MODEL = "Ctrl+L"
SEARCH_CHATS = "Ctrl+K"
STOP = "Esc"
COPY_ANSWER = "Ctrl+Shift+C"
SETTINGS = "Ctrl+,"
NEXT_PANE = "F6"
PREVIOUS_PANE = "Shift+F6"
PARAMS_PANEL = "Ctrl+Shift+P"

_CONTEXT = "Shortcuts"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def shortcut_rows() -> list[tuple[QKeySequence, str]]:
    """Every shortcut with what it does, in the order the Help dialog lists them."""
    rows = [
        (NEW_CHAT, _tr("Start a new chat")),
        (PICK_MODEL, _tr("Pick a model")),
        (SEARCH_CHATS, _tr("Search chats")),
        ("Enter", _tr("Send the message")),
        ("Shift+Enter", _tr("New line in the message")),
        (STOP, _tr("Stop the answer")),
        (COPY_ANSWER, _tr("Copy the last answer")),
        (SETTINGS, _tr("Open the settings")),
        (NEXT_PANE, _tr("Move to the next pane")),
        (PREVIOUS_PANE, _tr("Move to the previous pane")),
        (PARAMS_PANEL, _tr("Show or hide the parameters panel")),
    ]
    return [(QKeySequence(keys), words) for keys, words in rows]


def native_text(keys: QKeySequence) -> str:
    """The keys as this platform writes them (⌘ on macOS, Ctrl elsewhere)."""
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


class WindowKeysWin(QObject):
    """Lets the window's shortcuts through a text field that would take the key itself: on
    GNOME and KDE, Ctrl+K is "delete to the end of the line" in every text field, and the
    field's claim on the key would otherwise keep Search chats from ever firing there."""

    KEYS = (QKeySequence(SEARCH_CHATS),)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) in self.KEYS):
            event.ignore()  # not the field's: the window's shortcut fires
            return True
        return False


def window_keys_win(*fields: QWidget) -> None:
    """Make the window's shortcuts work while ``fields`` (text fields) have the focus."""
    for field in fields:
        watcher = WindowKeysWin(field)  # lives as long as the field
        field.installEventFilter(watcher)
