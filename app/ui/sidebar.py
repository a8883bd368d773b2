"""The left sidebar: conversations grouped by recency (new, rename, delete, search) and the way
to the Models and Server pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import set_icon
from app.ui.models import ListModel, SectionedListModel
from app.ui.words.chats import chat_title
from app.ui.words.recency import group_by_recency, recency_label, until_next_midnight

_Move = QAbstractItemView.CursorAction
_BACKWARD = (_Move.MoveUp, _Move.MovePrevious, _Move.MovePageUp, _Move.MoveLeft, _Move.MoveEnd)
# Regroup a moment after midnight, so the new day has surely begun on the clock it reads.
MIDNIGHT_SLACK = timedelta(seconds=1)


class ChatListView(QListView):
    """A list whose cursor keys pass over section headings: Qt skips them for the arrows,
    Home and End, but Page Up / Page Down land on a heading and then refuse to move."""

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Qt's move, stepped on past a heading; staying put when no chat lies that way."""
        index = super().moveCursor(action, modifiers)
        model = self.model()
        if not isinstance(model, SectionedListModel) or not index.isValid():
            return index
        step = -1 if action in _BACKWARD else 1
        for direction in (step, -step):
            row = index.row()
            while model.is_header(row):
                row += direction
            if 0 <= row < model.rowCount():
                return model.index(row)
        return self.currentIndex()


def _page_button(text: str, tip: str, parent: QWidget) -> QToolButton:
    """A way to a page: icon above its word, so four fit side by side in a narrow sidebar
    (beside each other the words were cut off)."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(text)
    button.setAutoRaise(True)
    button.setCheckable(True)  # the current page's button stays down
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    button.setProperty("role", "page")  # a smaller word: four fit in the narrow sidebar
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


class Sidebar(QWidget):
    """Conversations, newest first, under Today / Yesterday / Previous 7 days / Older; the
    search matches titles and message text. A window left open past midnight regroups them
    (today's chats become yesterday's) without asking the store again."""

    newChatRequested = Signal()
    chatSelected = Signal(int)  # chat id
    renameRequested = Signal(int)
    deleteRequested = Signal(int)
    searchChanged = Signal(str)
    modelsPageRequested = Signal()
    chatPageRequested = Signal()
    serverPageRequested = Signal()
    insidePageRequested = Signal()

    def __init__(self, parent: QWidget | None = None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.clock = clock  # local time now (a test sets it)
        # The chats in order (what the store listed); ``rows`` is what the list shows: the
        # same chats under their recency headings.
        self.chats = ListModel[Any](lambda c: chat_title(c.title), lambda c: c.title)
        self.rows = SectionedListModel[Any](lambda c: chat_title(c.title), lambda c: c.title)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search chats"))
        self.search.setAccessibleName(self.tr("Search chats"))
        self.search.setClearButtonEnabled(True)
        search_icon = QAction(self.search)
        set_icon(search_icon, "search")
        self.search.addAction(search_icon, QLineEdit.ActionPosition.LeadingPosition)
        self.list = ChatListView(self)
        self.list.setModel(self.rows)
        self.list.setAccessibleName(self.tr("Chats"))
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._style_headings()
        self.rename_button = QPushButton(self.tr("Rename"), self)
        self.rename_button.setToolTip(self.tr("Rename the selected chat (F2)"))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setToolTip(self.tr("Delete the selected chat (Delete)"))
        self.chats_button = _page_button(self.tr("Chats"), self.tr("Your conversations"), self)
        self.models_button = _page_button(self.tr("Models"), self.tr("Your model library"),
                                          self)
        self.server_button = _page_button(self.tr("Server"),
                                          self.tr("Serve your models to other programs"), self)
        self.inside_button = _page_button(
            self.tr("Inside"), self.tr("Inside the model: its tokens, how it picks the next "
                                       "one, the prompt it reads"), self)
        for button, name in ((self.new_button, "plus"), (self.chats_button, "message-square"),
                             (self.models_button, "box"), (self.server_button, "server"),
                             (self.inside_button, "microscope"),
                             (self.rename_button, "pencil"), (self.delete_button, "trash-2")):
            set_icon(button, name)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.rename_button)
        edit_row.addWidget(self.delete_button)
        pages = QHBoxLayout()
        pages.setSpacing(2)
        self._pages = QButtonGroup(self)  # one page at a time is marked current
        for button in self._page_buttons():
            self._pages.addButton(button)
        self.chats_button.setChecked(True)
        pages.addWidget(self.chats_button)
        pages.addWidget(self.models_button)
        pages.addWidget(self.server_button)
        pages.addWidget(self.inside_button)
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
        # One shot per day, re-armed by every regrouping (nothing runs in between).
        self.midnight_timer = QTimer(self, singleShot=True)
        self.midnight_timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # a second is close enough
        self.midnight_timer.timeout.connect(self.regroup)
        self.new_button.clicked.connect(self.newChatRequested)
        self.list.activated.connect(self._on_activated)
        self.list.clicked.connect(self._on_activated)
        self.rename_button.clicked.connect(lambda: self._with_current(self.renameRequested))
        self.delete_button.clicked.connect(lambda: self._with_current(self.deleteRequested))
        self.models_button.clicked.connect(self.modelsPageRequested)
        self.chats_button.clicked.connect(self.chatPageRequested)
        self.server_button.clicked.connect(self.serverPageRequested)
        self.inside_button.clicked.connect(self.insidePageRequested)
        # Only while the chat list has focus: Delete in a text box must not delete a chat.
        for key, signal in ((QKeySequence(Qt.Key.Key_F2), self.renameRequested),
                            (QKeySequence(QKeySequence.StandardKey.Delete),
                             self.deleteRequested)):
            shortcut = QShortcut(key, self.list, lambda s=signal: self._with_current(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _style_headings(self) -> None:
        """Headings: small bold text in a quieter colour (drawn as disabled rows otherwise)."""
        font = self.list.font()
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        self.rows.header_font = font
        self.rows.header_brush = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (theme) or font: the headings follow it."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._style_headings()
        super().changeEvent(event)

    def set_chats(self, chats: list[Any], current_id: int | None,
                  now: datetime | None = None) -> None:
        """Show ``chats`` (objects with ``id``, ``title`` and ``updated_at``, newest first)
        under their recency headings as of ``now`` (the clock's time when not given), and
        highlight the current one. The headings are redrawn after the next midnight."""
        now = now or self.clock()
        self.chats.set_items(chats)
        groups = group_by_recency(chats, lambda c: datetime.fromtimestamp(c.updated_at), now)
        self.rows.set_sections([(recency_label(group), found) for group, found in groups])
        self.select_chat(current_id)
        wait = until_next_midnight(now) + MIDNIGHT_SLACK
        self.midnight_timer.start(int(wait.total_seconds() * 1000))

    def regroup(self) -> None:
        """Put the listed chats (a search's result included) under today's headings, keeping
        the highlighted chat; the search text is left as it is."""
        self.set_chats(self.chats.items(), self._current_id())

    def select_chat(self, chat_id: int | None) -> None:
        """Highlight the chat ``chat_id`` if it is listed."""
        index = self.index_of(chat_id)
        if index.isValid():
            self.list.setCurrentIndex(index)

    def _page_buttons(self) -> tuple[QToolButton, ...]:
        """The ways to the pages, in the window's page order."""
        return (self.chats_button, self.models_button, self.server_button, self.inside_button)

    def mark_page(self, index: int) -> None:
        """Show page ``index`` (0 chats, 1 models, 2 server, 3 inside) as the current one."""
        buttons = self._page_buttons()
        if 0 <= index < len(buttons):
            buttons[index].setChecked(True)

    def index_of(self, chat_id: int | None) -> QModelIndex:
        """The list's row for chat ``chat_id`` (invalid when it is not listed)."""
        row = self.rows.row_of(lambda c: c.id == chat_id)
        return self.rows.index(row) if row >= 0 else QModelIndex()

    def _current_id(self) -> int | None:
        chat = self.rows.item(self.list.currentIndex().row())
        return None if chat is None else int(chat.id)

    def _with_current(self, signal: Signal) -> None:
        chat_id = self._current_id()
        if chat_id is not None:
            signal.emit(chat_id)

    def _on_activated(self, index: QModelIndex) -> None:
        chat = self.rows.item(index.row())
        if chat is not None:
            self.chatSelected.emit(int(chat.id))
