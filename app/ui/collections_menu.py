"""Collections in the window: Settings → Collections…, a button beside the model picker, the
indexing queue, and keeping the open chat's collections up to date.

``CollectionsEntry`` is what the Collections dialog talks to: the index, the indexing queue,
the open chat's searched collections (its params' ``collections``) and the embedding-model
setting. Indexing keeps running when the dialog closes; the status line then shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.core.errors import OndolError
from app.ui.collections_worker import CollectionsIndexer, Outcome
from app.ui.words.collections import finished_text, progress_text
from app.ui.words.errors import error_text

if TYPE_CHECKING:
    from app.core.retrieval.store import IndexStore
    from app.ui.collections_dialog import CollectionsDialog

RECOMMENDED_SIZE = 639_000_000  # bytes of the recommended model's file, for its progress



class CollectionsEntry(QObject):
    """The window's collections: what the dialog shows and does."""

    changed = Signal()  # collections, their state or the model setting changed: show again
    status = Signal(str)  # a sentence for the window's status line
    message = Signal(str, str)  # a sentence and its role ("error", "success", "")
    download = Signal(int, int, bool, str)  # done, total, finished, error sentence

    def __init__(self, parts: Any, window: QWidget,
                 embedder: Callable[[], object] | None = None) -> None:
        """``embedder``: gives the ``Embedder`` (default: the window's embedding host)."""
        super().__init__(window)
        self.parts, self.window = parts, window
        self.documents = window.documents  # type: ignore[attr-defined]
        self.embedder: Callable[[], object] = embedder or (
            lambda: self.documents.embedding_host())
        self.key_source: Callable[[], str | None] = self._library_key
        self.indexer = CollectionsIndexer(self.documents.index_store, lambda: self.embedder(),
                                          self.documents.cancel, self.documents.working_for)
        self.indexer.setParent(self)
        self.dialog: CollectionsDialog | None = None
        self._download_job: str | None = None
        self.indexer.started.connect(lambda _name: self.changed.emit())
        self.indexer.progress.connect(self._on_progress)
        self.indexer.finished.connect(self._on_finished)
        self.indexer.failed.connect(self._on_failed)

    # --- what the dialog reads ---------------------------------------------------------

    def store(self) -> IndexStore:
        """The index (opened on first use).

        Raises:
            StorageError: the index file cannot be opened.
        """
        return self.documents.index_store()  # type: ignore[no-any-return]

    def current_key(self) -> str | None:
        """The key of the embedding model indexing uses now (see ``collections_model``)."""
        return self.key_source()

    def _library_key(self) -> str | None:
        from app.ui.collections_model import current_key

        return current_key(self.parts.models.library, self.parts.settings.embedding_model)

    def chat_id(self) -> int | None:
        """The open chat's id."""
        summary = self.parts.chat.summary
        return summary.id if summary is not None else None

    def chat_names(self) -> list[str]:
        """The collections the open chat searches (read from the chat store)."""
        from app.ui.collections_model import chat_collections

        chat_id = self.chat_id()
        if chat_id is None:
            return []
        return chat_collections(self.parts.store.get_chat(chat_id).params)

    # --- what the dialog does ----------------------------------------------------------

    def set_searched(self, name: str, on: bool) -> None:
        """Search ``name`` in the open chat, or stop; the chat's other params are kept.

        Raises:
            OndolError: the chat could not be saved (ChatNotFoundError, StorageError).
        """
        from app.ui.collections_model import with_collection

        chat_id = self.chat_id()
        if chat_id is None:
            return
        params = self.parts.store.get_chat(chat_id).params
        self.parts.store.set_chat_settings(chat_id, params=with_collection(params, name, on))
        self.parts.chat.summary = self.parts.store.get_chat(chat_id)
        if on:
            self.indexer.queue(name, "check")

    def add_folder(self, name: str, folder: str) -> None:
        """Create a folder collection and index it (in the background).

        Raises:
            RetrievalError: ``bad_name``, ``name_taken``, ``not_a_folder``.
            StorageError: the index could not be written.
        """
        from pathlib import Path

        info = self.store().create_collection(name, Path(folder) if folder else None)
        self.changed.emit()
        self.indexer.queue(info.name, "update")

    def delete(self, name: str) -> None:
        """Forget a collection (its files on disk are untouched); a run of it stops first.

        Raises:
            RetrievalError: ``no_collection``.
            StorageError: the index could not be written.
        """
        self.indexer.cancel(name)
        self.store().delete_collection(name)
        self.changed.emit()

    def set_embedding_model(self, value: str | None) -> None:
        """Save the setting; the next indexing or search loads that model."""
        self.parts.settings.embedding_model = value
        self.parts.params_ctl.save_settings()
        self.documents.embedding_changed()
        self.changed.emit()

    def download_recommended(self) -> None:
        """Fetch Qwen3-Embedding-0.6B Q8_0 through the window's download manager."""
        from app.core.catalog.embedders import RECOMMENDED_FILE, RECOMMENDED_REPO
        from app.core.catalog.variants import RepoFile

        downloads = self.parts.browser.downloads
        if downloads is None:
            return
        try:
            self._download_job = downloads.add(
                RECOMMENDED_REPO, "Q8_0", [RepoFile(RECOMMENDED_FILE, size=RECOMMENDED_SIZE)])
        except OndolError as err:
            self.download.emit(0, 0, False, error_text(err))
            return
        self.download.emit(0, RECOMMENDED_SIZE, False, "")

    def on_download(self, snapshot: Any) -> None:
        """A download job moved: report the recommended model's."""
        if snapshot.id != self._download_job:
            return
        state = getattr(snapshot.state, "value", str(snapshot.state))
        error = error_text(snapshot.error) if snapshot.error and state == "failed" else ""
        self.download.emit(snapshot.done_bytes, snapshot.total_bytes, state == "done", error)

    # --- keeping chats' collections up to date -----------------------------------------

    def chat_opened(self, summary: Any) -> None:
        """A chat opened: check its collections for changed files (a cheap scan first)."""
        from app.ui.collections_model import chat_collections

        for name in chat_collections(getattr(summary, "params", None)):
            self.indexer.queue(name, "check")

    # --- the queue's news ----------------------------------------------------------------

    def _on_progress(self, name: str, done: int, total: int, chunks: int) -> None:
        if self.dialog is None or not self.dialog.isVisible():
            self.status.emit(progress_text(name, done, total, chunks))

    def _on_finished(self, outcome: Outcome) -> None:
        report = outcome.report
        if report is not None:
            text = finished_text(outcome.run.name, len(getattr(report, "indexed", [])),
                                 len(getattr(report, "failed", {})),
                                 len(getattr(report, "removed", [])))
            self.status.emit(text)
            self.message.emit(text, "success")
        self.changed.emit()

    def _on_failed(self, name: str, error: OndolError) -> None:
        from app.ui.collections_model import is_missing_folder

        text = error_text(error)
        if not is_missing_folder(error) or self.dialog is not None:
            self.status.emit(text)
        reason = error.facts.get("reason")
        self.message.emit(text, "warning" if reason == "cancelled" else "error")
        self.changed.emit()

    # --- the dialog ----------------------------------------------------------------------

    def open(self) -> CollectionsDialog:
        """Show the dialog (one at a time; its modules load on first use)."""
        from app.ui.collections_dialog import CollectionsDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = CollectionsDialog(self, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def close(self) -> None:
        """The window closes: indexing stops (the files finished stay indexed)."""
        self.indexer.close()


def wire_collections(parts: Any, window: Any) -> CollectionsEntry:
    """Settings → Collections…, a Collections button beside the model picker, the open chat's
    collections checked for changes, and indexing stopped when the window closes.

    Raises:
        nothing.
    """
    entry = CollectionsEntry(parts, window)
    action = QAction(QCoreApplication.translate("Collections", "Collections…"), window)
    action.triggered.connect(entry.open)
    window.settings_menu.addAction(action)
    button = QPushButton(QCoreApplication.translate("Collections", "Collections"),
                         parts.top_bar)
    button.setAccessibleName(QCoreApplication.translate(
        "Collections", "Collections: folders a chat can search"))
    button.setToolTip(QCoreApplication.translate(
        "Collections", "Folders indexed for search, and which this chat searches"))
    button.clicked.connect(entry.open)
    _beside(parts.top_bar, getattr(parts.top_bar, "find_button", None), button)
    window.collections_button = button
    entry.status.connect(window.show_status)
    parts.chat.chatOpened.connect(entry.chat_opened)
    parts.browser.bridge.changed.connect(entry.on_download)
    window.closing.connect(entry.close)
    return entry


def _beside(bar: QWidget, anchor: QWidget | None, button: QWidget) -> None:
    """Put ``button`` right after ``anchor`` in whichever row of ``bar`` holds it."""
    layouts = [bar.layout()] if bar.layout() is not None else []
    while layouts:
        layout = layouts.pop()
        if isinstance(layout, QHBoxLayout) and anchor is not None and (
                index := layout.indexOf(anchor)) >= 0:
            layout.insertWidget(index + 1, button)
            QWidget.setTabOrder(anchor, button)  # Tab reaches it where it is seen
            return
        layouts.extend(layout.itemAt(i).layout() for i in range(layout.count())
                       if layout.itemAt(i).layout() is not None)
    button.hide()  # no place for it: the menu entry remains
