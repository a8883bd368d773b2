"""A streamed answer is laid out like the same answer opened later: the same paragraph margins
and the same line height (Hangul needs room between lines)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextBlockFormat
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView, MessageItem
from app.ui.style.tokens import LINE_HEIGHT_PERCENT

ANSWER = "첫 문단입니다. First paragraph.\n\nSecond paragraph, 둘째 문단.\n"


def _format(view: ChatView, text: str) -> tuple[float, float, float, int]:
    block = view.document().find(text).block()
    fmt = block.blockFormat()
    return fmt.topMargin(), fmt.bottomMargin(), fmt.lineHeight(), fmt.lineHeightType()


def _view(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    return view


def test_streamed_and_reopened_answers_are_laid_out_alike(qtbot: QtBot) -> None:
    streamed = _view(qtbot)
    streamed.append_message(MessageItem(1, "user", "질문"))
    streamed.begin_stream(MessageItem(2, "assistant", "", streaming=True))
    for piece in (ANSWER[i:i + 5] for i in range(0, len(ANSWER), 5)):
        streamed.append_stream(piece)
    streamed.end_stream(MessageItem(2, "assistant", ANSWER))
    reopened = _view(qtbot)
    reopened.show_messages([MessageItem(1, "user", "질문"), MessageItem(2, "assistant", ANSWER)])
    for text in ("첫 문단", "Second paragraph"):
        assert _format(streamed, text) == _format(reopened, text)
    top, _bottom, height, kind = _format(streamed, "첫 문단")
    assert top > 0  # not packed against the label above
    assert (height, kind) == (LINE_HEIGHT_PERCENT,
                              QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    assert _format(streamed, "Assistant")[2:] != (LINE_HEIGHT_PERCENT, kind)  # labels stay tight
