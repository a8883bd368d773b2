"""The index file's tables, its schema versions and the migrations.

The version lives in ``PRAGMA user_version`` and the file is marked as an Ondol index by
``PRAGMA application_id`` (so the chat database, or any other SQLite file, is never taken for
one). ``MIGRATIONS[i]`` takes the file from version ``i`` to ``i + 1``; a new file runs them
all, in one transaction, so a crash or a full disk mid-way leaves the old version intact.

Version 1::

    collections(id, name unique, kind 'folder'|'attachments', folder, model_id, dimensions,
                created, generation (bumped whenever its searchable chunks change),
                replaces -> collections: a rebuild being built for that collection, hidden)
    documents(id, collection_id -> collections ON DELETE CASCADE, path, size, mtime_ns,
              status 'ok'|'error'|'indexing', error_reason, chunk_count, indexed)
    chunks(id, document_id -> documents ON DELETE CASCADE, ordinal, text, page, heading,
           offset, vector BLOB: ``dimensions`` little-endian float32, L2-normalised)

A document is written as ``indexing`` batch by batch and becomes ``ok`` (replacing the older
row for the same path) in one transaction, so search never sees half a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.core.errors import CorruptDatabaseError, DatabaseTooNewError

APPLICATION_ID = 0x4F4E4458  # "ONDX"


def _create_v1(conn: sqlite3.Connection) -> None:
    """An empty file → version 1."""
    for sql in (
        """CREATE TABLE collections (
               id INTEGER PRIMARY KEY,
               name TEXT NOT NULL UNIQUE,
               kind TEXT NOT NULL CHECK (kind IN ('folder', 'attachments')),
               folder TEXT,
               model_id TEXT,
               dimensions INTEGER,
               created REAL NOT NULL,
               generation INTEGER NOT NULL DEFAULT 0,
               replaces INTEGER REFERENCES collections(id) ON DELETE CASCADE)""",
        """CREATE TABLE documents (
               id INTEGER PRIMARY KEY,
               collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
               path TEXT NOT NULL,
               size INTEGER NOT NULL,
               mtime_ns INTEGER NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'indexing')),
               error_reason TEXT,
               chunk_count INTEGER NOT NULL DEFAULT 0,
               indexed REAL NOT NULL)""",
        # One finished row per path; a file being re-indexed has a second, 'indexing' row.
        """CREATE UNIQUE INDEX documents_by_path ON documents(collection_id, path)
               WHERE status != 'indexing'""",
        """CREATE TABLE chunks (
               id INTEGER PRIMARY KEY,
               document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
               ordinal INTEGER NOT NULL,
               text TEXT NOT NULL,
               page INTEGER,
               heading TEXT,
               offset INTEGER NOT NULL,
               vector BLOB NOT NULL)""",
        "CREATE INDEX chunks_by_document ON chunks(document_id, ordinal)",
        "CREATE INDEX collections_by_replaces ON collections(replaces)",
    ):
        conn.execute(sql)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # takes no parameters


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_create_v1,)
SCHEMA_VERSION = len(MIGRATIONS)


def check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, if this code can use it. Reads only; writes nothing.

    Raises:
        DatabaseTooNewError: newer than ``SCHEMA_VERSION`` (reason ``index_too_new``).
        CorruptDatabaseError: a SQLite file that is not an Ondol index (``index_not_ondol``).
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if (version == 0 and has_tables) or (version > 0 and app_id != APPLICATION_ID):
        raise CorruptDatabaseError(
            f"{path} is a SQLite database, but not an Ondol index. It was left untouched.",
            path=str(path), reason="index_not_ondol")
    if version > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The index {path} was written by a newer version of Ondol (schema {version}; "
            f"this version knows up to {SCHEMA_VERSION}). It was left untouched.",
            path=str(path), found_version=version, supported_version=SCHEMA_VERSION,
            reason="index_too_new")
    return version


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to ``SCHEMA_VERSION`` in one transaction; on any error nothing changes.

    Raises:
        sqlite3.Error: a step failed (the caller turns it into a typed error).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # again, under the lock
        if version < SCHEMA_VERSION:
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
