"""Probability mode on the real runtime and starter model: a real answer tinted token by token,
its candidates, and a new version continued from another candidate."""

from __future__ import annotations

import math

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.probabilities import bucket, step_colours, token_spans
from app.ui.inside.bars import BarState
from tests.ui.conftest import MakeWindow, send, wait_idle

AT = 3  # the token continued from


def test_a_real_answer_coloured_and_continued_from_another_candidate(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.params.temperature.setValue(0.0)  # greedy: the chosen token is the likeliest
    window.params.max_tokens.setValue(24)
    next(a for a in window.view_menu.actions()
         if a.objectName() == "showProbabilities").setChecked(True)
    send(qtbot, window, "Write one sentence about the sea.")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1]
    record = window.store.load_logprobs(answer.id)
    assert record is not None and record.text() == answer.content and len(record.steps) > AT

    # Coloured as it streamed: the spans' texts are the answer, each on its bucket's tint.
    spans = token_spans(window.view.document(), answer.id)
    assert "".join(text for _, text, _ in spans) == answer.content
    tints = step_colours(QGuiApplication.palette())
    for index, _text, tint in spans:
        assert tint == tints[bucket(math.exp(record.steps[index].token.logprob))]

    # The candidates of token AT: k rows, the chosen (likeliest) one marked.
    window.view.probs.on_link(QUrl(f"ondol-tok:{answer.id}:{AT}"))
    popup = window.view.probs.popup
    assert popup.isVisible()
    rows = popup.chart.rows
    assert len(rows) == window.settings.chat_logprobs_k == 5
    assert [r.state for r in rows] == [BarState.CHOSEN] + [BarState.NORMAL] * 4

    # Pick the second candidate: a new version that starts with the old tokens, then it.
    candidate = record.steps[AT].top[1]
    popup.chart.rowActivated.emit(1)
    qtbot.waitUntil(lambda: window.chat.busy, timeout=10_000)
    wait_idle(qtbot, window)
    new = window.chat.conversation.active_path()[-1]
    assert new.id != answer.id and window.chat.conversation.version_index(new.id) == (2, 2)
    assert "2/2" in window.view.toPlainText()
    new_record = window.store.load_logprobs(new.id)
    assert new_record is not None and new_record.text() == new.content
    old_ids = [s.token.token_id for s in record.steps]
    new_ids = [s.token.token_id for s in new_record.steps]
    assert new_ids[:AT] == old_ids[:AT]
    assert new_ids[AT] == candidate.token_id != old_ids[AT]  # the first differing token
    assert new.content.startswith("".join(s.piece for s in record.steps[:AT]))
    # The new version is shown tinted too, every token of it.
    spans = token_spans(window.view.document(), new.id)
    assert "".join(text for _, text, _ in spans) == new.content
