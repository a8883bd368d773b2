"""A chat's passages: the files attached to its questions (indexed into a collection of its
own when they do not fit whole) and the folder collections the chat searches."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from app.core.errors import RetrievalError
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.folders import collection_needs_rebuild, rebuild
from app.core.retrieval.indexer import index_files
from app.core.retrieval.search import Hit, search_text
from app.core.retrieval.store import IndexStore

ATTACHMENTS_KIND = "attachments"


def attachments_collection(chat_id: int, created_at: float = 0.0) -> str:
    """The name of the collection that holds a chat's attached files. With the chat's
    creation time in it, a new chat that gets a deleted chat's id never sees its files."""
    return f"chat-{chat_id}-{round(created_at * 1000)}" if created_at else f"chat-{chat_id}"


def drop_orphans(store: IndexStore, live: set[str]) -> list[str]:
    """Delete the attachments collections of chats that are gone (names not in ``live``).

    Raises:
        StorageError: the index could not be written.
    """
    gone = [c.name for c in store.list_collections()
            if c.kind == ATTACHMENTS_KIND and c.name not in live]
    for name in gone:
        store.delete_collection(name)
    return gone


class ChatFinder:
    """Indexes a chat's attachments and searches them with its collections.

    ``embedder`` may be a function that makes one: the embedding model is then loaded only
    when something must be indexed or searched, not for files that go in whole.
    """

    def __init__(self, store: IndexStore, embedder: Embedder | Callable[[], Embedder],
                 chat_id: int, collections: Sequence[str] = (), created_at: float = 0.0
                 ) -> None:
        self.store = store
        self._embedder = embedder
        self.attachments = attachments_collection(chat_id, created_at)
        self.collections = [c for c in collections if c != self.attachments]

    @property
    def embedder(self) -> Embedder:
        """The embedding model, made on first use.

        Raises:
            OndolError: the model could not be loaded (or there is none).
        """
        if callable(self._embedder) and not hasattr(self._embedder, "embed_query"):
            self._embedder = self._embedder()
        return self._embedder  # type: ignore[return-value]

    def add_files(self, paths: Sequence[Path], cancel: threading.Event | None = None
                  ) -> dict[str, str]:
        """Index ``paths`` into the chat's attachments; the reason of each file that failed.

        Raises:
            RetrievalError: ``cancelled``, ``index_broken``.
            StorageError: the index could not be written.
            OndolError: the embedding model failed.
        """
        self._attachments_ready(cancel)
        report = index_files(self.store, self.attachments, paths, self.embedder, cancel=cancel)
        return {str(path): reason for path, reason in report.failed.items()}

    def find(self, question: str, k: int) -> list[Hit]:
        """The ``k`` passages of the chat's attachments and collections that best match.

        Raises:
            RetrievalError: a collection was indexed with another model
                (``embedding_changed``: rebuild it), or is gone (``no_collection``).
            StorageError: the index could not be read.
            OndolError: the embedding model failed.
        """
        names = self._searchable()
        if not names:
            return []
        if self.attachments in names:  # indexed with another model before: index it again
            self._attachments_ready(None)
        return search_text(self.store, names, self.embedder, question, k)

    def has_passages(self) -> bool:
        """True when the chat has indexed attachments or collections to search."""
        return bool(self._searchable())

    def _searchable(self) -> list[str]:
        known = {info.name: info for info in self.store.list_collections()}
        names = [self.attachments, *self.collections]
        return [n for n in names if n in known and known[n].chunks > 0]

    def _attachments_ready(self, cancel: threading.Event | None) -> None:
        """The chat's attachments collection exists and uses this embedding model (it is
        small: indexed again with the new one when the model changed)."""
        try:
            self.store.collection(self.attachments)
        except RetrievalError as exc:
            if exc.facts.get("reason") != "no_collection":
                raise
            self.store.create_collection(self.attachments, kind=ATTACHMENTS_KIND)
            return
        if collection_needs_rebuild(self.store, self.attachments, self.embedder):
            rebuild(self.store, self.attachments, self.embedder, cancel=cancel)
