"""What a question was sent with: its attached files, the text the model saw from them, and
the passages that answer it (the sources shown under the answer).

A user message keeps one ``Grounding`` as JSON in ``message_attachments`` (schema version 5),
beside the message and never read when chats are listed or searched; its images (PNG, as the
projector got them) in ``message_images``. ``context`` is exactly what the model was given
before the question, so a later turn sends the same history again whatever happened to the
files since; editing a question makes a new message with its own grounding.
"""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.chat.database import Database

logger = logging.getLogger(__name__)

# How a file reached the model: whole, as retrieved passages, as an image, or not at all.
WHOLE, RETRIEVED, IMAGE, FAILED = "whole", "retrieved", "image", "failed"


def _known(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that ``cls`` has (a newer Ondol may have written more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass
class Attachment:
    """One attached file. ``reason`` is a ``document`` error reason when ``mode`` is FAILED;
    ``tokens`` the file's size in tokens when it was read whole."""

    name: str
    path: str
    mode: str
    size: int = 0
    tokens: int = 0
    pages: int | None = None
    reason: str | None = None


@dataclass
class Source:
    """A passage given to the model, numbered as the model was told to cite it."""

    number: int
    name: str
    path: str
    text: str  # the passage (what opening the source shows)
    page: int | None = None
    heading: str | None = None
    offset: int = 0
    score: float = 0.0
    collection: str = ""


@dataclass
class Grounding:
    """A question's attachments, the context the model got before it, and its sources."""

    attachments: list[Attachment] = field(default_factory=list)
    context: str = ""
    sources: list[Source] = field(default_factory=list)
    mode: str = ""  # WHOLE, RETRIEVED or "" (nothing added)

    @property
    def empty(self) -> bool:
        """Nothing attached and nothing added."""
        return not (self.attachments or self.context or self.sources)

    def to_json(self) -> str:
        """The stored JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Grounding:
        """A grounding read back.

        Raises:
            ValueError: the text is not the stored shape.
        """
        try:
            data = json.loads(text)
            return cls(
                attachments=[Attachment(**_known(Attachment, a)) for a in data["attachments"]],
                context=str(data.get("context", "")),
                sources=[Source(**_known(Source, s)) for s in data.get("sources", [])],
                mode=str(data.get("mode", "")))
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"damaged attachments: {exc}") from None


class GroundingStore:
    """``ChatStore``'s reading and writing of groundings and images (it supplies ``_db``)."""

    _db: Database

    def save_grounding(self, message_id: int, grounding: Grounding,
                       images: list[bytes] | None = None) -> None:
        """Keep a question's grounding and images (replacing any kept before).

        Raises:
            StorageError: the write failed (the message must exist).
        """
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM message_images WHERE message_id = ?", (message_id,))
            if grounding.empty:
                conn.execute("DELETE FROM message_attachments WHERE message_id = ?",
                             (message_id,))
            else:
                conn.execute("INSERT OR REPLACE INTO message_attachments (message_id, data) "
                             "VALUES (?, ?)", (message_id, grounding.to_json()))
            for number, png in enumerate(images or []):
                conn.execute("INSERT INTO message_images (message_id, number, png) "
                             "VALUES (?, ?, ?)", (message_id, number, png))

    def groundings_of(self, chat_id: int) -> dict[int, Grounding]:
        """Every grounding kept in the chat, by message (damaged ones are logged, left out).

        Raises:
            StorageError: the read failed.
        """
        with self._db.reading() as conn:
            return read_groundings(conn, chat_id)

    def load_images(self, message_id: int) -> list[bytes]:
        """A question's images in the order they were attached.

        Raises:
            StorageError: the read failed.
        """
        with self._db.reading() as conn:
            return _images(conn, message_id)


def _images(conn: sqlite3.Connection, message_id: int) -> list[bytes]:
    rows = conn.execute("SELECT png FROM message_images WHERE message_id = ? ORDER BY number",
                        (message_id,)).fetchall()
    return [bytes(row[0]) for row in rows if isinstance(row[0], bytes | memoryview)]


def read_groundings(conn: sqlite3.Connection, chat_id: int) -> dict[int, Grounding]:
    """Every grounding kept in the chat, by message; damaged ones are logged and left out
    (a row written by another tool must not hide the chat)."""
    rows = conn.execute(
        "SELECT a.message_id, a.data FROM message_attachments AS a "
        "JOIN messages AS m ON m.id = a.message_id WHERE m.chat_id = ?", (chat_id,)).fetchall()
    out: dict[int, Grounding] = {}
    for message_id, data in rows:
        try:
            out[message_id] = Grounding.from_json(data)
        except ValueError as exc:
            logger.warning("message %s: %s", message_id, exc)
    return out


def read_images(conn: sqlite3.Connection, chat_id: int) -> dict[int, list[bytes]]:
    """Every image kept in the chat, by message, in the order they were attached."""
    rows = conn.execute(
        "SELECT i.message_id, i.png FROM message_images AS i JOIN messages AS m "
        "ON m.id = i.message_id WHERE m.chat_id = ? ORDER BY i.message_id, i.number",
        (chat_id,)).fetchall()
    out: dict[int, list[bytes]] = {}
    for message_id, png in rows:
        if isinstance(png, bytes | memoryview):
            out.setdefault(message_id, []).append(bytes(png))
    return out


def image_part(png: bytes) -> dict[str, Any]:
    """An image as an OpenAI-style content part (an inline data URL, never an address)."""
    return {"type": "image_url",
            "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode()}}
