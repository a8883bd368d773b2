"""The conversation store with files from elsewhere (old, newer, damaged, foreign databases),
and export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.core.chat.export import export_json, export_markdown
from app.core.chat.schema import SCHEMA_VERSION
from app.core.chat.store import ChatStore
from app.core.errors import CorruptDatabaseError, DatabaseTooNewError
from tests.core.chat_store_helpers import texts as _texts
from tests.core.chat_store_helpers import turn as _turn

# --- files from elsewhere ------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE chats (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created_at REAL NOT NULL,
                    updated_at REAL NOT NULL);
CREATE TABLE messages (id INTEGER PRIMARY KEY,
                       chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
                       role TEXT NOT NULL, content TEXT NOT NULL, created_at REAL NOT NULL);
CREATE INDEX messages_by_chat ON messages(chat_id, id);
PRAGMA user_version = 1;
"""


def test_migrates_a_version_1_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    raw.executescript(V1_SCHEMA)
    raw.executemany("INSERT INTO chats VALUES (?, ?, ?, ?)",
                    [(1, "Old chat", 100.0, 200.0), (2, "Other", 100.0, 300.0)])
    # Interleaved ids across chats, as a real v1 file would have.
    raw.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?)", [
        (1, 1, "user", "안녕", 101.0), (2, 2, "user", "other q", 102.0),
        (3, 1, "assistant", "안녕하세요", 103.0), (4, 2, "assistant", "other a", 104.0),
        (5, 1, "user", "온돌?", 105.0), (6, 1, "assistant", "바닥 난방", 106.0)])
    raw.commit()
    raw.close()

    with ChatStore(db_path) as store:
        conv = store.load_conversation(1)
        assert [(m.id, m.parent_id) for m in conv.active_path()] == [
            (1, None), (3, 1), (5, 3), (6, 5)]
        assert _texts(conv) == ["안녕", "안녕하세요", "온돌?", "바닥 난방"]
        assert all(m.complete and m.stats is None for m in conv.active_path())
        assert [m.parent_id for m in store.load_conversation(2).active_path()] == [None, 2]
        chat = store.get_chat(1)
        assert (chat.title, chat.params, chat.overflow_policy) == ("Old chat", {}, "drop_oldest")
        assert [c.id for c in store.list_chats("온돌")] == [1]
        # The migrated chat works like a new one: regenerate the last answer.
        store.add_message(1, 5, "assistant", "온돌은 바닥 난방")
        assert store.load_conversation(1).version_index(6) == (1, 2)
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    raw.executescript("CREATE TABLE chats (id INTEGER PRIMARY KEY, future TEXT);"
                      f"PRAGMA user_version = {SCHEMA_VERSION + 1};")
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as caught:
        ChatStore(db_path)
    assert "newer version of Ondol" in str(caught.value) and str(db_path) in str(caught.value)
    assert caught.value.facts["found_version"] == SCHEMA_VERSION + 1
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.parametrize("content", [
    b"This is a text file, not a database.\n" * 10,
    b"SQLite format 3\x00" + b"\xff" * 2000,  # the magic, then garbage
])
def test_non_database_file_is_a_typed_error(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(CorruptDatabaseError) as caught:
        ChatStore(db_path)
    assert str(db_path) in str(caught.value) and "untouched" in str(caught.value)
    assert isinstance(caught.value, OSError)
    assert db_path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    raw.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="not an Ondol chat database"):
        ChatStore(db_path)
    assert db_path.read_bytes() == before


# --- export --------------------------------------------------------------------------------


def test_export_markdown_and_json(store: ChatStore) -> None:
    chat = store.create_chat("온돌 대화", system_prompt="한국어로 답하세요.")
    q, a1 = _turn(store, chat.id, "온돌이 뭐예요?", "첫 번째 답")
    a2 = store.add_message(chat.id, q, "assistant", "", model="smollm2", complete=False)
    stats = {"generated_tokens": 12, "decode_tokens_per_second": 48.25,
             "time_to_first_token": 0.31, "stop_reason": "stop"}
    store.update_message(a2.id, "두 번째 답", complete=True, stats=stats)
    summary, conv = store.get_chat(chat.id), store.load_conversation(chat.id)

    markdown = export_markdown(summary, conv)
    assert markdown.startswith("# 온돌 대화\n\n**System**\n\n한국어로 답하세요.\n\n**User**\n\n")
    assert markdown.endswith(
        "**Assistant**\n\n두 번째 답\n\n"
        "*smollm2 · 12 tokens · 48.2 tok/s · first token 0.31 s · stop: stop*\n")
    assert "첫 번째 답" not in markdown  # only the active path

    text = export_json(summary, conv)
    assert "온돌" in text  # not \\uXXXX-escaped
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("ondol-chat", 1)
    assert data["chat"]["system_prompt"] == "한국어로 답하세요."
    by_id = {m["id"]: m for m in data["messages"]}
    assert set(by_id) == {q, a1, a2.id}  # every version
    assert by_id[a1]["parent_id"] == q and by_id[a2.id]["parent_id"] == q
    assert by_id[a2.id]["selected"] and not by_id[a1]["selected"]
    assert by_id[a2.id]["stats"] == stats and by_id[a2.id]["model"] == "smollm2"
    assert data["active_path"] == [q, a2.id]
    assert by_id[q]["created_at"] > 0
