"""The chunks nearest a question: exact cosine similarity over collections' vectors.

Vectors are L2-normalised, so cosine is a dot product: one matrix product per collection
(``store``'s module docstring says why not sqlite-vec). Each collection's matrix is loaded from
SQLite once and cached per store, keyed by the collection's generation, so any change to the
collection (a file indexed or dropped, a rebuild) is seen by the next search.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.errors import RetrievalError
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.store import CollectionInfo, IndexStore


@dataclass(frozen=True)
class Hit:
    """One chunk found, best ``score`` (cosine, -1 … 1) first."""

    score: float
    text: str
    path: Path
    page: int | None
    heading: str | None
    offset: int
    collection: str
    ordinal: int


@dataclass(frozen=True)
class _Matrix:
    generation: int
    ids: np.ndarray  # chunk ids, int64, one per row
    vectors: np.ndarray  # float32, (rows, dimensions)


_CACHE: weakref.WeakKeyDictionary[IndexStore, dict[int, _Matrix]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def search(store: IndexStore, collection_names: list[str], query_vector: np.ndarray,
           k: int = 5, model_id: str | None = None) -> list[Hit]:
    """The ``k`` chunks of these collections most similar to ``query_vector``, best first.

    ``model_id`` (the query's embedding model) is checked against each collection's, when
    given; the vector's length always is. Collections with nothing indexed give no hits.

    Raises:
        RetrievalError: ``no_collection``; ``embedding_changed`` (a collection was indexed with
            another model: rebuild it); ``index_broken`` (a stored vector of the wrong size).
        StorageError: the index could not be read.
    """
    query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(query))
    if norm > 0:
        query = query / norm
    scored: list[tuple[float, int, str]] = []
    for name in dict.fromkeys(collection_names):
        info = store.collection(name)
        if info.model_id is None:
            continue
        if info.dimensions != query.shape[0] or (model_id is not None
                                                  and model_id != info.model_id):
            raise RetrievalError(
                f"The collection {name!r} was indexed with {info.model_id} "
                f"({info.dimensions} dimensions); rebuild it to search with "
                f"{model_id or 'this model'}.", name=name, model_id=info.model_id,
                new_model_id=model_id or "", reason="embedding_changed")
        matrix = _matrix(store, info)
        if not len(matrix.ids):
            continue
        scores = matrix.vectors @ query
        top = min(k, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        scored.extend((float(scores[i]), int(matrix.ids[i]), name) for i in best)
    scored.sort(key=lambda item: (-item[0], item[1]))
    return _hits(store, scored[:max(k, 0)])


def search_text(store: IndexStore, collection_names: list[str], embedder: Embedder,
                question: str, k: int = 5) -> list[Hit]:
    """``search`` for a question, embedded with ``embedder`` (whose model is checked).

    Raises:
        RetrievalError, StorageError: see ``search``; OndolError: the embedder failed.
    """
    return search(store, collection_names, embedder.embed_query(question), k,
                  model_id=embedder.model_id)


def _matrix(store: IndexStore, info: CollectionInfo) -> _Matrix:
    """The collection's vectors, from the cache while its generation is unchanged."""
    with _CACHE_LOCK:
        cached = _CACHE.setdefault(store, {}).get(info.id)
    if cached is not None and cached.generation == info.generation:
        return cached
    with store.db.reading() as conn:
        # Generation read with the rows, under the store's lock: a write cannot slip between.
        generation = conn.execute("SELECT generation FROM collections WHERE id = ?",
                                  (info.id,)).fetchone()
        rows = conn.execute(
            "SELECT ch.id, ch.vector FROM chunks ch JOIN documents d ON d.id = ch.document_id "
            "WHERE d.collection_id = ? AND d.status = 'ok' ORDER BY ch.id",
            (info.id,)).fetchall()
    dims = int(info.dimensions or 0)
    blob = b"".join(row[1] for row in rows)
    if len(blob) != len(rows) * dims * 4 or any(len(row[1]) != dims * 4 for row in rows):
        raise RetrievalError(f"The index of {info.name!r} holds vectors of the wrong size.",
                             name=info.name, detail="vector size", reason="index_broken")
    vectors = np.frombuffer(blob, dtype="<f4").reshape(len(rows), dims)
    matrix = _Matrix(generation=generation[0] if generation else info.generation,
                     ids=np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows)),
                     vectors=vectors)
    with _CACHE_LOCK:
        _CACHE.setdefault(store, {})[info.id] = matrix
    return matrix


def _hits(store: IndexStore, scored: list[tuple[float, int, str]]) -> list[Hit]:
    """The chunks' text and place for the best (score, chunk id, collection) triples."""
    if not scored:
        return []
    ids = [chunk_id for _, chunk_id, _ in scored]
    with store.db.reading() as conn:
        rows = conn.execute(
            "SELECT ch.id, ch.text, d.path, ch.page, ch.heading, ch.offset, ch.ordinal "
            "FROM chunks ch JOIN documents d ON d.id = ch.document_id "
            f"WHERE ch.id IN ({','.join('?' * len(ids))})", ids).fetchall()
    by_id = {row[0]: row for row in rows}
    hits = []
    for score, chunk_id, name in scored:
        row = by_id.get(chunk_id)
        if row is None:  # dropped since the matrix was loaded
            continue
        hits.append(Hit(score=score, text=row[1], path=Path(row[2]), page=row[3],
                        heading=row[4], offset=row[5], collection=name, ordinal=row[6]))
    return hits
