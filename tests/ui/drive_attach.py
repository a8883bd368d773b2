"""Runs the real window for the screenshots of the message box with attachments.

    python -m tests.ui.drive_attach screenshots OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-attach-<theme>-<language>.png: the chat page with a document
        and an image attached to a question being written, then prints "ok".

The picture shows no model output: the scripted runtime stands in for the model.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from tests.fake_runtime import FakeRuntime
from tests.ui.driving import pump, start_window

FILES = {"en": ("lighthouse-log.txt", "When does the lamp go on?"),
         "ko": ("등대 일지.txt", "등대 불은 언제 켜져요?")}


def _picture(path: Path) -> None:
    """A small landscape: sky, sea and a lighthouse."""
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(QPointF(0, 0), QPointF(0, 120))
    sky.setColorAt(0, QColor("#6fa8dc"))
    sky.setColorAt(1, QColor("#f6d7a7"))
    painter.fillRect(0, 0, 320, 120, sky)
    painter.fillRect(0, 120, 320, 80, QColor("#1f4e79"))
    painter.fillRect(210, 50, 24, 80, QColor("#f4f4f4"))
    painter.fillRect(210, 70, 24, 10, QColor("#c0392b"))
    painter.end()
    image.save(str(path), "PNG")


def screenshots(out: Path, theme: str, language: str) -> None:
    window = start_window(theme, language, client=FakeRuntime())
    name, question = FILES[language]
    folder = Path(tempfile.mkdtemp(prefix="ondol-attach-"))
    document = folder / name
    document.write_text("Lamp on at sunset.\n" * 400, encoding="utf-8")
    image = folder / ("harbour.png" if language == "en" else "항구.png")
    _picture(image)
    window.composer.attachments.add_paths([document, image])
    window.composer.edit.setPlainText(question)
    window.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    pump(0.3)
    QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-attach-{theme}-{language}.png"))
    window.close()
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "screenshots":
        screenshots(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")
