"""The conversation store: real SQLite files, the message tree, durability and crashes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.chat.store import ChatStore
from app.core.errors import (
    ChatNotFoundError,
    InvalidParameterError,
    MessageNotFoundError,
    StorageError,
    StorageFullError,
)
from tests.core.chat_store_helpers import texts as _texts
from tests.core.chat_store_helpers import turn as _turn

REPO = Path(__file__).resolve().parents[2]


# --- chats ---------------------------------------------------------------------------------


def test_create_list_rename_and_settings(store: ChatStore) -> None:
    first = store.create_chat("First", model="a.gguf", system_prompt="Be brief.")
    second = store.create_chat()
    assert [c.id for c in store.list_chats()] == [second.id, first.id]  # newest first
    store.add_message(first.id, None, "user", "hello")  # touching a chat moves it up
    assert [c.id for c in store.list_chats()] == [first.id, second.id]

    store.rename_chat(first.id, "  Renamed \n chat ")
    assert store.get_chat(first.id).title == "Renamed chat"
    with pytest.raises(InvalidParameterError):
        store.rename_chat(first.id, "   ")

    store.set_chat_settings(first.id, params={"temperature": 0.2, "n_ctx": 4096},
                            overflow_policy="stop_at_limit")
    chat = store.get_chat(first.id)
    assert chat.params == {"temperature": 0.2, "n_ctx": 4096}
    assert chat.overflow_policy == "stop_at_limit"
    assert (chat.model, chat.system_prompt) == ("a.gguf", "Be brief.")  # untouched
    store.set_chat_settings(first.id, model=None, system_prompt="")
    assert (store.get_chat(first.id).model, store.get_chat(first.id).system_prompt) == (None, "")
    with pytest.raises(InvalidParameterError):
        store.set_chat_settings(first.id, overflow_policy="sometimes")
    with pytest.raises(InvalidParameterError):
        store.set_chat_settings(first.id, params={"bad": object()})
    with pytest.raises(ChatNotFoundError):
        store.rename_chat(9999, "x")
    with pytest.raises(ChatNotFoundError):
        store.get_chat(9999)


def test_search_title_and_any_message_case_insensitive(store: ChatStore) -> None:
    cooking = store.create_chat("Cooking")
    korean = store.create_chat("Heating")
    literal = store.create_chat("Percent")
    _turn(store, korean.id, "온돌은 어떻게 작동하나요?", "바닥 난방입니다.")
    _turn(store, literal.id, "What is 100% of 5_000?", "5000")
    # An old version still counts: it is in the chat, just not shown.
    user_id, _ = _turn(store, cooking.id, "Recipe for ÄPFEL?", "Bake them.")
    store.add_message(cooking.id, user_id, "assistant", "Boil them.")

    def found(text: str) -> set[int]:
        return {c.id for c in store.list_chats(text)}

    assert found("온돌") == {korean.id}
    assert found("난방") == {korean.id}
    assert found("cooking") == {cooking.id}  # title, other case
    assert found("äpfel") == {cooking.id}  # non-ASCII case folding
    assert found("bake") == {cooking.id}  # a non-selected version
    assert found("100%") == {literal.id}  # % and _ are literal, not wildcards
    assert found("5_0") == {literal.id}
    assert found("%") == {literal.id}
    assert found("_") == {literal.id}
    assert found("nothing like this") == set()
    assert len(store.list_chats("  ")) == 3


def test_auto_title_from_first_user_message(store: ChatStore) -> None:
    chat = store.create_chat()
    assert chat.title == "New chat"
    long_text = ("\n\n  Explain   the difference between GGUF and AWQ quantisation formats "
                 "please\nmore")
    user = store.add_message(chat.id, None, "user", long_text)
    title = store.get_chat(chat.id).title
    assert title.startswith("Explain the difference between GGUF") and title.endswith("…")
    assert len(title) <= 41 and "\n" not in title
    store.add_message(chat.id, user.id, "user", "second message")  # only the first one names it
    assert store.get_chat(chat.id).title == title

    named = store.create_chat("Mine")
    store.add_message(named.id, None, "user", "온돌 이야기")
    assert store.get_chat(named.id).title == "Mine"  # a chosen title is kept
    korean = store.create_chat()
    store.add_message(korean.id, None, "user", "온돌 이야기")
    assert store.get_chat(korean.id).title == "온돌 이야기"


def test_delete_chat_cascades(store: ChatStore, db_path: Path) -> None:
    doomed, kept = store.create_chat(), store.create_chat()
    user_id, _ = _turn(store, doomed.id, "q", "a")
    store.add_message(doomed.id, user_id, "assistant", "a2")
    _turn(store, kept.id, "q", "a")
    store.delete_chat(doomed.id)
    assert [c.id for c in store.list_chats()] == [kept.id]
    with pytest.raises(ChatNotFoundError):
        store.load_conversation(doomed.id)
    with pytest.raises(ChatNotFoundError):
        store.delete_chat(doomed.id)
    raw = sqlite3.connect(db_path)
    for table in ("messages", "selected_children"):
        assert raw.execute(f"SELECT count(*) FROM {table} WHERE chat_id = ?",
                           (doomed.id,)).fetchone()[0] == 0
    assert raw.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    raw.close()


# --- the message tree ----------------------------------------------------------------------


def test_send_regenerate_select_and_edit(store: ChatStore) -> None:
    chat = store.create_chat()
    q1, a1 = _turn(store, chat.id, "Hi", "Hello!")
    q2, a2 = _turn(store, chat.id, "Name a fruit", "Apple")
    assert _texts(store.load_conversation(chat.id)) == ["Hi", "Hello!", "Name a fruit", "Apple"]

    # Regenerate: a new assistant sibling under the same user message; both are kept.
    a2b = store.add_message(chat.id, q2, "assistant", "", complete=False)
    store.update_message(a2b.id, "Banana", complete=True, stats={"generated_tokens": 2})
    conv = store.load_conversation(chat.id)
    assert [m.content for m in conv.siblings(a2)] == ["Apple", "Banana"]
    assert conv.version_index(a2b.id) == (2, 2) and conv.version_index(a2) == (1, 2)
    assert _texts(conv)[-1] == "Banana"

    store.select_version(a2)  # back to version 1
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["Hi", "Hello!", "Name a fruit", "Apple"]
    assert conv.version_index(a2b.id) == (2, 2)

    # Edit and resend the first question: a user sibling plus a fresh answer; old branch kept.
    q1b = store.add_message(chat.id, None, "user", "Hey")
    store.add_message(chat.id, q1b.id, "assistant", "Hey there")
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["Hey", "Hey there"]
    assert conv.version_index(q1b.id) == (2, 2)
    store.select_version(q1)
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["Hi", "Hello!", "Name a fruit", "Apple"]  # old branch intact
    assert len(conv) == 7
    assert conv.messages_for_model("Be brief.")[0] == {"role": "system", "content": "Be brief."}
    assert conv.get(a2b.id).stats == {"generated_tokens": 2}
    assert conv.get(a1).model == "smollm2"


def test_a_new_version_is_selected_even_after_choosing_an_older_one(store: ChatStore) -> None:
    chat = store.create_chat()
    q, a1 = _turn(store, chat.id, "q", "v1")
    store.add_message(chat.id, q, "assistant", "v2")
    store.select_version(a1)
    assert _texts(store.load_conversation(chat.id)) == ["q", "v1"]
    v3 = store.add_message(chat.id, q, "assistant", "v3")  # regenerate while v1 is shown
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["q", "v3"] and conv.version_index(v3.id) == (3, 3)


def test_in_memory_mirror_matches_the_store(store: ChatStore) -> None:
    chat = store.create_chat()
    conv = store.load_conversation(chat.id)
    user = store.add_message(chat.id, None, "user", "q")
    conv.add(user)
    pending = store.add_message(chat.id, user.id, "assistant", "", complete=False)
    conv.add(pending)
    # The empty answer being written is not sent to the model.
    assert conv.messages_for_model() == [{"role": "user", "content": "q"}]
    conv.select(user.id)
    assert conv.last_message() == pending
    reloaded = store.load_conversation(chat.id)
    assert [m.id for m in reloaded.active_path()] == [m.id for m in conv.active_path()]
    with pytest.raises(MessageNotFoundError):
        conv.version_index(12345)


def test_delete_selected_version_falls_back(store: ChatStore) -> None:
    chat = store.create_chat()
    q, a1 = _turn(store, chat.id, "q", "v1")
    a2 = store.add_message(chat.id, q, "assistant", "v2").id
    a3 = store.add_message(chat.id, q, "assistant", "v3").id
    follow = store.add_message(chat.id, a2, "user", "under v2").id
    store.select_version(a2)
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["q", "v2", "under v2"]

    store.delete_message(a2)  # selected, with a child: both go, the parent falls back
    conv_mem = conv
    assert sorted(conv_mem.remove(a2)) == sorted([a2, follow])
    conv = store.load_conversation(chat.id)
    assert follow not in conv.messages and a2 not in conv.messages
    assert _texts(conv) == ["q", "v3"] and conv.version_index(a3) == (2, 2)
    assert [m.id for m in conv_mem.active_path()] == [m.id for m in conv.active_path()]

    store.select_version(a1)
    store.delete_message(a3)  # not selected: the selection stays
    assert _texts(store.load_conversation(chat.id)) == ["q", "v1"]
    store.delete_message(a1)  # the last one: nothing left to select
    conv = store.load_conversation(chat.id)
    assert _texts(conv) == ["q"] and conv.children(q) == []
    with pytest.raises(MessageNotFoundError):
        store.delete_message(a1)


def test_message_errors(store: ChatStore) -> None:
    chat, other = store.create_chat(), store.create_chat()
    foreign = store.add_message(other.id, None, "user", "elsewhere")
    with pytest.raises(MessageNotFoundError):
        store.add_message(chat.id, foreign.id, "assistant", "wrong chat")
    with pytest.raises(ChatNotFoundError):
        store.add_message(9999, None, "user", "x")
    with pytest.raises(InvalidParameterError):
        store.add_message(chat.id, None, "robot", "x")  # type: ignore[arg-type]
    with pytest.raises(MessageNotFoundError):
        store.update_message(9999, "x")
    with pytest.raises(MessageNotFoundError):
        store.select_version(9999)


def test_long_chain_deletes_without_hitting_sqlite_recursion_limits(store: ChatStore) -> None:
    chat = store.create_chat()
    parent = None
    first = None
    for i in range(1200):  # past SQLite's default trigger depth of 1000
        parent = store.add_message(chat.id, parent, "user" if i % 2 == 0 else "assistant",
                                   str(i)).id
        first = first or parent
    assert len(store.load_conversation(chat.id).active_path()) == 1200
    store.delete_message(first)
    assert len(store.load_conversation(chat.id)) == 0
    store.delete_chat(chat.id)


# --- durability ----------------------------------------------------------------------------


def test_wal_mode_and_streaming_updates_survive_reopen(store: ChatStore, db_path: Path) -> None:
    chat = store.create_chat()
    user = store.add_message(chat.id, None, "user", "Tell me about 온돌")
    answer = store.add_message(chat.id, user.id, "assistant", "", complete=False)
    text = ""
    for piece in ("온돌은 ", "한국의 ", "전통 난방입니다."):
        text += piece
        store.update_message(answer.id, text)
        # Another connection (a second process would see the same) reads the committed text.
        other = sqlite3.connect(db_path)
        assert other.execute("SELECT content, complete FROM messages WHERE id = ?",
                             (answer.id,)).fetchone() == (text, 0)
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        other.close()
    store.update_message(answer.id, text, complete=True, stats={"generated_tokens": 9})
    store.close()
    with ChatStore(db_path) as reopened:
        message = reopened.load_conversation(chat.id).get(answer.id)
    assert (message.content, message.complete) == ("온돌은 한국의 전통 난방입니다.", True)
    assert message.stats == {"generated_tokens": 9}
    with pytest.raises(StorageError):
        store.list_chats()  # closed


def test_store_survives_a_process_killed_mid_stream(db_path: Path) -> None:
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from app.core.chat.store import ChatStore
        store = ChatStore(Path({str(db_path)!r}))
        chat = store.create_chat()
        user = store.add_message(chat.id, None, "user", "count")
        answer = store.add_message(chat.id, user.id, "assistant", "", complete=False)
        for i in range(1, 6):
            store.update_message(answer.id, " ".join(str(n) for n in range(1, i + 1)))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == -9, result.stderr
    assert Path(f"{db_path}-wal").exists()  # it died without checkpointing
    with ChatStore(db_path) as store:
        [chat] = store.list_chats()
        conv = store.load_conversation(chat.id)
        assert [m.content for m in conv.active_path()] == ["count", "1 2 3 4 5"]
        assert conv.last_message().complete is False  # the UI can offer to continue
        assert conv.messages_for_model()[-1] == {"role": "assistant", "content": "1 2 3 4 5"}
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_disk_full_is_a_typed_error_and_nothing_half_written(store: ChatStore) -> None:
    chat = store.create_chat()
    with store._db.reading() as conn:  # a real SQLITE_FULL: cap the file at its current size
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageFullError) as caught:
        store.add_message(chat.id, None, "user", "x" * 200_000)
    assert isinstance(caught.value, OSError)
    assert caught.value.facts["path"] == str(store.path) and str(store.path) in str(caught.value)
    assert len(store.load_conversation(chat.id)) == 0  # rolled back
    assert store.get_chat(chat.id).title == "New chat"
