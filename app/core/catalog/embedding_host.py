"""The embedding model, in a runtime host of its own, loaded on first need and shared.

Indexing and searching call it from worker threads (never the window's thread); the model is
the setting's choice or the best one in the library (``embedders``). Loading is slow, so it
happens once and the host stays until ``reset`` (the setting changed) or ``close``.

Several workers share the one host (a chat's search, a collection being indexed): their
batches take turns, and each worker's Stop stops only its own batch. A worker says whose work
it does with ``working_for(cancel_event)``; ``cancel(cancel_event)`` then stops the batch (or
the load) under way only if it is that worker's.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import psutil

from app.core.catalog.embedders import embedding_model_path
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.runtime_embedder import load_for_embedding
from app.core.runtime.client import RuntimeClient
from app.core.settings.paths import AppPaths
from app.core.settings.settings import SettingsStore


class EmbeddingHost:
    """A callable that gives the shared embedder (an ``Embedder`` factory for ``ChatFinder``)."""

    def __init__(self, paths: AppPaths, preferred: str | None = None, threads: int = 0) -> None:
        """``preferred``: a library name or path that wins over the setting; ``threads``: 0
        for one per physical core."""
        self.paths = paths
        self.preferred = preferred
        self.threads = threads
        self.model_path: Path | None = None
        self._client: RuntimeClient | None = None
        self._embedder: _Shared | None = None
        self._load_lock = threading.Lock()  # one load at a time (held for seconds)
        self._state_lock = threading.Lock()  # the fields above (held for an instant)
        self._turn = threading.Lock()  # one request in the host at a time
        self._owner: object | None = None  # whose request is in the host now
        self._local = threading.local()
        self._last_use = time.monotonic()

    @contextlib.contextmanager
    def working_for(self, owner: threading.Event) -> Iterator[None]:
        """Calls made by this thread inside the block are ``owner``'s (its cancel event)."""
        self._local.owner = owner
        try:
            yield
        finally:
            self._local.owner = None

    def __call__(self) -> Embedder:
        """The embedder, loading the model the first time (blocking: call it off the GUI).

        Raises:
            RetrievalError: there is no embedding model (reason ``no_embedding_model``).
            OndolError: the model could not be loaded (not a model, cannot embed...).
        """
        with self._load_lock:
            if self._embedder is not None:
                return self._embedder
            setting = SettingsStore(self.paths.settings_file).load().embedding_model
            path = embedding_model_path(self.paths.models_dir, self.preferred or setting)
            client = RuntimeClient()
            with self._state_lock:
                self._client = client  # a Stop during the load reaches it
            try:
                with self._in_turn():
                    threads = self.threads or psutil.cpu_count(logical=False) or 1
                    embedder = load_for_embedding(client, path, threads)
            except BaseException:
                with self._state_lock:
                    self._client = None
                client.close()
                raise
            shared = _Shared(self, embedder)
            with self._state_lock:
                self._embedder, self.model_path = shared, path
            return shared

    @contextlib.contextmanager
    def _in_turn(self) -> Iterator[None]:
        """This thread's request has the host to itself, marked as its owner's."""
        with self._turn:
            self._owner = getattr(self._local, "owner", None)
            try:
                yield
            finally:
                self._owner = None
                self._last_use = time.monotonic()

    def release_if_idle(self, seconds: float) -> bool:
        """Stop the host when nothing asked it for ``seconds`` (the model holds hundreds of
        MB; the next request loads it again). True when it was released."""
        if (self._embedder is None or time.monotonic() - self._last_use < seconds
                or not self._turn.acquire(blocking=False)):
            return False
        try:
            if time.monotonic() - self._last_use < seconds:
                return False
            self.reset()
            return True
        finally:
            self._turn.release()

    @property
    def loaded(self) -> bool:
        """True once the model is loaded."""
        return self._embedder is not None

    def reset(self) -> None:
        """Forget the loaded model (the setting changed): the next call loads the new one.
        Never waits for a load under way; a batch running on the old model fails (its work
        can be done again with the new one)."""
        with self._state_lock:
            client, self._client, self._embedder, self.model_path = (
                self._client, None, None, None)
        if client is not None:
            threading.Thread(target=client.close, name="embedding-host-close",
                             daemon=True).start()

    def cancel(self, owner: threading.Event | None = None) -> None:
        """Stop the request in the host now if it is ``owner``'s (None: whoever's)."""
        with self._state_lock:
            client = self._client
        if client is not None and (owner is None or self._owner is owner):
            client.cancel()

    def close(self) -> None:
        """Stop the runtime host (and wait for it, bounded)."""
        with self._state_lock:
            client, self._client, self._embedder, self.model_path = (
                self._client, None, None, None)
        if client is not None:
            client.close()


class _Shared:
    """The loaded embedder, its requests taking turns in the one host."""

    def __init__(self, host: EmbeddingHost, embedder: Embedder) -> None:
        self._host = host
        self._embedder = embedder
        self.model_id = embedder.model_id
        self.dimensions = embedder.dimensions

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """See ``Embedder.embed_documents``.

        Raises:
            OndolError: the runtime's typed error.
        """
        with self._host._in_turn():
            return self._embedder.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        """See ``Embedder.embed_query``.

        Raises:
            OndolError: the runtime's typed error.
        """
        with self._host._in_turn():
            return self._embedder.embed_query(text)
