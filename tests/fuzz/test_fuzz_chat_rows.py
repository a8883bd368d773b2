"""Chat rows holding anything SQLite can store (text, invalid UTF-8, blobs, numbers, NULL
where allowed) in the JSON, title, content, role and link columns, written behind Ondol's back.

Property: opening the store, listing (with and without a search), reading each chat and loading
each conversation raise nothing but OndolError; the database file is byte-identical after
reading; the untouched chat is still listed and found by search. Bounds: 5 s and 64 MiB per
pass (tests/fuzz/bounds.py).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from app.core.chat.store import ChatStore
from tests.core.chat_store_helpers import turn
from tests.fuzz.bounds import bounded
from tests.fuzz.strategies import JSON

# What a column can hold when another tool wrote it: SQLite does not enforce declared types.
CELL = st.one_of(
    st.builds(json.dumps, JSON), st.text(max_size=30), st.binary(max_size=30),
    st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
    st.sampled_from(["{", "[" * 5000 + "]" * 5000, "\udcff", "user", "assistant", "system"]),
)
_NULLABLE = st.one_of(st.none(), CELL)
# (table, column, may it be NULL): the rest are NOT NULL in the schema.
_COLUMNS = [("chats", "params_json", False), ("chats", "title", False),
            ("chats", "model", True), ("chats", "system_prompt", False),
            ("chats", "overflow_policy", False), ("chats", "updated_at", False),
            ("messages", "stats_json", True), ("messages", "content", False),
            ("messages", "role", False), ("messages", "model", True),
            ("messages", "complete", False), ("messages", "parent_id", True),
            ("messages", "created_at", False)]


@st.composite
def _damage(draw: st.DrawFn) -> list[tuple[str, str, int, Any]]:
    """(table, column, row id, value) edits; ids 1-2 exist in both tables (chats and messages
    of chat 1; chat 2 is the bystander that must stay readable)."""
    edits = []
    for _ in range(draw(st.integers(1, 5))):
        table, column, nullable = draw(st.sampled_from(_COLUMNS))
        value = draw(_NULLABLE if nullable else CELL)
        if column == "parent_id" and draw(st.booleans()):
            value = draw(st.integers(-1, 5))  # cycles, self-parents, missing parents
        edits.append((table, column, 1 if table == "chats" else draw(st.integers(1, 2)), value))
    return edits


def _sql_value(value: Any) -> Any:
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) and (
        "\udcff" in value) else value


def _read_everything(path: Path) -> tuple[int, int]:
    """Every read the app does at start-up and when a chat is opened; (chats, messages) seen."""
    seen_chats, seen_messages = 0, 0
    with ChatStore(path) as store:
        for search in ("", "hi", "ä"):
            store.list_chats(search)
        for chat in store.list_chats():
            seen_chats += 1
            store.get_chat(chat.id)
            conversation = store.load_conversation(chat.id)
            seen_messages += len(conversation)
            conversation.messages_for_model("system")
            for message in conversation.messages.values():
                conversation.version_index(message.id)
    return seen_chats, seen_messages


@given(_damage())
@example([("chats", "title", 1, b"")])  # a blob title once made every search fail
@example([("chats", "title", 1, 7), ("messages", "content", 2, b"\xff")])
def test_damaged_rows_read_as_data_or_typed_error(edits: list[tuple[str, str, int, Any]]) -> None:
    """Bounds: 5 s and 64 MiB for all the reads; the file is not changed by them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chats.db"
        with ChatStore(path) as store:
            damaged, bystander = store.create_chat("Damaged"), store.create_chat("Fine")
            turn(store, damaged.id, "hi", "hello")
            turn(store, bystander.id, "Hi there", "Hello")
        conn = sqlite3.connect(path)
        with conn:
            for table, column, row_id, value in edits:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                             (_sql_value(value), row_id))
        conn.close()
        before = path.read_bytes()
        bounded(lambda: _read_everything(path))
        assert path.read_bytes() == before
        with ChatStore(path) as store:  # the untouched chat is always there, whole
            assert "Fine" in [c.title for c in store.list_chats()]
            assert bystander.id in [c.id for c in store.list_chats("THERE")]  # search works
            assert len(store.load_conversation(bystander.id)) == 2
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["chats.db"]
