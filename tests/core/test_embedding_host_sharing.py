"""One embedding host shared by a chat's search and a collection's indexing: their requests
take turns, and each one's Stop stops only its own request."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from app.core.catalog.embedding_host import EmbeddingHost, _Shared
from app.core.settings.paths import AppPaths


class _Client:
    def __init__(self) -> None:
        self.cancels = 0

    def cancel(self) -> None:
        self.cancels += 1

    def close(self) -> None: ...


class _SlowEmbedder:
    """Blocks inside a request until released; fails if two requests overlap."""

    model_id, dimensions = "slow", 2

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.release = threading.Event()
        self.busy = False
        self.overlapped = False

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.overlapped |= self.busy
        self.busy = True
        self.inside.set()
        self.release.wait(10)
        self.busy = False
        return np.ones((len(texts), 2), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def test_requests_take_turns_and_stop_is_per_owner(tmp_path: Path) -> None:
    host = EmbeddingHost(AppPaths(tmp_path, tmp_path, tmp_path, tmp_path))
    client, slow = _Client(), _SlowEmbedder()
    host._client, host._embedder = client, _Shared(host, slow)  # as if loaded
    indexing, searching = threading.Event(), threading.Event()

    def work(owner: threading.Event) -> None:
        with host.working_for(owner):
            host().embed_documents(["a passage"])

    first = threading.Thread(target=work, args=(indexing,))
    first.start()
    assert slow.inside.wait(10)
    second = threading.Thread(target=work, args=(searching,))
    second.start()
    host.cancel(searching)  # the search waits its turn: nothing of it is in the host
    assert client.cancels == 0
    host.cancel(indexing)  # the indexing's batch is: it stops
    assert client.cancels == 1
    slow.release.set()
    first.join(10)
    second.join(10)
    assert not slow.overlapped
    host.cancel(indexing)  # nothing of it runs any more
    assert client.cancels == 1


def test_an_idle_host_is_released_and_a_busy_one_is_not(tmp_path: Path) -> None:
    host = EmbeddingHost(AppPaths(tmp_path, tmp_path, tmp_path, tmp_path))
    slow = _SlowEmbedder()
    host._client, host._embedder = _Client(), _Shared(host, slow)  # as if loaded
    assert not host.release_if_idle(60)  # just made: not idle yet
    worker = threading.Thread(target=lambda: host().embed_documents(["a passage"]))
    worker.start()
    assert slow.inside.wait(10)
    assert not host.release_if_idle(0)  # a request is in the host
    slow.release.set()
    worker.join(10)
    assert host.loaded and host.release_if_idle(0)
    assert not host.loaded and host._client is None
