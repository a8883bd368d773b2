"""Attachments in the window's chat: the send flow put between the chat controller and the
answer's next stop (the tool flow), file drops on the chat page, and the offer to download
an embedding model when long files need one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.core.catalog.embedders import RECOMMENDED_REPO
from app.ui.chat.attach_drop import AttachDrop
from app.ui.chat.attach_flow import AttachFlow
from app.ui.words.errors import error_text


def wire_attachments(parts: Any, window: Any) -> AttachFlow:
    """Build the attachment flow and connect it (after the tool flow is wired).

    Raises:
        nothing.
    """
    chat, composer, worker = parts.chat, parts.composer, parts.runtime.worker
    bar = composer.attachments
    bar.paste_dir = parts.ctx.paths.cache_dir / "pasted"
    flow = AttachFlow(chat, parts.store, bar, window.documents, parts.background)
    composer.sendRequested.disconnect(chat.send)
    composer.sendRequested.connect(flow.send)
    # The flow takes the controller's answer requests, passing them on once grounded.
    tool_flow = getattr(window, "tool_flow", None)
    onward = tool_flow.on_generate if tool_flow is not None else worker.generate
    chat.generateRequested.disconnect(onward)
    chat.generateRequested.connect(flow.on_generate)
    flow.generateRequested.connect(onward)
    chat.cancelRequested.connect(flow.cancel)  # Stop, leaving the chat, closing
    worker.loaded.connect(flow.model_loaded)
    for gone in (parts.models.unloaded, parts.models.loading, parts.models.failed):
        gone.connect(flow.model_gone)
    flow.embeddingNeeded.connect(lambda error: offer_embedding_model(window, parts, error))
    chat.chatsChanged.connect(lambda: forget_deleted_chats(window.documents, parts))
    idle = QTimer(window)  # the embedding model's memory back when it is not used
    idle.setInterval(60_000)
    idle.timeout.connect(window.documents.release_if_idle)
    idle.start()
    drop = AttachDrop(bar, lambda: window.pages.currentIndex() == 0, window)
    drop.watch(window)  # after the model importer's filter: a model still imports
    window.attach_flow, window.attach_drop = flow, drop
    return flow


def forget_deleted_chats(documents: Any, parts: Any) -> None:
    """Drop the indexed attachments of chats that were deleted (on a worker thread; only
    once the index has been opened: nothing to drop before)."""
    if not documents.index_open:
        return
    from app.core.retrieval.chat_finder import attachments_collection, drop_orphans

    def work() -> list[str]:
        live = {attachments_collection(s.id, s.created_at) for s in parts.store.list_chats()}
        return drop_orphans(documents.index_store(), live)

    parts.background.run(work, lambda _gone: None, lambda _error: None)


def offer_embedding_model(window: Any, parts: Any, error: Any) -> QMessageBox:
    """Say that long files need an embedding model, with a button that downloads the
    recommended one (shown on the Models page; non-modal: the chat stays usable)."""
    box = QMessageBox(QMessageBox.Icon.Information, window.tr("An embedding model is needed"),
                      error_text(error), QMessageBox.StandardButton.Close, window)
    box.setInformativeText(window.tr(
        "Files too long to send whole are searched for the passages that answer the "
        "question, and searching needs an embedding model. Download {repo}, then send the "
        "message again.").format(repo=RECOMMENDED_REPO))
    get = box.addButton(window.tr("Get the embedding model"),
                        QMessageBox.ButtonRole.AcceptRole)
    repo = str(getattr(error, "facts", {}).get("repo") or RECOMMENDED_REPO)

    def open_download() -> None:
        window.pages.setCurrentWidget(window.models_page)
        entry = getattr(window, "collections", None)  # Settings' collections and model
        if entry is not None and hasattr(entry, "download_recommended"):
            entry.download_recommended()  # queued with the window's other downloads
            parts.browser.page.setCurrentWidget(parts.browser.page.downloads)
        else:
            parts.browser.page.open_repo(repo)

    get.clicked.connect(open_download)
    window.embedding_offer = box
    box.open()
    return box
