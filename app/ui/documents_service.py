"""The window's document index and embedding model: one ``IndexStore`` and one
``EmbeddingHost``, both made on first need and closed with the window.

Opening the index touches a file and the embedding model is a runtime host of its own, so
neither is built at start-up. Both are thread-safe; ``index_store()`` may be called from a
worker thread, and the embedding host must only be *called* from one (it loads a model).
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from app.core.errors import RetrievalError, StorageError
from app.core.settings.paths import AppPaths

if TYPE_CHECKING:
    from app.core.catalog.embedding_host import EmbeddingHost
    from app.core.retrieval.store import IndexStore

INDEX_FILE = "index.sqlite3"
# The embedding model (~0.5-1.4 GB with its host) goes after this long unused; it loads
# again, in seconds, for the next search.
IDLE_RELEASE_S = 300.0


class DocumentsService:
    """The index file and the embedding model of one window."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._store: IndexStore | None = None
        self._host: EmbeddingHost | None = None
        self._lock = threading.Lock()
        self._closed = False

    def index_store(self) -> IndexStore:
        """The index (``data_dir/index.sqlite3``), opened on first use.

        Raises:
            CorruptDatabaseError, DatabaseTooNewError, StorageFullError, StorageError: the
                index file cannot be opened (it is left untouched).
        """
        with self._lock:
            if self._closed:  # a worker still running as the window closes: no reopening
                raise StorageError("The index is closed.", reason="index_db_closed",
                                   path=str(self.paths.data_dir / INDEX_FILE))
            if self._store is None:
                from app.core.retrieval.store import IndexStore  # numpy, only now

                self._store = IndexStore(self.paths.data_dir / INDEX_FILE)
            return self._store

    @property
    def index_open(self) -> bool:
        """True once the index file has been opened (and not yet closed)."""
        return self._store is not None

    @property
    def embedding_host(self) -> EmbeddingHost:
        """The embedding model's host (made now, the model loads on its first call).

        Raises:
            RetrievalError: ``cancelled``: the window closed (no host is started after).
        """
        with self._lock:
            if self._closed:
                raise RetrievalError("The window closed.", reason="cancelled")
            if self._host is None:
                from app.core.catalog.embedding_host import EmbeddingHost

                self._host = EmbeddingHost(self.paths)
            return self._host

    def release_if_idle(self, seconds: float = IDLE_RELEASE_S) -> bool:
        """Stop the embedding host when it has been idle ``seconds`` (its memory back)."""
        host = self._host
        return host is not None and host.release_if_idle(seconds)

    def embedding_changed(self) -> None:
        """The embedding-model setting changed: the next search loads the new model."""
        host = self._host
        if host is not None:
            host.reset()

    def working_for(self, owner: threading.Event) -> contextlib.AbstractContextManager[None]:
        """The embedding requests this thread makes in the block are ``owner``'s (its cancel
        event), so ``cancel(owner)`` stops them and nobody else's."""
        host = self.embedding_host
        mark = getattr(host, "working_for", None)
        return mark(owner) if mark is not None else contextlib.nullcontext()

    def cancel(self, owner: threading.Event | None = None) -> None:
        """Stop the batch being embedded (or the model loading) now, if it is ``owner``'s
        work (a search or an indexing run that was cancelled)."""
        host = self._host
        if host is not None:
            host.cancel(owner)

    def close(self) -> None:
        """The window closes: the embedding host stops and the index file closes."""
        with self._lock:
            self._closed = True
            host, store, self._host, self._store = self._host, self._store, None, None
        if host is not None:
            host.close()
        if store is not None:
            store.close()
