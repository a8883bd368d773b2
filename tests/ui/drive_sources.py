"""Runs the real window on the starter model for the attachments and sources screenshots.

    python -m tests.ui.drive_sources screenshots OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-sources-<theme>-<language>.png: a question sent with a long
        file (searched: three passages) and a file that could not be read, the starter model's
        real answer with its sources under it, then a question sent with a picture; prints "ok".

The answer is the real runtime's (SmolLM2 answers from the passages); the picture's question
is left unanswered, since the starter model cannot see images.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.core.chat.attachments import FAILED, RETRIEVED, Attachment, Grounding, Source
from tests.ui.driving import start_window
from tests.ui.driving import wait as _wait
from tests.ui.sources_chat import PASSAGES, image_grounding, picture_png

KO_PASSAGES = (
    ("온돌은 바닥을 데워요. 부엌 아궁이의 뜨거운 연기가 돌바닥 아래 고래를 지나 굴뚝으로 "
     "나가서, 방이 밤새 따뜻해요.", 2, "원리"),
    ("구들장은 열을 오래 품어요. 사람들은 바닥에 앉고 누워 지냈고, 그래서 한국 집의 가구는 "
     "낮았어요.", 3, "바닥 생활"),
    ("요즘 집은 연기 대신 뜨거운 물을 바닥 밑 관으로 보내지만, 생각과 이름은 그대로예요.", 5,
     "오늘날"),
)
WORDS = {
    "en": ("How does ondol heat a room?", "What is in this picture?", "ondol-history.txt",
           PASSAGES),
    "ko": ("온돌은 방을 어떻게 데워요?", "이 사진에 뭐가 있어요?", "온돌의-역사.txt", KO_PASSAGES),
}


def _grounding(folder: Path, language: str) -> Grounding:
    _, _, name, passages = WORDS[language]
    book = folder / name
    book.write_text("\n\n".join(text for text, _, _ in passages) * 40, encoding="utf-8")
    sources = [Source(n, name, str(book), text, page=page, heading=heading)
               for n, (text, page, heading) in enumerate(passages, start=1)]
    # As the chat's grounding words it: passages first, the instruction just before the question.
    blocks = [f"[{s.number}] {s.name}, page {s.page}, “{s.heading}”\n{s.text}" for s in sources]
    context = "\n\n".join(["Passages from the user's files, most relevant first:", *blocks,
                            "Answer the question below in full sentences, using these passages "
                            "when they hold the answer. After a sentence that uses a passage, "
                            "put the passage's number in brackets, like [1]."])
    return Grounding(
        attachments=[Attachment(name, str(book), RETRIEVED, size=book.stat().st_size),
                     Attachment("scan.bin", str(folder / "scan.bin"), FAILED, reason="binary")],
        context=context, sources=sources, mode=RETRIEVED)


def screenshots(out: Path, theme: str, language: str) -> None:
    window = start_window(theme, language, size=(1280, 1000))  # the starter model
    store, chat = window.store, window.chat
    question, picture_question, _, _ = WORDS[language]
    summary = store.create_chat(question)
    asked = store.add_message(summary.id, None, "user", question)
    store.save_grounding(asked.id, _grounding(Path(tempfile.mkdtemp()), language))
    placeholder = store.add_message(summary.id, asked.id, "assistant", "")
    chat.chatsChanged.emit()  # the sidebar lists it
    chat.open_chat(summary.id)
    window.params.temperature.setValue(0.3)
    window.params.seed.setValue(7)  # the same answer each time
    window.params.max_tokens.setValue(70)
    chat.regenerate(placeholder.id)  # the real model answers from the passages
    _wait(lambda: chat.busy)
    _wait(lambda: not chat.busy, timeout=120)
    answer = chat.conversation.active_path()[-1]
    assert answer.role == "assistant" and answer.content.strip(), "no real answer"
    shown = store.add_message(summary.id, answer.id, "user", picture_question)
    store.save_grounding(shown.id, image_grounding(), [picture_png()])
    chat.delete_message(placeholder.id)  # only the real answer stays; the chat is drawn again
    time.sleep(0.1)
    QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-sources-{theme}-{language}.png"))
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "screenshots":
        screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")
