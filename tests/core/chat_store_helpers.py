"""Helpers for the chat store tests: a turn of a chat, and the texts of a conversation."""

from __future__ import annotations

from app.core.chat.conversation import Conversation
from app.core.chat.store import ChatStore


def turn(store: ChatStore, chat_id: int, question: str, answer: str) -> tuple[int, int]:
    """Send ``question`` after the end of the active path and answer it; return both ids."""
    last = store.load_conversation(chat_id).last_message()
    user = store.add_message(chat_id, last.id if last else None, "user", question)
    reply = store.add_message(chat_id, user.id, "assistant", answer, model="smollm2")
    return user.id, reply.id


def texts(conversation: Conversation) -> list[str]:
    return [m.content for m in conversation.active_path()]
