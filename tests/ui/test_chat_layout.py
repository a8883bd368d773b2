"""The conversation laid out for reading: no sideways scrolling, a centred readable column, the
user's turns set apart, quiet icons under each message, and the empty chat's example prompts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import READABLE_WIDTH, SIDE_MARGIN, ChatView, MessageItem
from app.ui.chat.code_dialog import CodeDialog
from app.ui.chat.palette_colours import chat_colours, contrast
from app.ui.chat.rounded import FILL
from app.ui.theme import apply_theme
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow

LONG_LINE = "x = '" + "a" * 2000 + "'"
LONG_WORD = "https://example.org/" + "segment" * 120
ANSWER = (f"See {LONG_WORD} here.\n\n```python\n{LONG_LINE}\nprint(x)\n```\n\n"
          "| a | b |\n|---|---|\n| 1 | 2 |\n")


@pytest.fixture
def view(qtbot: QtBot) -> ChatView:
    widget = ChatView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def _conversation() -> list[MessageItem]:
    return [MessageItem(1, "user", f"Please answer {LONG_WORD}"),
            MessageItem(2, "assistant", ANSWER, (2, 3), "12 tokens · 30.0 tok/s")]


def _fills(view: ChatView) -> list[str]:
    """The colours the view paints behind tables (user turns, code blocks), in order."""
    return [QColor(frame.frameFormat().property(FILL)).name()
            for frame in view.document().rootFrame().childFrames()
            if frame.frameFormat().hasProperty(FILL)]


def _assert_no_sideways_scroll(view: ChatView) -> None:
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()


def test_a_long_code_line_and_a_long_word_do_not_widen_the_chat(qtbot: QtBot,
                                                                  view: ChatView) -> None:
    view.show_messages(_conversation())
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    _assert_no_sideways_scroll(view)
    assert LONG_LINE in view.toPlainText().replace("\u2028", "")  # wrapped, not cut


def test_a_streamed_long_line_does_not_widen_the_chat(qtbot: QtBot, view: ChatView) -> None:
    view.show_messages([MessageItem(1, "user", "Go")])
    view.begin_stream(MessageItem(2, "assistant", ""))
    for start in range(0, len(ANSWER), 50):
        view.append_stream(ANSWER[start:start + 50])
        _assert_no_sideways_scroll(view)
    view.end_stream(MessageItem(2, "assistant", ANSWER, footer="12 tokens"))
    _assert_no_sideways_scroll(view)
    assert "12 tokens" in view.toPlainText()
    assert 'href="ondol-msg:regenerate:2"' in view.toHtml()


def test_a_code_block_can_be_viewed_unwrapped_in_its_own_window(qtbot: QtBot,
                                                                 view: ChatView) -> None:
    view.show_messages(_conversation())
    assert "ondol-unwrap:0" in view.toHtml()
    view.anchorClicked.emit(QUrl("ondol-unwrap:0"))
    dialog = view.findChild(CodeDialog)
    assert dialog is not None and dialog.isVisible()
    edit = dialog.findChild(QPlainTextEdit)
    assert edit.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap and edit.isReadOnly()
    assert edit.toPlainText() == f"{LONG_LINE}\nprint(x)"
    qtbot.waitUntil(lambda: edit.horizontalScrollBar().maximum() > 0)
    dialog.close()
    _assert_no_sideways_scroll(view)


def test_the_text_keeps_a_readable_width_centred_in_a_wide_window(qtbot: QtBot,
                                                                   view: ChatView) -> None:
    view.show_messages(_conversation())
    view.resize(1600, 600)
    qtbot.waitUntil(lambda: view.viewport().width() > 1500)
    margin = view.document().rootFrame().frameFormat().leftMargin()
    assert margin == pytest.approx((view.viewport().width() - READABLE_WIDTH) / 2, abs=1)
    assert view.document().rootFrame().frameFormat().rightMargin() == pytest.approx(margin)
    view.show_messages(_conversation())  # a new document keeps the column
    assert view.document().rootFrame().frameFormat().leftMargin() == pytest.approx(margin)
    view.resize(400, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < 420)
    assert view.document().rootFrame().frameFormat().leftMargin() == SIDE_MARGIN
    _assert_no_sideways_scroll(view)


def test_user_turns_are_tinted_and_the_stats_are_quiet(view: ChatView) -> None:
    view.show_messages(_conversation())
    colours = view._colours
    assert _fills(view).count(colours.user_bg) == 1  # the one user turn, not the answer
    # Painted by the view, rounded: the colour is there, inside the turn, not on its corner.
    view.verticalScrollBar().setValue(0)
    image = view.viewport().grab().toImage()
    start = QTextCursor(view.document())
    start.setPosition(view.document().find("Please answer").selectionStart())
    turn = view.cursorRect(start)
    assert image.pixelColor(turn.left() - 4, turn.center().y()).name() == colours.user_bg
    cursor = view.document().find("12 tokens")
    assert cursor.charFormat().foreground().color().name() == colours.muted
    assert cursor.charFormat().fontPointSize() < view.font().pointSizeF()


def test_actions_are_icons_with_tooltips_and_keep_their_signal(qtbot: QtBot,
                                                               view: ChatView) -> None:
    view.show_messages(_conversation())
    page = view.toHtml()
    for action, name in (("copy", "copy"), ("edit", "pencil"), ("regenerate", "refresh-cw"),
                         ("delete", "trash-2"), ("prev", "chevron-left"),
                         ("next", "chevron-right")):
        message = 1 if action == "edit" else 2
        assert f'href="ondol-msg:{action}:{message}"' in page
        assert f'src="icon:{name}' in page
    image = view.document().resource(QTextDocument.ResourceType.ImageResource,
                                     QUrl("icon:copy?m=2"))
    assert isinstance(image, QPixmap) and not image.isNull()
    assert view.loadResource(QTextDocument.ResourceType.ImageResource,
                             QUrl("https://example.org/x.png")) is None  # nothing fetched
    tips = set()
    cursor = QTextCursor(view.document())
    while not cursor.atEnd():
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        if cursor.charFormat().isAnchor():
            tips.add(cursor.charFormat().toolTip())
    assert {"Copy", "Edit", "Regenerate", "Delete", "Previous version", "Next version"} <= tips
    assert "2/3" in view.toPlainText()
    with qtbot.waitSignal(view.actionRequested) as signal:
        view.anchorClicked.emit(QUrl("ondol-msg:regenerate:2"))
    assert signal.args == ["regenerate", 2]


def test_an_empty_chat_offers_example_prompts(qtbot: QtBot, view: ChatView) -> None:
    view.show_messages([])
    text = view.toPlainText()
    prompts = view._prompts()
    assert 3 <= len(prompts) <= 4 and all(prompt in text for prompt in prompts)
    with qtbot.waitSignal(view.promptChosen) as signal:
        view.anchorClicked.emit(QUrl("ondol-prompt:1"))
    assert signal.args == [prompts[1]]
    view.append_message(MessageItem(1, "user", "Hello"))  # the first message replaces it
    assert prompts[0] not in view.toPlainText() and "Hello" in view.toPlainText()


def test_a_prompt_is_chosen_with_the_keyboard(qtbot: QtBot, view: ChatView) -> None:
    view.show_messages([])
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    chosen: list[str] = []
    view.promptChosen.connect(chosen.append)
    qtbot.keyClick(view.viewport(), "\t")  # Tab moves to the first link
    qtbot.keyClick(view.viewport(), "\r")
    assert chosen == [view._prompts()[0]]


def test_a_theme_change_redraws_in_the_new_colours(qapp: QApplication, view: ChatView) -> None:
    view.show_messages(_conversation())
    light = view._colours
    try:
        view.set_dark(apply_theme(qapp, "dark"))
        assert view._colours != light
        assert view._colours.user_bg in _fills(view)
    finally:
        view.set_dark(apply_theme(qapp, "light"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_chat_colours_come_from_the_palette_and_stay_readable(qapp: QApplication,
                                                                  theme: str) -> None:
    try:
        dark = apply_theme(qapp, theme)
        palette = qapp.palette()
        colours = chat_colours(palette, dark)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        assert colours.text == text.name()
        for background in (base.name(), colours.user_bg, colours.code_bg):
            assert contrast(colours.muted, background) >= 4.5
            assert contrast(colours.text, background) >= 7
            assert contrast(colours.link, background) >= 4.5
        # Quiet, yet a different colour from the text; the tints set apart from the page.
        assert colours.muted != colours.text
        assert colours.user_bg != base.name() and colours.code_bg != base.name()
    finally:
        apply_theme(qapp, "light")


def test_a_chosen_prompt_lands_in_the_composer(make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime())
    window.view.show_messages([])
    prompt = window.view._prompts()[0]
    window.view.anchorClicked.emit(QUrl("ondol-prompt:0"))
    assert window.composer.edit.toPlainText() == prompt
