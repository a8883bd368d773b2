"""The tool calls an answer made, as they are kept with its message version.

Each call is a ``ToolStep``: the tool, its server, the arguments the model wrote, what the
user decided and what came back. An answer's steps are stored as one JSON document in
``message_tools`` (schema version 4), beside the message and never read when chats are
listed or searched; each regenerated version has its own row, so it keeps its own calls.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.chat.database import Database

logger = logging.getLogger(__name__)

# A step's state: waiting for the user, running, answered, or why it went nowhere.
ASKING, RUNNING, DONE, DENIED, INVALID, FAILED, SKIPPED = (
    "asking", "running", "done", "denied", "invalid", "failed", "skipped")
SETTLED = frozenset({DONE, DENIED, INVALID, FAILED, SKIPPED})


@dataclass
class ToolStep:
    """One call the model made. ``arguments`` is the JSON text it wrote; ``at`` where in
    the answer's text it was written; ``reason`` an error result's code (``tool_error``,
    ``server_crashed``, ``timeout``, ``invalid_arguments``, ``not_found``...)."""

    call_id: str
    name: str
    server: str
    tool: str
    arguments: str
    state: str = ASKING
    result: str = ""
    is_error: bool = False
    truncated: bool = False
    reason: str | None = None
    at: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The step as plain JSON data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ToolStep:
        """A step read back; unknown keys (from a newer Ondol) are ignored.

        Raises:
            TypeError: a required key is missing.
        """
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def encode_steps(steps: list[ToolStep]) -> str:
    """The JSON text stored for an answer's steps."""
    return json.dumps({"steps": [s.to_dict() for s in steps]}, ensure_ascii=False)


def decode_steps(text: str) -> list[ToolStep]:
    """Steps from their stored JSON.

    Raises:
        ValueError: the text is not the stored shape.
    """
    try:
        data = json.loads(text)
        return [ToolStep.from_dict(item) for item in data["steps"]]
    except (TypeError, KeyError, json.JSONDecodeError) as exc:
        raise ValueError(f"damaged tool steps: {exc}") from None


class ToolStepsStore:
    """``ChatStore``'s reading and writing of tool steps (it supplies ``_db``)."""

    _db: Database

    def save_tool_steps(self, message_id: int, steps: list[ToolStep]) -> None:
        """Keep an answer's tool steps (replacing any kept before); none: the row goes.

        Raises:
            StorageError: the write failed (the message must exist).
        """
        with self._db.transaction() as conn:
            if not steps:
                conn.execute("DELETE FROM message_tools WHERE message_id = ?", (message_id,))
                return
            conn.execute("INSERT OR REPLACE INTO message_tools (message_id, data) VALUES (?, ?)",
                         (message_id, encode_steps(steps)))

    def load_tool_steps(self, message_id: int) -> list[ToolStep]:
        """An answer's tool steps; [] when it made no calls, or when they are damaged (logged).

        Raises:
            StorageError: the read failed.
        """
        with self._db.reading() as conn:
            return _read(conn, message_id)

    def tool_steps_of(self, message_ids: list[int]) -> dict[int, list[ToolStep]]:
        """The steps of each of these answers that made calls (one read for a whole chat).

        Raises:
            StorageError: the read failed.
        """
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        with self._db.reading() as conn:
            rows = conn.execute(f"SELECT message_id, data FROM message_tools WHERE "
                                f"message_id IN ({marks})", message_ids).fetchall()
        out: dict[int, list[ToolStep]] = {}
        for message_id, data in rows:
            try:
                out[message_id] = decode_steps(data)
            except ValueError as exc:
                logger.warning("message %s: %s", message_id, exc)
        return out


def _read(conn: sqlite3.Connection, message_id: int) -> list[ToolStep]:
    row = conn.execute("SELECT data FROM message_tools WHERE message_id = ?",
                       (message_id,)).fetchone()
    if row is None:
        return []
    try:
        return decode_steps(row[0])
    except ValueError as exc:
        logger.warning("message %s: %s", message_id, exc)
        return []
