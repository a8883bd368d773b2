"""The icons under a message show where they are wanted: under the message the pointer is over
or the keyboard is in, and under the last message; elsewhere blank, the same size."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QUrl
from PySide6.QtGui import QMouseEvent, QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView, MessageItem
from app.ui.chat.message_icons import message_at

IMAGE = QTextDocument.ResourceType.ImageResource


@pytest.fixture
def view(qtbot: QtBot) -> ChatView:
    widget = ChatView()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_messages([MessageItem(1, "user", "First question"),
                          MessageItem(2, "assistant", "First answer, in a paragraph."),
                          MessageItem(3, "user", "Second question"),
                          MessageItem(4, "assistant", "Second answer.", footer="9 tok/s")])
    return widget


def _drawn(view: ChatView, message_id: int, name: str = "copy") -> bool:
    """Whether the icon under that message has any visible pixel."""
    pixmap = view.document().resource(IMAGE, QUrl(f"icon:{name}?m={message_id}"))
    assert isinstance(pixmap, QPixmap) and not pixmap.isNull()
    image = pixmap.toImage()
    return any(image.pixelColor(x, y).alpha() > 0
               for x in range(image.width()) for y in range(image.height()))


def _point_at(view: ChatView, text: str) -> None:
    cursor = view.document().find(text)
    assert not cursor.isNull()
    where = QPointF(view.cursorRect(cursor).center())
    QApplication.sendEvent(view.viewport(), QMouseEvent(
        QEvent.Type.MouseMove, where, view.viewport().mapToGlobal(where),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def test_only_the_last_message_shows_its_icons_at_first(view: ChatView) -> None:
    assert _drawn(view, 4) and _drawn(view, 4, "refresh-cw") and _drawn(view, 4, "trash-2")
    for message_id in (1, 2, 3):
        assert not _drawn(view, message_id)
    blank = view.document().resource(IMAGE, QUrl("icon:copy?m=1"))
    shown = view.document().resource(IMAGE, QUrl("icon:copy?m=4"))
    assert blank.size() == shown.size()  # nothing moves when they appear
    assert "9 tok/s" in view.toPlainText()  # the stats line stays


def test_the_message_under_the_pointer_shows_its_icons(view: ChatView) -> None:
    _point_at(view, "First answer")
    assert _drawn(view, 2) and _drawn(view, 2, "refresh-cw")
    assert not _drawn(view, 1) and not _drawn(view, 3) and _drawn(view, 4)
    _point_at(view, "First question")
    assert _drawn(view, 1, "pencil") and not _drawn(view, 2)
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert not _drawn(view, 1) and _drawn(view, 4)


def test_the_keyboard_reveals_the_icons_it_moves_through(qtbot: QtBot,
                                                         view: ChatView) -> None:
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Tab)  # the first link: the first message's Copy
    assert view.textCursor().charFormat().anchorHref() == "ondol-msg:copy:1"
    assert _drawn(view, 1)
    chosen: list[tuple[str, int]] = []
    view.actionRequested.connect(lambda action, message: chosen.append((action, message)))
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert chosen == [("copy", 1)]
    for _ in range(3):  # past the first message's Edit and Delete to the answer's Copy
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Tab)
    assert view.textCursor().charFormat().anchorHref() == "ondol-msg:copy:2"
    assert _drawn(view, 2) and not _drawn(view, 1)


def test_a_finished_answer_takes_over_as_the_last_message(view: ChatView) -> None:
    view.append_message(MessageItem(5, "user", "Third question"))
    assert _drawn(view, 5) and not _drawn(view, 4)
    view.begin_stream(MessageItem(6, "assistant", "", streaming=True))
    view.append_stream("Streaming…")
    view.end_stream(MessageItem(6, "assistant", "Streaming…"))
    assert _drawn(view, 6) and not _drawn(view, 5)


def test_a_new_theme_draws_the_shown_icons_in_its_colours(view: ChatView) -> None:
    before = view.document().resource(IMAGE, QUrl("icon:copy?m=4")).toImage()
    view._colours = view._colours.__class__(**{**view._colours.__dict__, "muted": "#ff0000"})
    view._icons.redraw()
    after = view.document().resource(IMAGE, QUrl("icon:copy?m=4")).toImage()
    assert before != after
    reds = [after.pixelColor(x, y) for x in range(after.width()) for y in range(after.height())]
    assert any(c.alpha() > 200 and c.red() > 200 and c.green() < 60 for c in reds)
    assert not _drawn(view, 1)


def test_the_message_at_a_position_is_the_one_whose_row_follows(view: ChatView) -> None:
    document = view.document()
    assert message_at(document, document.find("First question").position()) == 1
    assert message_at(document, document.find("Second answer").position()) == 4
    assert message_at(document, document.characterCount()) is None
