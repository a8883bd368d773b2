"""A chat whose questions were sent with files and images, opened in the window: the chips,
the turn's note, the thumbnails and the sources under the answers, and what their links open."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage
from pytestqt.qtbot import QtBot

from app.ui.chat.attachment_blocks import IMAGE_SCHEME, SOURCE_SCHEME, link
from app.ui.chat.image_dialog import ImageDialog
from app.ui.chat.passage_dialog import PassageDialog
from app.ui.main_window import MainWindow
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow, wait_idle
from tests.ui.sources_chat import (
    PASSAGES,
    add_turn,
    huge_png_header,
    image_grounding,
    picture_png,
    retrieved_grounding,
    whole_grounding,
)


def open_chat(make_window: MakeWindow, folder: Path, answers: list[str] | None = None
              ) -> tuple[MainWindow, dict[str, int]]:
    """Three turns: a whole file; a searched file and an unreadable one; three images (one
    drawn, one damaged, one oversized)."""
    window = make_window(FakeRuntime(answers=answers or [], tokens_per_second=400))
    store = window.store
    chat = store.create_chat("Ondol")
    ids: dict[str, int] = {}
    ids["q1"], ids["a1"] = add_turn(store, chat.id, None, "What is in the note?",
                                    whole_grounding(folder), [], "It says ondol heats floors.")
    ids["q2"], ids["a2"] = add_turn(store, chat.id, ids["a1"], "How does ondol work?",
                                    retrieved_grounding(folder), [],
                                    "Smoke runs under the floor [1].")
    ids["q3"], ids["a3"] = add_turn(store, chat.id, ids["a2"], "What is in the picture?",
                                    image_grounding(),
                                    [picture_png(), b"\x89PNG damaged", huge_png_header()],
                                    "Green hills under a sun.")
    window.chat.open_chat(chat.id)
    return window, ids


def close_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.sources.dialog
    assert dialog is not None
    dialog.reject()
    qtbot.waitUntil(lambda: window.sources.dialog is None)


def test_chips_note_thumbnails_and_sources_are_shown(make_window: MakeWindow,
                                                     tmp_path: Path) -> None:
    window, ids = open_chat(make_window, tmp_path)
    text = window.view.toPlainText()
    assert "note.md · sent whole · 1,234 tokens · 3 pages" in text
    assert "The attached files fit in the context and were sent whole." in text
    assert "ondol-history.txt · searched" in text
    assert "scan.bin · not read: This is not a text file, so Ondol cannot read it." in text
    assert ("The files were too long for the context: the 3 passages that best match the "
            "question were sent.") in text
    assert "[1] ondol-history.txt · page 2 · How it works" in text
    assert "[3] ondol-history.txt · page 5 · Today" in text
    assert PASSAGES[1][0][:40] in text  # the snippet
    assert text.count("Sources") == 1  # only the searched turn's answer has sources
    assert "hills.png · sent as an image" in text
    assert text.count("This image cannot be shown.") == 2  # damaged, oversized: placeholders
    html = window.view.toHtml()
    assert link(IMAGE_SCHEME, ids["q3"], 0) in html
    assert link(IMAGE_SCHEME, ids["q3"], 1) not in html  # a placeholder opens nothing
    assert link(SOURCE_SCHEME, ids["a2"], 2) in html
    assert link(SOURCE_SCHEME, ids["a1"], 1) not in html


def test_a_thumbnail_fits_240_px_keeps_its_aspect_and_opens_larger(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    window, ids = open_chat(make_window, tmp_path)
    html = window.view.toHtml()
    assert 'width="240" height="150"' in html  # 640 × 400 drawn at 240 × 150
    window.view.anchorClicked.emit(QUrl(link(IMAGE_SCHEME, ids["q3"], 0)))
    dialog = window.sources.dialog
    assert isinstance(dialog, ImageDialog) and dialog.isVisible()
    assert dialog.picture.pixmap().width() == 640
    close_dialog(qtbot, window)
    window.view.anchorClicked.emit(QUrl(link(IMAGE_SCHEME, ids["q3"], 1)))  # the damaged one
    assert window.sources.dialog is None


def test_a_source_opens_its_whole_passage_and_the_file(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window, ids = open_chat(make_window, tmp_path)
    window.view.anchorClicked.emit(QUrl(link(SOURCE_SCHEME, ids["a2"], 2)))
    dialog = window.sources.dialog
    assert isinstance(dialog, PassageDialog) and dialog.isVisible()
    assert dialog.text.toPlainText() == PASSAGES[1][0]
    assert dialog.text.isReadOnly()
    assert "page 3 · Living on the floor" in dialog.title.text()
    assert dialog.path.text() == str(tmp_path / "ondol-history.txt")
    assert dialog.open_file.isEnabled() and not dialog.gone.isVisible()
    qtbot.mouseClick(dialog.open_file, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "ondol-history.txt"))]
    close_dialog(qtbot, window)


def test_a_source_whose_file_is_gone_says_so(qtbot: QtBot, make_window: MakeWindow,
                                             tmp_path: Path) -> None:
    window, ids = open_chat(make_window, tmp_path)
    (tmp_path / "ondol-history.txt").unlink()
    window.view.anchorClicked.emit(QUrl(link(SOURCE_SCHEME, ids["a2"], 1)))
    dialog = window.sources.dialog
    assert isinstance(dialog, PassageDialog)
    assert dialog.text.toPlainText() == PASSAGES[0][0]  # the passage was kept with the chat
    assert not dialog.open_file.isEnabled()
    assert dialog.gone.isVisible()
    assert dialog.gone.text() == f"There is no file at {tmp_path / 'ondol-history.txt'}."
    close_dialog(qtbot, window)


def test_a_source_is_reached_and_opened_with_the_keyboard(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    window, ids = open_chat(make_window, tmp_path)
    view = window.view
    view.setFocus()
    target = link(SOURCE_SCHEME, ids["a2"], 1)
    for _ in range(80):  # Tab walks the links of the conversation
        view.focusNextPrevChild(True)
        if view.textCursor().charFormat().anchorHref() == target:
            break
    assert view.textCursor().charFormat().anchorHref() == target
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.sources.dialog, PassageDialog))
    close_dialog(qtbot, window)


def test_a_regenerated_answer_shows_the_same_sources(qtbot: QtBot, make_window: MakeWindow,
                                                     tmp_path: Path) -> None:
    window, ids = open_chat(make_window, tmp_path, answers=["Hot smoke warms the stones [2]."])
    window.chat.regenerate(ids["a2"])
    wait_idle(qtbot, window)
    new = window.chat.conversation.active_path()[3]
    assert new.id != ids["a2"] and new.parent_id == ids["q2"]
    text = window.view.toPlainText()
    assert "Hot smoke warms the stones [2]." in text
    assert "[2] ondol-history.txt · page 3 · Living on the floor" in text
    assert link(SOURCE_SCHEME, new.id, 2) in window.view.toHtml()
    window.chat.select_version(new.id, -1)  # back to the first version: the same sources
    assert link(SOURCE_SCHEME, ids["a2"], 2) in window.view.toHtml()


def test_thumbnails_are_drawn_for_the_screen_pixel_ratio() -> None:
    from app.ui.chat.thumbnails import thumbnail

    thumb = thumbnail(picture_png(800, 200), 2.0)
    assert thumb is not None and (thumb.width, thumb.height) == (240, 60)
    image = QImage.fromData(base64.b64decode(thumb.url.split(",", 1)[1]))
    assert (image.width(), image.height()) == (480, 120)
    small = thumbnail(picture_png(100, 50), 2.0)  # never enlarged
    assert small is not None and (small.width, small.height) == (100, 50)
    assert thumbnail(b"", 1.0) is None
    assert thumbnail(huge_png_header(), 1.0) is None
