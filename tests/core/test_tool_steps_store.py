"""Tool calls kept with the answer version that made them (schema version 4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.chat.schema import SCHEMA_VERSION
from app.core.chat.store import ChatStore
from app.core.chat.tool_steps import DENIED, DONE, ToolStep


def _step(call_id: str, state: str = DONE) -> ToolStep:
    return ToolStep(call_id, "add", "calc", "add", '{"a": 2, "b": 3}', state, "5", at=4)


def test_each_version_keeps_its_own_calls(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "chats.db") as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "2+3?")
        first = store.add_message(chat.id, question.id, "assistant", "It is 5.")
        second = store.add_message(chat.id, question.id, "assistant", "Five.")
        store.save_tool_steps(first.id, [_step("a"), _step("b", DENIED)])
        store.save_tool_steps(second.id, [_step("c")])
        assert [s.call_id for s in store.load_tool_steps(first.id)] == ["a", "b"]
        assert store.load_tool_steps(first.id)[1] == _step("b", DENIED)
        assert store.tool_steps_of([first.id, second.id, question.id]).keys() == {
            first.id, second.id}
        assert store.load_tool_steps(question.id) == []
        store.delete_message(first.id)  # its calls go with it
        assert store.tool_steps_of([first.id]) == {}
        store.save_tool_steps(second.id, [])
        assert store.load_tool_steps(second.id) == []


def test_a_version_3_file_gains_the_table(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    ChatStore(path).close()
    with sqlite3.connect(path) as conn:
        for table in ("message_tools", "message_attachments", "message_images"):
            conn.execute(f"DROP TABLE {table}")  # what versions 4 and 5 added
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    with ChatStore(path) as store:
        chat = store.create_chat()
        answer = store.add_message(chat.id, None, "assistant", "x")
        store.save_tool_steps(answer.id, [_step("a")])
        assert store.load_tool_steps(answer.id)[0].result == "5"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    conn.close()
