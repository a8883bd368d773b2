"""An exported chat keeps the tool calls of its answers."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.chat.export import export_json, export_markdown
from app.core.chat.store import ChatStore
from app.core.chat.tool_steps import DENIED, DONE, ToolStep


def test_markdown_and_json_carry_each_answers_calls(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "chats.db") as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "2+3?")
        answer = store.add_message(chat.id, question.id, "assistant", "It is 5.")
        steps = [ToolStep("a", "add", "calc", "add", '{"a": 2, "b": 3}', DONE, "5"),
                 ToolStep("b", "now", "calc", "now", "{}", DENIED, "The user denied it.",
                          True, reason="denied")]
        store.save_tool_steps(answer.id, steps)
        summary, conversation = store.get_chat(chat.id), store.load_conversation(chat.id)
        kept = store.tool_steps_of(list(conversation.messages))
        markdown = export_markdown(summary, conversation, kept)
        data = json.loads(export_json(summary, conversation, kept))
        plain = export_markdown(summary, conversation)
    assert "tool: add · calc" in markdown and "result: 5" in markdown
    assert "denied: The user denied it." in markdown
    assert markdown.index("tool: add") < markdown.index("It is 5.")
    assert "tool:" not in plain
    by_id = {m["id"]: m for m in data["messages"]}
    assert [s["call_id"] for s in by_id[answer.id]["tool_steps"]] == ["a", "b"]
    assert "tool_steps" not in by_id[question.id]
