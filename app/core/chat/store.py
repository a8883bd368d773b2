"""Conversations on disk: one SQLite file (WAL) holding every chat, message and version.

Each finished message is committed at once; a streaming answer is saved with
``update_message`` about once a second (one UPDATE, one commit), so a crash loses at most the
last second. The file handling (WAL, locking, typed errors) is in ``database.py``, the schema
and its migrations in ``schema.py``, the in-memory tree in ``conversation.py``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from enum import Enum
from pathlib import Path
from typing import Any

from app.core.chat.attachments import GroundingStore, read_groundings, read_images
from app.core.chat.columns import fold, json_object, to_json
from app.core.chat.conversation import (
    DEFAULT_TITLE,
    ChatSummary,
    Conversation,
    StoredMessage,
    make_title,
)
from app.core.chat.database import Database
from app.core.chat.logprobs import AnswerLogprobs, read_logprobs, write_logprobs
from app.core.chat.tool_steps import ToolStepsStore
from app.core.errors import (
    ChatNotFoundError,
    InvalidParameterError,
    MessageNotFoundError,
)
from app.core.types.chat import ROLES, OverflowPolicy, Role

logger = logging.getLogger(__name__)


class _Unset(Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET  # "leave this setting as it is" (None is a real value for ``model``)

_CHAT_COLUMNS = ("id, title, created_at, updated_at, model, system_prompt, params_json, "
                 "overflow_policy")
_MESSAGE_COLUMNS = ("id, chat_id, parent_id, role, content, created_at, model, stats_json, "
                    "complete, EXISTS (SELECT 1 FROM message_logprobs AS l "
                    "WHERE l.message_id = messages.id)")
# Selects ``message_id`` as the child of its parent; also the existence check (rowcount 0).
_SELECT_SQL = ("INSERT OR REPLACE INTO selected_children (chat_id, parent_id, child_id) "
               "SELECT chat_id, parent_id, id FROM messages WHERE id = ?")


class ChatStore(ToolStepsStore, GroundingStore):
    """All chats in one SQLite file. Safe to share between the GUI thread and a worker."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the store at ``path``, migrating an older schema.

        Raises:
            CorruptDatabaseError: the file is not a SQLite database, is damaged or is foreign.
            DatabaseTooNewError: the file comes from a newer Ondol (it is left untouched).
            StorageFullError: the disk filled up while migrating.
            StorageError: the file cannot be opened or created.
        """
        self.path = Path(path)
        self._db = Database(self.path)
        with self._db.reading() as conn:
            conn.create_function("ondolfold", 1, fold, deterministic=True)

    def close(self) -> None:
        """Close the file (idempotent); later calls raise StorageError."""
        self._db.close()

    def __enter__(self) -> ChatStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- chats -----------------------------------------------------------------------------

    def create_chat(self, title: str = DEFAULT_TITLE, model: str | None = None,
                    system_prompt: str = "") -> ChatSummary:
        """Add an empty chat and return it.

        Raises:
            StorageFullError: the disk is full.
            StorageError: the write failed.
        """
        with self._db.transaction() as conn:
            now = _touch_time(conn)
            cursor = conn.execute(
                "INSERT INTO chats (title, created_at, updated_at, model, system_prompt) "
                "VALUES (?, ?, ?, ?, ?)", (title, now, now, model, system_prompt))
            row = conn.execute(f"SELECT {_CHAT_COLUMNS} FROM chats WHERE id = ?",
                               (cursor.lastrowid,)).fetchone()
        return _summary(row)

    def list_chats(self, search: str = "") -> list[ChatSummary]:
        """Chats, most recently updated first; ``search`` keeps those whose title or any
        message (any version) contains it, ignoring case (Unicode-aware).

        Raises:
            StorageError: the read failed (CorruptDatabaseError if the file is damaged).
        """
        needle = fold(search.strip()) or ""
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = (f"SELECT {_CHAT_COLUMNS} FROM chats AS c WHERE :needle = '' "
               "OR ondolfold(c.title) LIKE :pattern ESCAPE '\\' "
               "OR EXISTS (SELECT 1 FROM messages AS m WHERE m.chat_id = c.id "
               "           AND ondolfold(m.content) LIKE :pattern ESCAPE '\\') "
               "ORDER BY c.updated_at DESC, c.id DESC")
        with self._db.reading() as conn:
            rows = conn.execute(sql, {"needle": needle, "pattern": pattern}).fetchall()
        return [_summary(row) for row in rows]

    def models_last_used(self) -> dict[str, float]:
        """Library name -> the Unix time of the newest answer that model wrote, in any chat
        (what the model picker shows as "last used"; nothing else records it).

        Raises:
            StorageError: the database cannot be read.
        """
        with self._db.reading() as conn:
            rows = conn.execute("SELECT model, MAX(created_at) FROM messages "
                                "WHERE model IS NOT NULL GROUP BY model").fetchall()
        return {str(model): float(when) for model, when in rows if when is not None}

    def get_chat(self, chat_id: int) -> ChatSummary:
        """One chat's summary and settings.

        Raises:
            ChatNotFoundError: there is no such chat.
            StorageError: the read failed.
        """
        with self._db.reading() as conn:
            return _summary(_chat_row(conn, chat_id))

    def rename_chat(self, chat_id: int, title: str) -> None:
        """Give the chat a new title (not empty; surrounding blanks are trimmed).

        Raises:
            InvalidParameterError: the title is empty.
            ChatNotFoundError: there is no such chat.
            StorageError: the write failed (StorageFullError if the disk is full).
        """
        title = " ".join(title.split())
        if not title:
            raise InvalidParameterError("A chat title cannot be empty.", field="title",
                                        reason="empty_title")
        self._db.write_one("UPDATE chats SET title = ? WHERE id = ?", (title, chat_id),
                           _chat_missing(chat_id))

    def delete_chat(self, chat_id: int) -> None:
        """Delete the chat with all its messages, versions and selections.

        Raises:
            ChatNotFoundError: there is no such chat.
            StorageError: the write failed.
        """
        self._db.write_one("DELETE FROM chats WHERE id = ?", (chat_id,), _chat_missing(chat_id))

    def set_chat_settings(self, chat_id: int, *, model: str | _Unset | None = UNSET,
                          system_prompt: str | _Unset = UNSET,
                          params: dict[str, Any] | _Unset = UNSET,
                          overflow_policy: OverflowPolicy | str | _Unset = UNSET) -> None:
        """Change only the settings given; ``model=None`` clears the model.

        Raises:
            InvalidParameterError: ``params`` is not JSON-able or the policy is unknown.
            ChatNotFoundError: there is no such chat.
            StorageError: the write failed.
        """
        changes: dict[str, Any] = {}
        if model is not UNSET:
            changes["model"] = model
        if system_prompt is not UNSET:
            changes["system_prompt"] = system_prompt
        if params is not UNSET:
            changes["params_json"] = to_json(params, "params")
        if overflow_policy is not UNSET:
            try:
                changes["overflow_policy"] = OverflowPolicy(overflow_policy).value
            except ValueError:
                raise InvalidParameterError(
                    f"Unknown overflow policy {overflow_policy!r}; expected one of "
                    f"{[p.value for p in OverflowPolicy]}.", field="overflow_policy",
                    value=str(overflow_policy), reason="not_one_of",
                    allowed=[p.value for p in OverflowPolicy]) from None
        if not changes:
            self.get_chat(chat_id)  # still say so if the chat does not exist
            return
        assignments = ", ".join(f"{column} = :{column}" for column in changes)  # fixed names
        self._db.write_one(f"UPDATE chats SET {assignments} WHERE id = :id",
                           {**changes, "id": chat_id}, _chat_missing(chat_id))

    # --- messages --------------------------------------------------------------------------

    def load_conversation(self, chat_id: int) -> Conversation:
        """Every message of the chat (all versions) and the selected versions.

        Raises:
            ChatNotFoundError: there is no such chat.
            StorageError: the read failed.
        """
        with self._db.transaction(immediate=False) as conn:  # one snapshot for all three reads
            _chat_row(conn, chat_id)
            rows = conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? "
                                "ORDER BY id", (chat_id,)).fetchall()
            selected = conn.execute("SELECT parent_id, child_id FROM selected_children "
                                    "WHERE chat_id = ?", (chat_id,)).fetchall()
            grounded, images = read_groundings(conn, chat_id), read_images(conn, chat_id)
        messages = [_message(row) for row in rows]
        for message in messages:
            message.grounding = grounded.get(message.id)
            message.images = images.get(message.id, [])
        return Conversation(chat_id, messages, dict(selected))

    def add_message(self, chat_id: int, parent_id: int | None, role: Role, content: str,
                    model: str | None = None, complete: bool = True, *,
                    stats: dict[str, Any] | None = None) -> StoredMessage:
        """Add a message under ``parent_id`` (None: first level) and select it there.

        Also marks the chat updated, and titles a chat still called "New chat" from its
        first user message.

        Raises:
            InvalidParameterError: unknown role, or ``stats`` is not JSON-able.
            ChatNotFoundError: there is no such chat.
            MessageNotFoundError: the parent does not exist in this chat.
            StorageError: the write failed (StorageFullError if the disk is full).
        """
        if role not in ROLES:
            raise InvalidParameterError(f"Unknown message role {role!r}.", field="role",
                                        value=str(role), reason="not_one_of",
                                        allowed=list(ROLES))
        stats_json = None if stats is None else to_json(stats, "stats")
        with self._db.transaction() as conn:
            now = _touch_time(conn)
            title = _chat_row(conn, chat_id)[1]
            if parent_id is not None:
                owner = conn.execute("SELECT chat_id FROM messages WHERE id = ?",
                                     (parent_id,)).fetchone()
                if owner is None or owner[0] != chat_id:
                    raise _message_missing(parent_id)
            cursor = conn.execute(
                "INSERT INTO messages (chat_id, parent_id, role, content, created_at, model, "
                "stats_json, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (chat_id, parent_id, role, content, now, model, stats_json, int(complete)))
            message_id = cursor.lastrowid
            assert message_id is not None  # an INSERT always sets it
            conn.execute(_SELECT_SQL, (message_id,))
            if title == DEFAULT_TITLE and role == "user" and make_title(content):
                title = make_title(content)
            conn.execute("UPDATE chats SET updated_at = ?, title = ? WHERE id = ?",
                         (now, title, chat_id))
        return StoredMessage(message_id, chat_id, parent_id, role, content, now, model,
                             stats, complete)

    def update_message(self, message_id: int, content: str, *, complete: bool | None = None,
                       stats: dict[str, Any] | None = None,
                       logprobs: AnswerLogprobs | None = None) -> None:
        """Replace a message's text (the streaming save); ``complete``/``stats`` if given,
        and its token ``logprobs`` (whose pieces should join to ``content``) in the same commit.

        One UPDATE (two with logprobs), one commit: cheap enough to call every second.

        Raises:
            InvalidParameterError: ``stats`` is not JSON-able.
            MessageNotFoundError: there is no such message.
            StorageError: the write failed (StorageFullError if the disk is full).
        """
        stats_json = None if stats is None else to_json(stats, "stats")
        done = None if complete is None else int(complete)
        with self._db.transaction() as conn:
            if conn.execute(
                    "UPDATE messages SET content = ?, complete = coalesce(?, complete), "
                    "stats_json = coalesce(?, stats_json) WHERE id = ?",
                    (content, done, stats_json, message_id)).rowcount == 0:
                raise _message_missing(message_id)
            if logprobs is not None:
                write_logprobs(conn, message_id, logprobs)

    def load_logprobs(self, message_id: int) -> AnswerLogprobs | None:
        """An answer's token log-probabilities; None when it has none (an answer from before
        they were kept, a question, an error) or when they are damaged (logged).

        Raises:
            StorageError: the read failed.
        """
        with self._db.reading() as conn:
            return read_logprobs(conn, message_id)

    def select_version(self, message_id: int) -> None:
        """Make this message the selected version among its siblings.

        Raises:
            MessageNotFoundError: there is no such message.
            StorageError: the write failed.
        """
        self._db.write_one(_SELECT_SQL, (message_id,), _message_missing(message_id))

    def delete_message(self, message_id: int) -> None:
        """Delete a message and everything under it (later turns, their versions).

        If it was the selected version, its parent falls back to the newest remaining
        sibling, or to nothing when none is left.

        Raises:
            MessageNotFoundError: there is no such message.
            StorageError: the write failed.
        """
        with self._db.transaction() as conn:
            row = conn.execute("SELECT chat_id, parent_id FROM messages WHERE id = ?",
                               (message_id,)).fetchone()
            if row is None:
                raise _message_missing(message_id)
            chat_id, parent_id = row
            # One statement for the whole subtree: the parent_id foreign key is checked at its
            # end, and selections of deleted messages go by ON DELETE CASCADE.
            conn.execute(
                "WITH RECURSIVE subtree(id) AS (SELECT ? UNION ALL SELECT m.id FROM messages "
                "AS m JOIN subtree ON m.parent_id = subtree.id) "
                "DELETE FROM messages WHERE id IN (SELECT id FROM subtree)", (message_id,))
            conn.execute(
                "INSERT OR IGNORE INTO selected_children (chat_id, parent_id, child_id) "
                "SELECT chat_id, parent_id, max(id) FROM messages "
                "WHERE chat_id = ? AND parent_id IS ? HAVING max(id) IS NOT NULL",
                (chat_id, parent_id))


def _touch_time(conn: sqlite3.Connection) -> float:
    """Now, but always later than any chat's ``updated_at``: the chat touched last sorts
    first even with a coarse clock (Windows) or one that was set back."""
    latest = conn.execute("SELECT max(updated_at) FROM chats").fetchone()[0]
    now = time.time()
    return now if latest is None or now > latest else latest + 1e-6


def _chat_row(conn: sqlite3.Connection, chat_id: int) -> tuple[Any, ...]:
    row = conn.execute(f"SELECT {_CHAT_COLUMNS} FROM chats WHERE id = ?", (chat_id,)).fetchone()
    if row is None:
        raise _chat_missing(chat_id)
    return row


def _chat_missing(chat_id: int) -> ChatNotFoundError:
    return ChatNotFoundError(f"There is no chat {chat_id}.", chat_id=chat_id)


def _message_missing(message_id: int) -> MessageNotFoundError:
    return MessageNotFoundError(f"There is no message {message_id}.", message_id=message_id)


def _summary(row: tuple[Any, ...]) -> ChatSummary:
    chat_id, title, created, updated, model, system_prompt, params_json, policy = row
    params = json_object(params_json, f"chat {chat_id} parameters") or {}
    return ChatSummary(chat_id, title, created, updated, model, system_prompt, params, policy)


def _message(row: tuple[Any, ...]) -> StoredMessage:
    message_id, chat_id, parent_id, role, content, created, model, stats_json, complete, lp = row
    stats = None if stats_json is None else json_object(stats_json,
                                                         f"message {message_id} statistics")
    return StoredMessage(message_id, chat_id, parent_id, role, content, created, model,
                         stats, bool(complete), bool(lp))
