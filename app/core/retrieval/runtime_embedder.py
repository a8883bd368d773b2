"""The ``Embedder`` that retrieval uses: a model loaded in embedding mode in Ondol's runtime
host (a GGUF through llama.cpp, or an ONNX sentence encoder), reached through a
``RuntimeClient``.

Texts go in batches (one pipe round trip each, and the runtime packs a batch into one run),
with the model family's question or passage prefix (``model_prompts``); a passage longer than
the model's window is cut to it by the runtime rather than refused, since a chunk that is a
little too long should still be found by its beginning.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from app.core.errors import RetrievalError
from app.core.retrieval.model_prompts import ModelPrompts, prompts_for_model
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams

BATCH = 16  # texts per call: big enough to fill a run, small enough to cancel between calls
# Chunks are ~350 tokens (app/core/documents/chunks.py); the window sets the host's batch,
# and memory grows with it: EmbeddingGemma's host peaks at ~1.4 GB with 1024, ~2.4 GB with 2048.
DEFAULT_WINDOW = 1024
_PROBE = "dimensions"


def model_size(path: Path) -> int:
    """Bytes of the model at ``path`` (a folder: its files together); 0 when unreadable."""
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def load_for_embedding(client: RuntimeClient, path: Path, n_threads: int,
                       n_ctx: int = DEFAULT_WINDOW, n_gpu_layers: int = 0) -> RuntimeEmbedder:
    """Load the model at ``path`` in embedding mode and wrap it.

    Raises:
        OndolError: the runtime's typed error (not a model, cannot embed, out of memory...).
    """
    client.load(str(path), LoadParams(n_ctx=n_ctx, n_threads=n_threads, embedding=True,
                                      n_gpu_layers=n_gpu_layers))
    return RuntimeEmbedder(client)


class RuntimeEmbedder:
    """Vectors from the model loaded in ``client`` (loaded with ``embedding=True``)."""

    def __init__(self, client: RuntimeClient, prompts: ModelPrompts | None = None,
                 batch_size: int = BATCH) -> None:
        """Wrap ``client``'s loaded model; ``prompts`` defaults to its family's.

        Raises:
            RetrievalError: no model is loaded, or not in embedding mode (reason
                ``no_embedding_model``).
            OndolError: the runtime's typed error while reading the model or probing it.
        """
        loaded = client.loaded
        if loaded is None or not loaded.params.get("embedding"):
            raise RetrievalError("No model is loaded in embedding mode.",
                                 reason="no_embedding_model")
        path = Path(loaded.path)
        self._client = client
        self._batch = max(1, batch_size)
        self.prompts = prompts if prompts is not None else prompts_for_model(path)
        self.dimensions = client.embeddings([_PROBE]).dimensions
        # Changes when the file, its size or its vector size changes: an index built with
        # another model is never searched with these vectors.
        # (an ONNX graph is usually just "model.onnx": its folder names the model)
        name = f"{path.parent.name}/{path.name}" if path.suffix == ".onnx" else path.name
        self.model_id = f"{name}:{model_size(path)}:{self.dimensions}"

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per passage, in order.

        Raises:
            OndolError: the runtime's typed error (an empty text, the host died...).
        """
        return self._embed([self.prompts.for_document(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        """One L2-normalised float32 vector for a question.

        Raises:
            OndolError: the runtime's typed error (an empty text, the host died...).
        """
        return self._embed([self.prompts.for_query(text)])[0]

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), self._batch):
            got = self._client.embeddings(texts[start:start + self._batch], truncate=True)
            rows = np.frombuffer(got.data, dtype="<f4").reshape(got.count, got.dimensions)
            out[start:start + got.count] = rows
        return out
