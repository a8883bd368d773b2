"""Dragging a model onto the window: only a .gguf file or an ONNX folder is accepted, a drop
imports it into the library, and a broken file is refused with a sentence, leaving nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.catalog.starter import find_packaged_file
from app.ui.drop_import import dropped_model
from app.ui.main_window import MainWindow
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drag_accepted(window: MainWindow, mime: QMimeData) -> bool:
    event = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def _drop(window: MainWindow, mime: QMimeData) -> None:
    assert _drag_accepted(window, mime)
    event = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def _said(window: MainWindow) -> list[str]:
    """What the drop says on the status line, from now on."""
    sentences: list[str] = []
    window.drop_importer.status.connect(sentences.append)  # type: ignore[attr-defined]
    return sentences


def _library_names(window: MainWindow) -> list[str]:
    return [v.model.name for g in window.top_bar.models.items() for v in g.variants]


def test_a_dropped_gguf_is_imported_into_the_library(qtbot: QtBot, make_window: MakeWindow,
                                                      fake: FakeRuntime) -> None:
    window = make_window(fake)
    source = find_packaged_file()
    said = _said(window)
    _drop(window, _mime(source))
    qtbot.waitUntil(lambda: any(n.startswith("local/") for n in _library_names(window)),
                    timeout=60_000)
    imported = window.ctx.paths.models_dir / "local" / "SmolLM2-135M-Instruct" / source.name
    assert imported.is_file() and imported.stat().st_size == source.stat().st_size
    assert source.is_file()  # copied, not moved
    assert said[0].startswith("Importing") and said[-1].startswith("Imported")


def test_a_broken_gguf_is_refused_with_a_sentence(qtbot: QtBot, make_window: MakeWindow,
                                                  fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    fake_model = tmp_path / "notes.gguf"
    fake_model.write_text("These are my notes, not a model.\n" * 20, encoding="utf-8")
    before = sorted(p.relative_to(window.ctx.paths.models_dir)
                    for p in window.ctx.paths.models_dir.rglob("*"))
    said = _said(window)
    _drop(window, _mime(fake_model))  # the name looks right: the drag itself is accepted
    qtbot.waitUntil(lambda: len(said) == 2, timeout=30_000)
    assert "notes.gguf" in said[1] and "Traceback" not in said[1] and "Error" not in said[1]
    print(said[1])
    after = sorted(p.relative_to(window.ctx.paths.models_dir)
                   for p in window.ctx.paths.models_dir.rglob("*"))
    assert after == before  # nothing was left in the library
    assert fake_model.read_text(encoding="utf-8").startswith("These are my notes")


def test_only_models_are_accepted_as_drags(make_window: MakeWindow, fake: FakeRuntime,
                                           tmp_path: Path) -> None:
    window = make_window(fake)
    text = tmp_path / "readme.txt"
    text.write_text("hello", encoding="utf-8")
    onnx = tmp_path / "tiny-onnx"
    onnx.mkdir()
    (onnx / "model.onnx").write_bytes(b"\0")
    (onnx / "genai_config.json").write_text("{}", encoding="utf-8")
    plain = QMimeData()
    plain.setText("just words")
    window.pages.setCurrentIndex(1)  # (on the chat page, files are attached to the message)
    assert not _drag_accepted(window, _mime(text))
    assert not _drag_accepted(window, _mime(tmp_path))  # a folder that is no model
    assert not _drag_accepted(window, plain)
    assert not _drag_accepted(window, _mime(find_packaged_file(), text))  # one at a time
    assert _drag_accepted(window, _mime(find_packaged_file()))
    assert dropped_model(_mime(onnx)) == onnx  # an ONNX folder is a model
