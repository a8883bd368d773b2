"""A deterministic embedder for the index's mechanics tests: a hashed bag of words.

Texts sharing words get similar vectors, which is enough to test storage, indexing, sync and
search order; it proves nothing about retrieval quality (that needs a real embedding model).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import numpy as np

from app.core.errors import RuntimeCrashedError

WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Bag-of-words vectors: each word adds ±1 at a hashed position; rows L2-normalised.

    ``before_batch(n)`` runs before each ``embed_documents`` call (n: calls so far), so a test
    can cancel or fail at a chosen batch without timing.
    """

    def __init__(self, dimensions: int = 64, model_id: str = "hashing-64",
                 before_batch: Callable[[int], None] | None = None) -> None:
        self.dimensions = dimensions
        self.model_id = model_id
        self.before_batch = before_batch
        self.batches = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            vector[value % self.dimensions] += 1.0 if (value >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self.before_batch is not None:
            self.before_batch(self.batches)
        self.batches += 1
        self.texts_embedded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros(
            (0, self.dimensions), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


def crash_at(batch: int) -> Callable[[int], None]:
    """A ``before_batch`` hook: the model process dies at that batch."""
    def hook(n: int) -> None:
        if n == batch:
            raise RuntimeCrashedError("The embedding model stopped.", exit_code=-9,
                                      signal="SIGKILL")
    return hook
