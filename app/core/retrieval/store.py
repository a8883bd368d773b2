"""The searchable index: collections of documents cut into chunks, each with its vector.

Storage decision: vectors are float32 BLOBs in SQLite (``data_dir/"index.sqlite3"``, beside
the chats), and search is an exact numpy matrix product over a collection's vectors, kept in
memory per collection once loaded and dropped when the collection changes (a generation
counter in its row). Why not sqlite-vec: the Python Ondol ships is built without SQLite
extension loading (``sqlite3.Connection.enable_load_extension`` is missing), so the extension
cannot load; and sqlite-vec's vec0 search is itself brute force, which numpy does in a few ms
for 10,000 × 768 vectors.

A collection is a user's folder kept up to date (kind ``folder``) or the files attached to one
chat (kind ``attachments``, named by the caller, e.g. ``"chat:<id>"``). Its embedding model
(``model_id``, ``dimensions``) is set by the first indexing; vectors of another model are
never mixed in (``RetrievalError`` ``embedding_changed``: rebuild it).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.errors import RetrievalError
from app.core.retrieval.database import IndexDatabase

KINDS = ("folder", "attachments")
MAX_NAME = 200
_REBUILD_SUFFIX = "\x00rebuild"  # no valid name holds a control character


@dataclass(frozen=True)
class CollectionInfo:
    """A collection, with counts of its documents (``failed``: files that could not be read)."""

    id: int
    name: str
    kind: str
    folder: Path | None
    model_id: str | None
    dimensions: int | None
    created: float
    generation: int
    documents: int = 0
    failed: int = 0
    chunks: int = 0

    @property
    def status(self) -> str:
        """``empty`` (nothing indexed yet), ``errors`` (some files failed) or ``ready``."""
        if self.documents == 0:
            return "empty"
        return "errors" if self.failed else "ready"


@dataclass(frozen=True)
class DocumentInfo:
    """One file of a collection as last indexed."""

    path: Path
    size: int
    mtime_ns: int
    status: str  # "ok" | "error"
    error_reason: str | None
    chunk_count: int


@dataclass(frozen=True)
class ChunkRow:
    """One chunk to store; ``vector`` is a float32 row of the collection's dimensions."""

    ordinal: int
    text: str
    page: int | None
    heading: str | None
    offset: int
    vector: np.ndarray


_COLLECTION_COLUMNS = ("c.id, c.name, c.kind, c.folder, c.model_id, c.dimensions, c.created, "
                       "c.generation")
_COUNTS = """(SELECT count(*) FROM documents d WHERE d.collection_id = c.id
                  AND d.status != 'indexing'),
             (SELECT count(*) FROM documents d WHERE d.collection_id = c.id
                  AND d.status = 'error'),
             (SELECT coalesce(sum(d.chunk_count), 0) FROM documents d
                  WHERE d.collection_id = c.id AND d.status = 'ok')"""


def _info(row: tuple) -> CollectionInfo:
    return CollectionInfo(id=row[0], name=row[1], kind=row[2],
                          folder=Path(row[3]) if row[3] is not None else None,
                          model_id=row[4], dimensions=row[5], created=row[6],
                          generation=row[7], documents=row[8], failed=row[9], chunks=row[10])


def validate_name(name: str) -> str:
    """``name`` stripped, if it can name a collection.

    Raises:
        RetrievalError: reason ``bad_name``: empty, too long, or with control characters.
    """
    clean = name.strip() if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_NAME or any(ord(ch) < 32 or ord(ch) == 127
                                                 for ch in clean):
        raise RetrievalError(f"{name!r} cannot name a collection.", name=str(name)[:MAX_NAME],
                             reason="bad_name")
    return clean


class IndexStore:
    """The index file and its collections. Thread-safe: one statement sequence at a time."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the index at ``path``; rows left half-written by a crash go.

        Raises:
            CorruptDatabaseError, DatabaseTooNewError, StorageFullError, StorageError: see
                ``IndexDatabase``; a refused file is left untouched.
        """
        self.path = path
        self.db = IndexDatabase(path)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE status = 'indexing'")

    def close(self) -> None:
        """Close the file (idempotent)."""
        self.db.close()

    def __enter__(self) -> IndexStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- collections ------------------------------------------------------------------

    def create_collection(self, name: str, folder: Path | None = None,
                          kind: str = "folder") -> CollectionInfo:
        """A new, empty collection: a folder to keep indexed, or a chat's attachments.

        Raises:
            RetrievalError: ``bad_name``; ``name_taken``; ``not_a_folder`` (kind ``folder``
                without an existing folder, fact ``path``; or an unknown ``kind``).
            StorageError: the index could not be written.
        """
        clean = validate_name(name)
        if kind not in KINDS or (kind == "folder") != (folder is not None):
            raise RetrievalError(f"A {kind!r} collection cannot have folder {folder}.",
                                 path=str(folder), kind=str(kind), reason="not_a_folder")
        stored: str | None = None
        if folder is not None:
            resolved = Path(folder).expanduser().resolve()
            if not resolved.is_dir():
                raise RetrievalError(f"{folder} is not a folder.", path=str(folder),
                                     reason="not_a_folder")
            stored = str(resolved)
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM collections WHERE name = ?", (clean,)).fetchone():
                raise RetrievalError(f"A collection named {clean!r} exists.", name=clean,
                                     reason="name_taken")
            conn.execute("INSERT INTO collections (name, kind, folder, created) "
                         "VALUES (?, ?, ?, ?)", (clean, kind, stored, time.time()))
        return self.collection(clean)

    def list_collections(self) -> list[CollectionInfo]:
        """Every collection (rebuilds under way are hidden), by name, with counts.

        Raises:
            StorageError: the index could not be read.
        """
        with self.db.reading() as conn:
            rows = conn.execute(f"SELECT {_COLLECTION_COLUMNS}, {_COUNTS} FROM collections c "
                                "WHERE c.replaces IS NULL ORDER BY c.name").fetchall()
        return [_info(row) for row in rows]

    def collection(self, name: str) -> CollectionInfo:
        """The collection called ``name``.

        Raises:
            RetrievalError: ``no_collection`` (fact ``name``).
            StorageError: the index could not be read.
        """
        with self.db.reading() as conn:
            row = conn.execute(f"SELECT {_COLLECTION_COLUMNS}, {_COUNTS} FROM collections c "
                               "WHERE c.name = ?", (name,)).fetchone()
        if row is None:
            raise RetrievalError(f"There is no collection {name!r}.", name=name,
                                 reason="no_collection")
        return _info(row)

    def delete_collection(self, name: str) -> None:
        """Forget a collection and everything indexed for it (its files are not touched).

        Raises:
            RetrievalError: ``no_collection``.
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            if conn.execute("DELETE FROM collections WHERE name = ?", (name,)).rowcount == 0:
                raise RetrievalError(f"There is no collection {name!r}.", name=name,
                                     reason="no_collection")
            conn.execute("DELETE FROM collections WHERE name = ?", (name + _REBUILD_SUFFIX,))

    def set_model(self, collection_id: int, model_id: str, dimensions: int) -> None:
        """Record the embedding model of a collection that has none yet.

        Raises:
            RetrievalError: ``embedding_changed``: it was indexed with another model.
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            row = conn.execute("SELECT name, model_id, dimensions FROM collections WHERE id = ?",
                               (collection_id,)).fetchone()
            if row is None:
                raise RetrievalError("The collection was deleted.", name=str(collection_id),
                                     reason="no_collection")
            if row[1] is None:
                conn.execute("UPDATE collections SET model_id = ?, dimensions = ? WHERE id = ?",
                             (model_id, dimensions, collection_id))
            elif (row[1], row[2]) != (model_id, dimensions):
                raise RetrievalError(
                    f"The collection {row[0]!r} was indexed with {row[1]}, not {model_id}.",
                    name=row[0], model_id=row[1], new_model_id=model_id,
                    reason="embedding_changed")

    # --- documents ----------------------------------------------------------------------

    def documents(self, collection_id: int) -> list[DocumentInfo]:
        """The finished documents of a collection, by path.

        Raises:
            StorageError: the index could not be read.
        """
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT path, size, mtime_ns, status, error_reason, chunk_count FROM documents "
                "WHERE collection_id = ? AND status != 'indexing' ORDER BY path",
                (collection_id,)).fetchall()
        return [DocumentInfo(Path(r[0]), *r[1:]) for r in rows]

    def begin_document(self, collection_id: int, path: Path, size: int, mtime_ns: int) -> int:
        """A new ``indexing`` row for ``path``, invisible to search until finished.

        Raises:
            RetrievalError: ``no_collection``: the collection was deleted meanwhile.
            StorageError: the index could not be written.
        """
        with _deleted_meanwhile(), self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO documents (collection_id, path, size, mtime_ns, status, indexed) "
                "VALUES (?, ?, ?, ?, 'indexing', ?)",
                (collection_id, str(path), size, mtime_ns, time.time()))
        return int(cursor.lastrowid or 0)

    def add_chunks(self, document_id: int, rows: list[ChunkRow]) -> None:
        """Append a batch of chunks to an ``indexing`` document, in one transaction.

        Raises:
            RetrievalError: ``no_collection``: the collection was deleted meanwhile.
            StorageFullError: the disk is full (the batch is not written).
            StorageError: the index could not be written.
        """
        with _deleted_meanwhile(), self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO chunks (document_id, ordinal, text, page, heading, offset, vector) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(document_id, r.ordinal, r.text, r.page, r.heading, r.offset,
                  np.ascontiguousarray(r.vector, dtype="<f4").tobytes()) for r in rows])

    def finish_document(self, document_id: int) -> None:
        """Make an ``indexing`` document the searchable one for its path, in one transaction.

        Raises:
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            row = conn.execute("SELECT collection_id, path FROM documents WHERE id = ?",
                               (document_id,)).fetchone()
            if row is None:  # its collection was deleted meanwhile
                return
            conn.execute("DELETE FROM documents WHERE collection_id = ? AND path = ? "
                         "AND id != ?", (row[0], row[1], document_id))
            conn.execute("UPDATE documents SET status = 'ok', chunk_count = (SELECT count(*) "
                         "FROM chunks WHERE document_id = ?) WHERE id = ?",
                         (document_id, document_id))
            _bump(conn, row[0])

    def discard_document(self, document_id: int) -> None:
        """Drop an ``indexing`` document and its chunks (cancelled or failed).

        Raises:
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE id = ? AND status = 'indexing'",
                         (document_id,))

    def record_failure(self, collection_id: int, path: Path, size: int, mtime_ns: int,
                       reason: str) -> None:
        """Record that ``path`` could not be read (``reason``), replacing what was indexed.

        Raises:
            RetrievalError: ``no_collection`` (it was deleted meanwhile).
            StorageError: the index could not be written.
        """
        with _deleted_meanwhile(), self.db.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE collection_id = ? AND path = ? "
                         "AND status != 'indexing'", (collection_id, str(path)))
            conn.execute(
                "INSERT INTO documents (collection_id, path, size, mtime_ns, status, "
                "error_reason, indexed) VALUES (?, ?, ?, ?, 'error', ?, ?)",
                (collection_id, str(path), size, mtime_ns, reason, time.time()))
            _bump(conn, collection_id)

    def remove_documents(self, collection_id: int, paths: list[Path]) -> None:
        """Forget these files of a collection, in one transaction.

        Raises:
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM documents WHERE collection_id = ? AND path = ?",
                             [(collection_id, str(p)) for p in paths])
            _bump(conn, collection_id)

    # --- rebuilding with another model ------------------------------------------------------

    def begin_rebuild(self, name: str, model_id: str, dimensions: int) -> CollectionInfo:
        """A fresh hidden collection to index ``name`` again with another model (an earlier,
        unfinished one is dropped); ``name`` stays searchable meanwhile.

        Raises:
            RetrievalError: ``no_collection``.
            StorageError: the index could not be written.
        """
        old = self.collection(name)
        hidden = name + _REBUILD_SUFFIX
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE name = ?", (hidden,))
            conn.execute("INSERT INTO collections (name, kind, folder, model_id, dimensions, "
                         "created, replaces) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (hidden, old.kind, str(old.folder) if old.folder else None, model_id,
                          dimensions, time.time(), old.id))
        return self.collection(hidden)

    def finish_rebuild(self, name: str) -> None:
        """Swap the finished rebuild in for ``name``, in one transaction.

        Raises:
            RetrievalError: ``no_collection`` (no rebuild, or the collection was deleted).
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            row = conn.execute("SELECT id, replaces, model_id, dimensions FROM collections "
                               "WHERE name = ?", (name + _REBUILD_SUFFIX,)).fetchone()
            if row is None:
                raise RetrievalError(f"There is no collection {name!r}.", name=name,
                                     reason="no_collection")
            new_id, old_id, model_id, dimensions = row
            conn.execute("DELETE FROM documents WHERE collection_id = ?", (old_id,))
            conn.execute("UPDATE documents SET collection_id = ? WHERE collection_id = ?",
                         (old_id, new_id))
            conn.execute("UPDATE collections SET model_id = ?, dimensions = ? WHERE id = ?",
                         (model_id, dimensions, old_id))
            conn.execute("DELETE FROM collections WHERE id = ?", (new_id,))
            _bump(conn, old_id)

    def drop_rebuild(self, name: str) -> None:
        """Forget an unfinished rebuild of ``name`` (nothing if there is none).

        Raises:
            StorageError: the index could not be written.
        """
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE name = ?", (name + _REBUILD_SUFFIX,))


@contextmanager
def _deleted_meanwhile() -> Iterator[None]:
    """A row whose collection (or document) was deleted by another thread: say so."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if "FOREIGN KEY" not in str(exc):
            raise
        raise RetrievalError("The collection was deleted while it was being indexed.",
                             name="", reason="no_collection") from exc


def _bump(conn: sqlite3.Connection, collection_id: int) -> None:
    """A new generation: search's cached matrix for this collection is stale."""
    conn.execute("UPDATE collections SET generation = generation + 1 WHERE id = ?",
                 (collection_id,))
