"""Files made searchable: read, cut into chunks, embedded in batches, written to the index.

Memory stays bounded: passages and chunks stream from the reader, and each batch of chunks
(``BATCH`` of them) is embedded and written before the next is read. A file is written as an
``indexing`` document batch by batch and made searchable in one transaction at its end, so a
cancelled or failed file leaves nothing half-indexed behind, and the files finished before it
stay. A file that cannot be read (``DocumentError``) is recorded with its reason and the others
go on; a failing embedding model stops the whole run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np

from app.core.documents.chunks import Chunk, chunk_passages
from app.core.documents.passages import read_passages
from app.core.errors import DocumentError, RetrievalError
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.store import ChunkRow, CollectionInfo, IndexStore

BATCH = 16  # chunks embedded per call: small enough to cancel quickly, large enough to batch

# progress(done_files, total_files, chunks_so_far)
Progress = Callable[[int, int, int], None]


@dataclass
class IndexReport:
    """What an indexing run did: files indexed, files that could not be read (path → reason),
    and the number of chunks written."""

    indexed: list[Path] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)
    chunks: int = 0


def index_files(store: IndexStore, collection: str | CollectionInfo, paths: Iterable[Path],
                embedder: Embedder, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> IndexReport:
    """Index ``paths`` into ``collection`` (replacing what was indexed for the same paths).

    Raises:
        RetrievalError: ``no_collection``; ``embedding_changed`` (the collection was indexed
            with another model); ``cancelled`` (facts ``done_files``, ``total_files``: the
            files finished before stay indexed, the one under way is dropped);
            ``index_broken`` (the model returned vectors of the wrong shape).
        StorageError: the index could not be written (StorageFullError: disk full).
        OndolError: the embedding model failed (nothing of the file under way is kept).
    """
    info = store.collection(collection) if isinstance(collection, str) else collection
    store.set_model(info.id, embedder.model_id, embedder.dimensions)
    files = list(dict.fromkeys(Path(p).absolute() for p in paths))
    report = IndexReport()
    for done, path in enumerate(files):
        _check(cancel, done, len(files))
        _index_one(store, info.id, path, embedder, report, cancel, (done, len(files)),
                   progress)
        if progress is not None:
            progress(done + 1, len(files), report.chunks)
    return report


def _index_one(store: IndexStore, collection_id: int, path: Path, embedder: Embedder,
               report: IndexReport, cancel: threading.Event | None, place: tuple[int, int],
               progress: Progress | None) -> None:
    """Index one file, or record why it could not be read."""
    try:
        stat = path.stat()
    except OSError as exc:
        reason = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
        store.record_failure(collection_id, path, 0, 0, reason)
        report.failed[path] = reason
        return
    document_id = store.begin_document(collection_id, path, stat.st_size, stat.st_mtime_ns)
    written = 0
    try:
        for batch in _batches(chunk_passages(read_passages(path, cancel))):
            _check(cancel, *place)
            vectors = _embed(embedder, [chunk.text for chunk in batch])
            store.add_chunks(document_id, [
                ChunkRow(ordinal=c.ordinal, text=c.text, page=c.page, heading=c.heading,
                         offset=c.offset, vector=v) for c, v in zip(batch, vectors, strict=True)])
            written += len(batch)
            report.chunks += len(batch)
            if progress is not None:
                progress(place[0], place[1], report.chunks)
        _check(cancel, *place)  # the reader ends quietly when cancelled: not a whole file
    except DocumentError as exc:
        store.discard_document(document_id)
        report.chunks -= written
        _check(cancel, *place)  # the reader stopped because of the cancel
        reason = str(exc.facts.get("reason", "unreadable"))
        store.record_failure(collection_id, path, stat.st_size, stat.st_mtime_ns, reason)
        report.failed[path] = reason
        return
    except BaseException:
        store.discard_document(document_id)
        report.chunks -= written
        raise
    store.finish_document(document_id)
    report.indexed.append(path)


def _batches(chunks: Iterator[Chunk]) -> Iterator[list[Chunk]]:
    iterator = iter(chunks)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """The batch's vectors, normalised again (the search's dot product is a cosine)."""
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    if vectors.shape != (len(texts), embedder.dimensions):
        raise RetrievalError(
            f"The embedding model returned vectors of shape {vectors.shape} for {len(texts)} "
            f"texts of {embedder.dimensions} dimensions.", detail=f"shape {vectors.shape}",
            reason="index_broken")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _check(cancel: threading.Event | None, done: int, total: int) -> None:
    """Raise ``cancelled`` if the caller asked to stop."""
    if cancel is not None and cancel.is_set():
        raise RetrievalError("Indexing was cancelled.", done_files=done, total_files=total,
                             reason="cancelled")


def file_signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or None when it cannot be read: what tells a changed file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
