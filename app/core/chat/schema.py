"""The chat database on disk: opening it safely, its schema versions, and the migrations.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a database from
version ``i`` to ``i + 1``, and a new file is made by running all of them, so the migration
code is exercised on every fresh install, not only on old files. All pending steps run in one
transaction: a crash or a full disk mid-migration leaves the old version intact.

Version 1 (Ondol's first store), a flat list of messages per chat::

    chats(id, title, created_at, updated_at)
    messages(id, chat_id -> chats ON DELETE CASCADE, role, content, created_at)

Version 2 turns each chat into a tree, so regenerate and edit keep old versions::

    chats    + model, system_prompt, params_json ('{}'), overflow_policy ('drop_oldest')
    messages + parent_id -> messages (NULL: first level), model, stats_json, complete (0/1)
    selected_children(chat_id -> chats, parent_id, child_id -> messages), one row per parent

A version 1 chat becomes a chain: each message's parent is the one before it in that chat.

Version 3 keeps an answer's token log-probabilities beside it, in their own table so
that listing and searching messages never reads them::

    message_logprobs(message_id -> messages ON DELETE CASCADE, primary key; data BLOB)

``data`` is ``chat.logprobs.encode``'s blob. Answers written before version 3 have no row.

Version 4 keeps the tool calls an answer made (``chat.tool_steps``), the same way::

    message_tools(message_id -> messages ON DELETE CASCADE, primary key; data TEXT (JSON))

Version 5 (current) keeps what a question was sent with (``chat.attachments``): its files,
the text the model saw from them and the sources, and its images::

    message_attachments(message_id -> messages ON DELETE CASCADE, primary key; data TEXT)
    message_images(message_id -> messages ON DELETE CASCADE, number; png BLOB)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.core.errors import CorruptDatabaseError, DatabaseTooNewError


def _create_v1(conn: sqlite3.Connection) -> None:
    """An empty database → version 1."""
    for sql in (
        """CREATE TABLE chats (
               id INTEGER PRIMARY KEY,
               title TEXT NOT NULL,
               created_at REAL NOT NULL,
               updated_at REAL NOT NULL)""",
        """CREATE TABLE messages (
               id INTEGER PRIMARY KEY,
               chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
               role TEXT NOT NULL,
               content TEXT NOT NULL,
               created_at REAL NOT NULL)""",
        "CREATE INDEX messages_by_chat ON messages(chat_id, id)",
    ):
        conn.execute(sql)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 1 → 2: message tree, per-message model/stats/complete, per-chat settings."""
    for sql in (
        "ALTER TABLE chats ADD COLUMN model TEXT",
        "ALTER TABLE chats ADD COLUMN system_prompt TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE chats ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE chats ADD COLUMN overflow_policy TEXT NOT NULL DEFAULT 'drop_oldest'",
        # No ON DELETE CASCADE here: a long chain would cascade one trigger level per message
        # and hit SQLite's recursion limit; the store deletes whole subtrees in one statement.
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages(id)",
        "ALTER TABLE messages ADD COLUMN model TEXT",
        "ALTER TABLE messages ADD COLUMN stats_json TEXT",
        "ALTER TABLE messages ADD COLUMN complete INTEGER NOT NULL DEFAULT 1",
        # The flat list becomes a chain, in the order version 1 showed it (by id).
        """UPDATE messages SET parent_id = (
               SELECT max(p.id) FROM messages AS p
               WHERE p.chat_id = messages.chat_id AND p.id < messages.id)""",
        # Also what foreign-key checks use to find children when a message is deleted.
        "CREATE INDEX messages_by_parent ON messages(parent_id)",
        "CREATE INDEX chats_by_updated ON chats(updated_at)",
        """CREATE TABLE selected_children (
               chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
               parent_id INTEGER,
               child_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE)""",
        # One selection per parent; ifnull() because NULLs (the first level) never collide.
        """CREATE UNIQUE INDEX selected_children_slot
               ON selected_children(chat_id, ifnull(parent_id, 0))""",
        "CREATE INDEX selected_children_by_child ON selected_children(child_id)",
    ):
        conn.execute(sql)


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 2 → 3: per-answer token log-probabilities (none for the answers already there)."""
    conn.execute("""CREATE TABLE message_logprobs (
                        message_id INTEGER PRIMARY KEY
                            REFERENCES messages(id) ON DELETE CASCADE,
                        data BLOB NOT NULL)""")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 3 → 4: per-answer tool calls and results (none for the answers already there)."""
    conn.execute("""CREATE TABLE message_tools (
                        message_id INTEGER PRIMARY KEY
                            REFERENCES messages(id) ON DELETE CASCADE,
                        data TEXT NOT NULL)""")


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Version 4 → 5: questions' attachments and images (none for the messages already there)."""
    conn.execute("""CREATE TABLE message_attachments (
                        message_id INTEGER PRIMARY KEY
                            REFERENCES messages(id) ON DELETE CASCADE,
                        data TEXT NOT NULL)""")
    conn.execute("""CREATE TABLE message_images (
                        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        number INTEGER NOT NULL,
                        png BLOB NOT NULL,
                        PRIMARY KEY (message_id, number))""")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5)
SCHEMA_VERSION = len(MIGRATIONS)


def check_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, if this code can use it. Reads only; writes nothing.

    Raises:
        DatabaseTooNewError: the version is newer than ``SCHEMA_VERSION``.
        CorruptDatabaseError: version 0 with tables in it: a SQLite file Ondol did not make.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The chat database {path} was written by a newer version of Ondol (schema "
            f"{version}; this version knows up to {SCHEMA_VERSION}). It was left untouched; "
            "update Ondol to open it.",
            path=str(path), found_version=version, supported_version=SCHEMA_VERSION)
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise CorruptDatabaseError(
            f"{path} is a SQLite database, but not an Ondol chat database. It was left "
            "untouched; move it aside or choose another location.",
            path=str(path), reason="not_ondol")
    return version


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the database to ``SCHEMA_VERSION`` in one transaction (autocommit connection,
    foreign keys already on); on any error nothing changes.

    Raises:
        sqlite3.Error: a step failed (the caller turns it into a typed error).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another Ondol may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:  # never lower the version a newer Ondol just wrote
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")  # takes no parameters
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
