"""The chat list in the sidebar, and what asks the user first: rename or delete a chat, edit or
delete a message, export a chat to a file."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from app.core.chat.export import export_json, export_markdown
from app.core.chat.store import ChatStore, ChatSummary
from app.core.errors import StorageError
from app.ui.chat.controller import ChatController
from app.ui.sidebar import Sidebar
from app.ui.words.chats import chat_title
from app.ui.words.errors import error_text


class ChatActions(QObject):
    """Keeps the sidebar's list in step with the store; asks before the chat changes."""

    status = Signal(str)  # a sentence for the status line

    def __init__(self, store: ChatStore, sidebar: Sidebar, chat: ChatController) -> None:
        super().__init__()
        self.store, self.sidebar, self.chat = store, sidebar, chat
        self._current: int | None = None  # the open chat

    def _parent(self) -> QWidget:
        return self.sidebar.window()  # the dialogs belong to the window

    def chat_opened(self, summary: ChatSummary) -> None:
        """Highlight the chat that was opened."""
        self._current = summary.id
        self.sidebar.select_chat(summary.id)

    def refresh(self) -> None:
        """Re-read the chat list (with the current search)."""
        self.sidebar.set_chats(self.store.list_chats(self.sidebar.search.text()), self._current)

    def rename_chat(self, chat_id: int) -> None:
        """Ask for a new title."""
        chat = self.store.get_chat(chat_id)
        title, ok = QInputDialog.getText(self._parent(), self.tr("Rename chat"),
                                         self.tr("Title:"), text=chat_title(chat.title))
        if ok and title.strip():
            self.store.rename_chat(chat_id, title.strip())
            self.refresh()

    def delete_chat(self, chat_id: int) -> None:
        """Ask, then delete the chat and its messages."""
        chat = self.store.get_chat(chat_id)
        answer = QMessageBox.question(self._parent(), self.tr("Delete chat"),
                                      self.tr("Delete “{title}” and all its messages?").format(
                                          title=chat_title(chat.title)))
        if answer == QMessageBox.StandardButton.Yes:
            self.chat.delete_chat(chat_id)

    def delete_message(self, message_id: int, followers: int) -> None:
        """Delete a message; ask first when others follow it."""
        if followers:
            answer = QMessageBox.question(
                self._parent(), self.tr("Delete message"),
                self.tr("Delete this message and the {count} messages that follow it in this "
                        "branch?").format(count=followers))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.chat.delete_message(message_id)

    def edit_message(self, message_id: int, text: str) -> None:
        """Ask for the new text of a question; it is answered afresh."""
        new_text, ok = QInputDialog.getMultiLineText(self._parent(), self.tr("Edit message"),
                                                     self.tr("Your message:"), text)
        if ok and new_text.strip() and new_text != text:
            self.chat.edit(message_id, new_text.strip())

    def export(self, kind: str) -> None:
        """Save the open chat as Markdown (``"md"``) or JSON (``"json"``)."""
        summary, conversation = self.chat.summary, self.chat.conversation
        if summary is None or conversation is None:
            return
        suffix = "Markdown (*.md)" if kind == "md" else "JSON (*.json)"
        path, _ = QFileDialog.getSaveFileName(self._parent(), self.tr("Export chat"),
                                              f"{summary.title}.{kind}", suffix)
        if not path:
            return
        render = export_markdown if kind == "md" else export_json
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(render(summary, conversation, self.store.tool_steps_of(
                    list(conversation.messages))))  # the answers' tool calls
        except OSError as err:
            QMessageBox.warning(self._parent(), self.tr("Export chat"), error_text(StorageError(
                str(err), path=path, errno=err.errno, reason="export")))
            return
        self.status.emit(self.tr("Saved {path}").format(path=path))
