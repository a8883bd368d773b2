"""Attaching files to the message being written: the attach button's dialog, a drop on the
window, a paste (files and a picture), removing a chip; typing and Enter still work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.ui.chat.attach_bar import Chip
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def _png(folder: Path, name: str = "photo.png") -> Path:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = folder / name
    assert image.save(str(path), "PNG")
    return path


def _note(folder: Path, name: str = "notes.txt", text: str = "Lighthouse hours: 6 to 9.\n"
          ) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _chips(window: object) -> list[Chip]:
    return [c for c in window.composer.attachments.findChildren(Chip)  # type: ignore[attr-defined]
            if not c.isHidden()]


def test_the_attach_button_opens_a_dialog_and_adds_chips(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(fake)
    note, photo = _note(tmp_path), _png(tmp_path)
    asked: list[str] = []

    def pick(_parent: object, caption: str, _folder: str, filters: str) -> tuple[list[str], str]:
        asked.append(filters)
        return [str(note), str(photo)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    bar = window.composer.attachments
    assert bar.isHidden()  # nothing attached: no empty strip above the box
    qtbot.mouseClick(window.composer.attach_button, Qt.MouseButton.LeftButton)
    assert [i.path for i in bar.items()] == [note, photo]
    assert [i.image for i in bar.items()] == [False, True]
    assert "*.pdf" in asked[0] and "*.png" in asked[0]
    chips = _chips(window)
    assert len(chips) == 2 and bar.isVisible()
    assert "notes.txt" in chips[0].label.text()
    assert not chips[1].thumb.pixmap().isNull()  # the image chip shows the picture
    # The same file again is not attached twice; a cancelled dialog adds nothing.
    qtbot.mouseClick(window.composer.attach_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([], ""))
    qtbot.mouseClick(window.composer.attach_button, Qt.MouseButton.LeftButton)
    assert len(bar.items()) == 2


def test_a_chip_is_removed_with_its_button(qtbot: QtBot, make_window: MakeWindow,
                                           fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    bar = window.composer.attachments
    bar.add_paths([_note(tmp_path), _png(tmp_path)])
    first = _chips(window)[0]
    assert first.remove.accessibleName() == "Remove notes.txt"
    qtbot.mouseClick(first.remove, Qt.MouseButton.LeftButton)
    assert [i.path.name for i in bar.items()] == ["photo.png"]
    qtbot.mouseClick(_chips(window)[0].remove, Qt.MouseButton.LeftButton)
    assert bar.items() == [] and bar.isHidden()


def _drag_and_drop(window: object, mime: QMimeData) -> bool:
    """A drag entering the window, then the drop; whether the drag was accepted."""
    enter = QDragEnterEvent(QPoint(300, 300), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted()


def test_files_dropped_on_the_chat_page_are_attached(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    note, photo = _note(tmp_path), _png(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note)), QUrl.fromLocalFile(str(photo))])
    assert _drag_and_drop(window, mime)
    assert [i.path for i in window.composer.attachments.items()] == [note, photo]
    # On another page a drag of files is not taken.
    window.pages.setCurrentIndex(1)
    window.composer.attachments.clear()
    assert not _drag_and_drop(window, mime)
    assert window.composer.attachments.items() == []


def test_a_model_dropped_on_the_window_still_goes_to_the_importer(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 64)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(model))])
    imported: list[Path] = []
    window.drop_importer.import_model = imported.append  # type: ignore[method-assign]
    assert _drag_and_drop(window, mime)
    assert imported == [model]
    assert window.composer.attachments.items() == []


def test_pasting_files_and_a_picture_attaches_them(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    edit, bar = window.composer.edit, window.composer.attachments
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(_note(tmp_path)))])
    assert edit.canInsertFromMimeData(files)
    edit.insertFromMimeData(files)
    picture = QMimeData()
    image = QImage(64, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("orange"))
    picture.setImageData(image)
    edit.insertFromMimeData(picture)
    items = bar.items()
    assert [i.image for i in items] == [False, True]
    pasted = items[1].path
    assert pasted.suffix == ".png" and QImage(str(pasted)).size() == image.size()
    assert pasted.parent == window.ctx.paths.cache_dir / "pasted"
    assert edit.toPlainText() == ""  # nothing went into the text
    text = QMimeData()
    text.setText("plain words")
    edit.insertFromMimeData(text)
    assert edit.toPlainText() == "plain words" and len(bar.items()) == 2


def test_typing_goes_to_the_box_and_enter_sends_with_chips_shown(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    fake = FakeRuntime(tokens=["Fine."])
    window = make_window(fake)
    window.composer.attachments.add_paths([_note(tmp_path)])
    assert window.composer.edit.hasFocus() or QApplication.focusWidget() is None \
        or window.composer.edit is QApplication.focusWidget()
    qtbot.keyClicks(window.composer.edit, "When?")
    assert window.composer.edit.toPlainText() == "When?"
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(fake.requests) == 1 and not window.chat.busy, timeout=10_000)
    assert window.composer.attachments.items() == []  # sent with the message
    assert window.composer.edit.toPlainText() == ""
