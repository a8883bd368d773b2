"""What retrieval needs from an embedding model: vectors for documents' chunks and for
questions, L2-normalised, as one float32 matrix per batch.

Models embed questions and passages differently (EmbeddingGemma and Qwen3-Embedding want a
task prompt before a query; bge-m3 wants none), so the two calls are separate. ``model_id``
names the model and its settings, so an index built with one model is never searched with
another's vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """An embedding model ready to use."""

    model_id: str  # e.g. the GGUF file's name and size: changes when the model changes
    dimensions: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (a passage to be found).

        Raises:
            OndolError: the model failed (the runtime's typed errors).
        """

    def embed_query(self, text: str) -> np.ndarray:
        """One L2-normalised float32 vector for a question.

        Raises:
            OndolError: the model failed (the runtime's typed errors).
        """
