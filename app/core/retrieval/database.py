"""The index's SQLite file, opened safely: one connection shared under a lock, typed errors.

It knows the file, ``schema`` knows the tables and ``store`` the rows. A file that is not an
Ondol index (no SQLite magic, another program's tables, damaged pages) is refused before a byte
of it is written, and left as it was; ``sqlite3`` failures become Ondol's storage errors (disk
full, damaged, I/O), so the caller never sees a bare ``sqlite3`` exception for a storage fault.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.errors import CorruptDatabaseError, OndolError, StorageError, StorageFullError
from app.core.retrieval.schema import SCHEMA_VERSION, check_version, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"


class IndexDatabase:
    """An open, up-to-date index file. Usable from several threads, one call at a time."""

    def __init__(self, path: Path) -> None:
        """Open the index at ``path`` (created if missing) and migrate it to ``SCHEMA_VERSION``.

        Autocommit connection (``transaction()`` BEGINs explicitly), WAL, ``synchronous=NORMAL``
        (a crash may lose the last commits, never the file), foreign keys on.

        Raises:
            CorruptDatabaseError: not SQLite, damaged, or a SQLite file Ondol's index did not
                make (reasons ``index_damaged``, ``index_not_ondol``); the file is untouched.
            DatabaseTooNewError: written by a newer Ondol (reason ``index_too_new``).
            StorageFullError: the disk filled up while migrating (the old version is kept).
            StorageError: the file or its folder cannot be opened or created.
        """
        self.path = path
        self._lock = threading.RLock()
        _check_header(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the folder for the index {path}: {exc}",
                               path=str(path), errno=exc.errno, reason="index_folder",
                               detail=exc.strerror or str(exc)) from exc
        with sqlite_errors(path):
            conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None,
                                   check_same_thread=False)
        try:
            with sqlite_errors(path):
                # Checks first: journal_mode=WAL rewrites the header, and a refused file must
                # stay untouched.
                version = check_version(conn, path)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.text_factory = _decode_text
                if version < SCHEMA_VERSION:
                    migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock, with typed errors; statements autocommit.

        Raises:
            StorageError: closed (reason ``index_db_closed``), or a storage failure.
        """
        with self._lock, sqlite_errors(self.path):
            if self._conn is None:
                raise StorageError(f"The index {self.path} is closed.", path=str(self.path),
                                   reason="index_db_closed")
            yield self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT under the lock; rolled back on any error.

        Raises:
            StorageError: closed, or a storage failure (StorageFullError: disk full).
        """
        with self.reading() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise


def _decode_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _check_header(path: Path) -> None:
    """Refuse a non-empty file without SQLite's magic bytes before SQLite opens it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"Cannot read the index {path}: {exc}", path=str(path),
                           errno=exc.errno, reason="index_db_read",
                           detail=exc.strerror or str(exc)) from exc
    if head and head != SQLITE_MAGIC:
        raise corrupt_error(path)


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn sqlite3's storage failures into typed errors; programming errors pass unchanged.

    Raises:
        StorageFullError, CorruptDatabaseError, StorageError: see ``translate_sqlite_error``.
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        typed = translate_sqlite_error(exc, path)
        if typed is None:
            raise
        raise typed from exc


def translate_sqlite_error(exc: sqlite3.Error, path: Path) -> OndolError | None:
    """The typed error for a storage failure, or None for a bug (bad SQL, a constraint)."""
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return StorageFullError(f"The disk holding the index {path} is full; the last change "
                                "was not saved.", path=str(path), reason="index_db")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or (
            type(exc) is sqlite3.DatabaseError
            and ("malformed" in text or "not a database" in text)):
        return corrupt_error(path)
    if isinstance(exc, sqlite3.OperationalError):
        return StorageError(f"Reading or writing the index {path} failed: {text}",
                            path=str(path), sqlite_error=name or text, reason="index_db_io",
                            detail=text)
    return None


def corrupt_error(path: Path) -> CorruptDatabaseError:
    """The error for an index file that is damaged or not a SQLite database at all."""
    return CorruptDatabaseError(f"The index {path} is damaged or is not a SQLite database; it "
                                "was left untouched.", path=str(path), reason="index_damaged")
