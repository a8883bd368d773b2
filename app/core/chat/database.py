"""One SQLite connection, opened safely, shared under a lock, with typed errors.

``ChatStore`` builds on this; it knows the tables, this knows the file: refusing a file that
is not ours before writing a byte to it, WAL mode, transactions that always end, and turning
``sqlite3`` failures (disk full, damaged file) into Ondol's error hierarchy.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.chat.schema import SCHEMA_VERSION, check_version, migrate
from app.core.errors import CorruptDatabaseError, OndolError, StorageError, StorageFullError

SQLITE_MAGIC = b"SQLite format 3\x00"


class Database:
    """An open, up-to-date SQLite file. Usable from several threads, one call at a time."""

    def __init__(self, path: Path) -> None:
        """Open the database at ``path`` (creating it if missing) and migrate it.

        The connection is in autocommit mode (``transaction()`` BEGINs explicitly), with WAL,
        ``synchronous=NORMAL`` (a crash may lose the last commits, never the file) and foreign
        keys on. A file that is refused is left byte for byte as it was.

        Raises:
            CorruptDatabaseError: not a SQLite database, damaged, or one Ondol did not make.
            DatabaseTooNewError: the schema version is newer than this code knows.
            StorageFullError: the disk filled up while migrating (the old version is kept).
            StorageError: the file or its folder cannot be opened or created.
        """
        self.path = path
        self._lock = threading.RLock()  # one statement sequence at a time on the connection
        _check_header(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the folder for the chat database {path}: {exc}",
                               path=str(path), errno=exc.errno, reason="chat_folder",
                               detail=exc.strerror or str(exc)) from exc
        with sqlite_errors(path):
            conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None,
                                   check_same_thread=False)
        try:
            with sqlite_errors(path):
                # Checks first: journal_mode=WAL rewrites the header, and a refused file
                # must stay untouched.
                version = check_version(conn, path)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")  # a no-op inside a transaction
                # SQLite stores whatever bytes another tool wrote; one row of invalid UTF-8
                # must read as replacement characters, not fail the whole chat list.
                conn.text_factory = _decode_text
                if version < SCHEMA_VERSION:
                    migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn

    def close(self) -> None:
        """Close the connection (idempotent); the last one out folds the WAL into the file."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with typed errors; statements autocommit.

        Raises:
            StorageError: closed, or a storage failure (see ``translate_sqlite_error``).
        """
        with self._lock, sqlite_errors(self.path):
            if self._conn is None:
                raise StorageError(f"The chat database {self.path} is closed.",
                                   path=str(self.path), reason="chat_db_closed")
            yield self._conn

    @contextmanager
    def transaction(self, immediate: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT under the lock; rolled back on any error, COMMIT's own included.

        Raises:
            StorageError: closed, or a storage failure (StorageFullError: disk full).
        """
        with self.reading() as conn:
            # IMMEDIATE takes the write lock up front, so a second Ondol waits (``timeout``)
            # instead of failing half-way through with SQLITE_BUSY.
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself after some errors
                    conn.rollback()
                raise

    def write_one(self, sql: str, params: Any, missing: OndolError) -> None:
        """One statement as its own transaction (one commit); raise ``missing`` if it touched
        no row.

        Raises:
            OndolError: ``missing``; StorageError on a storage failure.
        """
        with self.reading() as conn:
            if conn.execute(sql, params).rowcount == 0:
                raise missing


def _decode_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _check_header(path: Path) -> None:
    """Refuse a non-empty file without SQLite's magic bytes before SQLite opens it at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"Cannot read the chat database {path}: {exc}",
                           path=str(path), errno=exc.errno, reason="chat_db_read",
                           detail=exc.strerror or str(exc)) from exc
    if head and head != SQLITE_MAGIC:  # an empty file is a valid empty database
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
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+; the text covers 3.10
    text = str(exc)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return StorageFullError(
            f"The disk holding the chat database {path} is full; the last change was not "
            "saved. Free some space and try again.", path=str(path), reason="chat_db")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or (
            type(exc) is sqlite3.DatabaseError
            and ("malformed" in text or "not a database" in text)):
        return corrupt_error(path)
    if isinstance(exc, sqlite3.OperationalError):
        return StorageError(f"Reading or writing the chat database {path} failed: {text}",
                            path=str(path), sqlite_error=name or text, reason="chat_db_io",
                            detail=text)
    return None


def corrupt_error(path: Path) -> CorruptDatabaseError:
    """The error for a file that is damaged or not a SQLite database at all."""
    return CorruptDatabaseError(
        f"The chat database {path} is damaged or is not a SQLite database. Ondol left the "
        "file untouched; move it aside to start a new one.", path=str(path), reason="damaged")
