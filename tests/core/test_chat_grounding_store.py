"""A question's attachments, context and sources kept with it, and sent again with history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.chat.attachments import FAILED, RETRIEVED, Attachment, Grounding, Source
from app.core.chat.store import ChatStore


def _grounding() -> Grounding:
    return Grounding(
        attachments=[Attachment("보고서.pdf", "/d/보고서.pdf", RETRIEVED, size=10, pages=3),
                     Attachment("x.bin", "/d/x.bin", FAILED, reason="binary")],
        context="[1] 보고서.pdf, page 2\n온돌은 바닥 난방이에요.",
        sources=[Source(1, "보고서.pdf", "/d/보고서.pdf", "온돌은 바닥 난방이에요.", page=2,
                        heading="개요", offset=120, score=0.8)],
        mode=RETRIEVED)


def test_a_grounding_round_trips_and_goes_before_the_question(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "chats.sqlite3") as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "온돌이 뭐예요?")
        store.save_grounding(question.id, _grounding(), [b"\x89PNG one", b"\x89PNG two"])
        answer = store.add_message(chat.id, question.id, "assistant", "바닥 난방이에요 [1].")
        conv = store.load_conversation(chat.id)
        kept = conv.messages[question.id].grounding
        assert kept == _grounding()
        assert conv.messages[answer.id].grounding is None
        sent = conv.messages_for_model()
        text, *images = sent[0]["content"]
        assert text["text"] == f"{_grounding().context}\n\n온돌이 뭐예요?"
        assert len(images) == 2
        assert sent[1]["content"] == "바닥 난방이에요 [1]."
        assert store.load_images(question.id) == [b"\x89PNG one", b"\x89PNG two"]
        store.save_grounding(question.id, Grounding())  # nothing: both rows go
        assert store.load_conversation(chat.id).messages[question.id].grounding is None
        assert store.load_images(question.id) == []


def test_deleting_a_message_deletes_its_grounding_and_images(tmp_path: Path) -> None:
    path = tmp_path / "chats.sqlite3"
    with ChatStore(path) as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "q")
        store.save_grounding(question.id, _grounding(), [b"png"])
        store.delete_message(question.id)
    with sqlite3.connect(path) as raw:
        counts = [raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("message_attachments", "message_images")]
    raw.close()
    assert counts == [0, 0]


def test_a_damaged_grounding_leaves_the_chat_readable(tmp_path: Path) -> None:
    path = tmp_path / "chats.sqlite3"
    with ChatStore(path) as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "q")
        store.save_grounding(question.id, _grounding())
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE message_attachments SET data = '{\"attachments\": 5}'")
    raw.close()
    with ChatStore(path) as store:
        conv = store.load_conversation(chat.id)
        assert conv.messages[question.id].grounding is None
        assert conv.messages_for_model()[0]["content"] == "q"


def test_a_question_with_images_is_sent_as_text_and_image_parts(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "chats.sqlite3") as store:
        chat = store.create_chat()
        question = store.add_message(chat.id, None, "user", "이 사진에 뭐가 있어요?")
        store.save_grounding(question.id, Grounding(attachments=[
            Attachment("cat.png", "/p/cat.png", "image")]), [b"\x89PNG"])
        conv = store.load_conversation(chat.id)
        content = conv.messages_for_model()[0]["content"]
        assert content == [
            {"type": "text", "text": "이 사진에 뭐가 있어요?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}}]
