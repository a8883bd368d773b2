"""The embedding model, in a runtime host of its own, loaded on first need.

Indexing and searching call it from worker threads (never the window's thread); the model is
the setting's choice or the best one in the library (``embedders``). Loading is slow, so it
happens once and the host stays until ``reset`` (the setting changed) or ``close``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import psutil

from app.core.catalog.embedders import embedding_model_path
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.runtime_embedder import load_for_embedding
from app.core.runtime.client import RuntimeClient
from app.core.settings.paths import AppPaths
from app.core.settings.settings import SettingsStore


class EmbeddingHost:
    """A callable that gives the loaded embedder (an ``Embedder`` factory for ``ChatFinder``)."""

    def __init__(self, paths: AppPaths, preferred: str | None = None, threads: int = 0) -> None:
        """``preferred``: a library name or path that wins over the setting; ``threads``: 0
        for one per physical core."""
        self.paths = paths
        self.preferred = preferred
        self.threads = threads
        self.model_path: Path | None = None
        self._client: RuntimeClient | None = None
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Embedder:
        """The embedder, loading the model the first time (blocking: call it off the GUI).

        Raises:
            RetrievalError: there is no embedding model (reason ``no_embedding_model``).
            OndolError: the model could not be loaded (not a model, cannot embed...).
        """
        with self._lock:
            if self._embedder is None:
                setting = SettingsStore(self.paths.settings_file).load().embedding_model
                path = embedding_model_path(self.paths.models_dir, self.preferred or setting)
                client = RuntimeClient()
                try:
                    client.start()
                    threads = self.threads or psutil.cpu_count(logical=False) or 1
                    self._embedder = load_for_embedding(client, path, threads)
                except BaseException:
                    client.close()
                    raise
                self._client, self.model_path = client, path
            return self._embedder

    @property
    def loaded(self) -> bool:
        """True once the model is loaded."""
        return self._embedder is not None

    def reset(self) -> None:
        """Forget the loaded model (the setting changed): the next call loads the new one."""
        with self._lock:
            client, self._client, self._embedder, self.model_path = (
                self._client, None, None, None)
        if client is not None:
            client.close()

    def cancel(self) -> None:
        """Stop a batch being embedded now (indexing was cancelled)."""
        client = self._client
        if client is not None:
            client.cancel()

    def close(self) -> None:
        """Stop the runtime host."""
        self.reset()
