"""Answers shown as tokens tinted by probability: the palette, the legend, the toggle, the
streamed token view and the candidates panel (on the scripted runtime's made-up numbers)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import MessageItem
from app.ui.chat.palette_colours import chat_colours
from app.ui.chat.probabilities import STEPS, bucket, entropy_bits, step_colours, token_spans
from app.ui.chat.probabilities_popup import candidate_rows
from app.ui.chat.probabilities_view import legend_words, toggle_titles
from app.ui.inside.bars import BarState
from app.ui.main_window import MainWindow
from app.ui.style.contrast import contrast_ratio
from app.ui.style.palette import build_palette
from app.ui.style.tokens import colors
from tests.fake_runtime import FakeRuntime, scripted_tokens
from tests.ui.conftest import MakeWindow, send, wait_idle


@pytest.mark.parametrize("dark", [False, True])
def test_every_tint_keeps_the_text_readable(dark: bool) -> None:
    palette = build_palette(colors(dark))
    tints = step_colours(palette)
    assert len(tints) == STEPS == len(set(tints))
    text = chat_colours(palette, dark).text
    for tint in tints:
        assert contrast_ratio(text, tint) >= 4.5, (tint, text)


def test_buckets_and_entropy() -> None:
    assert [bucket(p) for p in (0.0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0)] == [0, 0, 1, 2, 3, 4, 4]
    assert entropy_bits([math.log(0.5), math.log(0.5)]) == pytest.approx(1.0)
    assert entropy_bits([math.log(0.25)] * 4) == pytest.approx(2.0)  # renormalised top k


def test_legend_and_toggle_words() -> None:
    assert legend_words() == ("low", "high probability")
    assert toggle_titles()["probs-off"] == "Show probabilities"
    assert "before" in toggle_titles()["probs-none"]


def _window(qtbot: QtBot, make_window: MakeWindow) -> MainWindow:
    tokens = [*scripted_tokens(70), "end\n"]  # paragraphs, and a last line break
    return make_window(FakeRuntime(tokens=tokens, tokens_per_second=400, logprobs=True))


def test_a_streamed_answer_is_tinted_token_by_token(qtbot: QtBot,
                                                    make_window: MakeWindow) -> None:
    window = _window(qtbot, make_window)
    action = next(a for a in window.view_menu.actions() if a.objectName() == "showProbabilities")
    action.setChecked(True)
    send(qtbot, window, "Tell me about the sea.")
    qtbot.waitUntil(lambda: bool(window.view.probs.streaming and token_spans(
        window.view.document(), window.chat.answer_id or -1)), timeout=10_000)
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    record = window.store.load_logprobs(answer.id)
    assert record is not None and record.text() == answer.content
    tints = step_colours(QGuiApplication.palette())

    def check() -> None:
        spans = token_spans(window.view.document(), answer.id)
        joined = "".join(text for _, text, _ in spans)
        assert joined == answer.content, (joined[-120:], answer.content[-120:])
        for index, _text, tint in spans:
            assert tint == tints[bucket(math.exp(record.steps[index].token.logprob))]

    check()  # as it streamed
    assert f"ondol-msg:probs:{answer.id}" in window.view.toHtml()
    window.view.probs.on_link(QUrl(f"ondol-msg:probs:{answer.id}"))  # its own toggle: off
    assert not token_spans(window.view.document(), answer.id)
    window.view.probs.on_link(QUrl(f"ondol-msg:probs:{answer.id}"))  # on again, from disk
    check()

    # The candidates of the third token: k rows, the chosen one marked; arrows move on.
    window.view.probs.on_link(QUrl(f"ondol-tok:{answer.id}:2"))
    popup = window.view.probs.popup
    assert popup.isVisible() and popup.index == 2
    rows = popup.chart.rows
    assert len(rows) == 5
    assert [r.state for r in rows].count(BarState.CHOSEN) == 1
    assert rows[0].state == BarState.CHOSEN  # the scripted runtime lists it first
    assert "top 5" in popup.entropy.text()
    qtbot.keyClick(popup.chart, Qt.Key.Key_Right)  # the keyboard: the next token
    assert popup.index == 3
    selected = window.view.textCursor().selectedText()
    assert selected == record.steps[3].piece
    qtbot.keyClick(popup.chart, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_an_answer_without_probabilities_has_its_toggle_disabled(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(FakeRuntime(tokens=scripted_tokens(5), tokens_per_second=400))
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    assert not answer.has_logprobs
    page = window.view.toHtml()
    assert f"ondol-msg:probs-none:{answer.id}" in page
    assert f"ondol-msg:probs:{answer.id}" not in page
    assert toggle_titles()["probs-none"] in page
    window.view.probs.set_default(True)  # the default cannot colour it either
    assert not token_spans(window.view.document(), answer.id)
    assert window.view.probs.state(MessageItem(answer.id, "assistant", "x")) == "none"


def test_candidate_rows_add_a_chosen_token_outside_the_top() -> None:
    from app.core.chat.logprobs import TokenStep
    from app.core.types.results import TokenLogprob

    top = tuple(TokenLogprob(f"t{i}", i, math.log(0.2)) for i in range(5))
    rows = candidate_rows(TokenStep("x", TokenLogprob("x", 99, math.log(0.01)), top))
    assert len(rows) == 6 and rows[-1].state == BarState.CHOSEN
    assert all(r.state == BarState.NORMAL for r in rows[:5])
