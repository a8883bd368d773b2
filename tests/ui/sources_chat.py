"""A chat kept in the store whose questions were sent with files and images: a whole file, a
long file searched for three passages, a file that could not be read, a picture, and a
damaged and an oversized image blob (for the sources and attachments tests and screenshots)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.core.chat.attachments import (
    FAILED,
    IMAGE,
    RETRIEVED,
    WHOLE,
    Attachment,
    Grounding,
    Source,
)
from app.core.chat.store import ChatStore

PASSAGES = (
    ("Ondol heats the floor: hot smoke from the kitchen fire runs through channels under "
     "the stone floor before leaving by the chimney, so the room stays warm all night.", 2,
     "How it works"),
    ("The stones keep the heat for hours; people sit and sleep on the floor, which is why "
     "Korean homes kept furniture low.", 3, "Living on the floor"),
    ("Modern homes pipe hot water under the floor instead of smoke, but the idea and the "
     "name stayed.", 5, "Today"),
)


def picture_png(width: int = 640, height: int = 400) -> bytes:
    """A small landscape drawn with QPainter: sky, sun, hills (a test image)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#87b5e0"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#f6c945"))
    painter.drawEllipse(QPointF(width * 0.75, height * 0.28), height * 0.12, height * 0.12)
    painter.setBrush(QColor("#4f8a3c"))
    painter.drawEllipse(QRectF(-width * 0.2, height * 0.55, width * 0.9, height * 0.9))
    painter.setBrush(QColor("#3c6e2e"))
    painter.drawEllipse(QRectF(width * 0.35, height * 0.62, width * 0.9, height * 0.8))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def huge_png_header(side: int = 60_000) -> bytes:
    """A PNG whose header claims ``side`` × ``side`` pixels (no real pixel data)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(
        b"IEND", b"")


def sources_for(path: Path) -> list[Source]:
    return [Source(n, path.name, str(path), text, page=page, heading=heading, score=0.8)
            for n, (text, page, heading) in enumerate(PASSAGES, start=1)]


def retrieved_grounding(folder: Path) -> Grounding:
    """A long file searched (three passages sent) and a file that could not be read."""
    book = folder / "ondol-history.txt"
    book.write_text("\n\n".join(text for text, _, _ in PASSAGES) * 50, encoding="utf-8")
    return Grounding(
        attachments=[Attachment(book.name, str(book), RETRIEVED, size=40_000),
                     Attachment("scan.bin", str(folder / "scan.bin"), FAILED, reason="binary")],
        context="\n\n".join(f"[{n}] {text}" for n, (text, _, _) in enumerate(PASSAGES, 1)),
        sources=sources_for(book), mode=RETRIEVED)


def whole_grounding(folder: Path) -> Grounding:
    note = folder / "note.md"
    note.write_text("Ondol is floor heating.", encoding="utf-8")
    return Grounding(attachments=[Attachment(note.name, str(note), WHOLE, size=24, tokens=1234,
                                             pages=3)],
                     context="Ondol is floor heating.", mode=WHOLE)


def image_grounding() -> Grounding:
    return Grounding(attachments=[Attachment("hills.png", "/pictures/hills.png", IMAGE)])


def add_turn(store: ChatStore, chat_id: int, parent: int | None, question: str,
             grounding: Grounding | None, images: list[bytes], answer: str) -> tuple[int, int]:
    """A question kept with its grounding and images, and its answer: their ids."""
    asked = store.add_message(chat_id, parent, "user", question)
    if grounding is not None or images:
        store.save_grounding(asked.id, grounding or Grounding(), images)
    answered = store.add_message(chat_id, asked.id, "assistant", answer)
    return asked.id, answered.id
