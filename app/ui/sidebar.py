"""The left sidebar: conversations (new, rename, delete, search) and the way to the Models and
Server pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import ListModel
from app.ui.words.chats import chat_title


class Sidebar(QWidget):
    """Conversations, newest first; the search matches titles and message text."""

    newChatRequested = Signal()
    chatSelected = Signal(int)  # chat id
    renameRequested = Signal(int)
    deleteRequested = Signal(int)
    searchChanged = Signal(str)
    modelsPageRequested = Signal()
    chatPageRequested = Signal()
    serverPageRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.chats = ListModel[Any](lambda c: chat_title(c.title), lambda c: c.title)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search chats"))
        self.search.setAccessibleName(self.tr("Search chats"))
        self.search.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.chats)
        self.list.setAccessibleName(self.tr("Chats"))
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rename_button = QPushButton(self.tr("Rename"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.chats_button = QPushButton(self.tr("Chats"), self)
        self.models_button = QPushButton(self.tr("Models"), self)
        self.models_button.setToolTip(self.tr("Your model library"))
        self.server_button = QPushButton(self.tr("Server"), self)
        self.server_button.setToolTip(self.tr("Serve your models to other programs"))
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.rename_button)
        edit_row.addWidget(self.delete_button)
        pages = QHBoxLayout()
        pages.addWidget(self.chats_button)
        pages.addWidget(self.models_button)
        pages.addWidget(self.server_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(pages)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(edit_row)

        # Searching hits the database: wait for a pause in typing.
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(lambda: self.searchChanged.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.new_button.clicked.connect(self.newChatRequested)
        self.list.activated.connect(self._on_activated)
        self.list.clicked.connect(self._on_activated)
        self.rename_button.clicked.connect(lambda: self._with_current(self.renameRequested))
        self.delete_button.clicked.connect(lambda: self._with_current(self.deleteRequested))
        self.models_button.clicked.connect(self.modelsPageRequested)
        self.chats_button.clicked.connect(self.chatPageRequested)
        self.server_button.clicked.connect(self.serverPageRequested)
        # Only while the chat list has focus: Delete in a text box must not delete a chat.
        for key, signal in ((QKeySequence(Qt.Key.Key_F2), self.renameRequested),
                            (QKeySequence(QKeySequence.StandardKey.Delete),
                             self.deleteRequested)):
            shortcut = QShortcut(key, self.list, lambda s=signal: self._with_current(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_chats(self, chats: list[Any], current_id: int | None) -> None:
        """Show ``chats`` (objects with ``id`` and ``title``) and highlight the current one."""
        self.chats.set_items(chats)
        self.select_chat(current_id)

    def select_chat(self, chat_id: int | None) -> None:
        """Highlight the chat ``chat_id`` if it is listed."""
        for row, chat in enumerate(self.chats.items()):
            if chat.id == chat_id:
                self.list.setCurrentIndex(self.chats.index(row))
                break

    def _current_id(self) -> int | None:
        chat = self.chats.item(self.list.currentIndex().row())
        return None if chat is None else int(chat.id)

    def _with_current(self, signal: Signal) -> None:
        chat_id = self._current_id()
        if chat_id is not None:
            signal.emit(chat_id)

    def _on_activated(self, index: QModelIndex) -> None:
        chat = self.chats.item(index.row())
        if chat is not None:
            self.chatSelected.emit(int(chat.id))
