"""One damaged row (hand-edited or written by a broken tool) never hides the other chats."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.chat.store import ChatStore
from tests.core.chat_store_helpers import texts, turn

DEEP = "[" * 100_000 + "]" * 100_000

BAD_JSON = ["{not json", DEEP, '"a string"', "[1, 2]", "NaN", "", "\udcff"]


def _damage(path: Path, sql: str, *args: object) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, args)
    conn.close()


@pytest.mark.parametrize("bad", BAD_JSON, ids=range(len(BAD_JSON)))
def test_chat_with_bad_params_is_listed_with_no_params(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "chats.db"
    with ChatStore(path) as store:
        good = store.create_chat("Good")
        store.set_chat_settings(good.id, params={"temperature": 0.3})
        broken = store.create_chat("Broken")
        store.set_chat_settings(broken.id, params={"temperature": 0.9})
    _damage(path, "UPDATE chats SET params_json = ? WHERE id = ?",
            bad.encode("utf-8", "surrogatepass") if "\udcff" in bad else bad, broken.id)
    with ChatStore(path) as store:
        chats = {c.title: c for c in store.list_chats()}
        assert set(chats) == {"Good", "Broken"}
        assert chats["Good"].params == {"temperature": 0.3}
        assert chats["Broken"].params == {}
        assert store.get_chat(broken.id).params == {}
        assert store.list_chats("Brok")[0].id == broken.id
        store.set_chat_settings(broken.id, params={"top_k": 5})  # and it can be repaired
        assert store.get_chat(broken.id).params == {"top_k": 5}


def test_message_with_bad_stats_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    with ChatStore(path) as store:
        chat = store.create_chat()
        _user, reply = turn(store, chat.id, "Hi", "Hello")
    _damage(path, "UPDATE messages SET stats_json = ? WHERE id = ?", DEEP, reply)
    with ChatStore(path) as store:
        conversation = store.load_conversation(chat.id)
        assert texts(conversation) == ["Hi", "Hello"]
        assert conversation.last_message().stats is None


def test_invalid_utf8_text_reads_as_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    with ChatStore(path) as store:
        store.create_chat("Good")
        broken = store.create_chat("Broken")
        _user, reply = turn(store, broken.id, "Hi", "Hello")
    _damage(path, "UPDATE chats SET title = CAST(x'ff41' AS TEXT) WHERE id = ?", broken.id)
    _damage(path, "UPDATE messages SET content = CAST(x'48ff' AS TEXT) WHERE id = ?", reply)
    with ChatStore(path) as store:
        assert sorted(c.title for c in store.list_chats()) == ["Good", "\ufffdA"]
        assert texts(store.load_conversation(broken.id)) == ["Hi", "H\ufffd"]
