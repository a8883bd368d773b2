"""The window on the real runtime and starter model keeps each answer's token probabilities."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.chat.logprobs import AnswerLogprobs
from app.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, send, wait_idle


def _check(record: AnswerLogprobs | None, content: str, k: int = 5) -> AnswerLogprobs:
    assert record is not None and record.steps
    assert record.text() == content  # the pieces colour exactly the stored text
    for step in record.steps:
        assert len(step.top) == k and step.token.logprob <= 0
        assert [t.logprob for t in step.top] == sorted((t.logprob for t in step.top),
                                                       reverse=True)
        same = [t for t in step.top if t.token_id == step.token.token_id]
        if same:
            assert same[0].logprob == step.token.logprob
    return record


def _saved(window: MainWindow, message_id: int) -> tuple[str, AnswerLogprobs | None]:
    """The answer's text and probabilities as they are on disk now (one GUI-thread read)."""
    conv = window.store.load_conversation(window.chat.summary.id)
    return conv.get(message_id).content, window.store.load_logprobs(message_id)


def test_answers_and_versions_keep_their_probabilities(qtbot: QtBot,
                                                       make_window: MakeWindow) -> None:
    window = make_window()
    window.params.temperature.setValue(0.8)
    window.params.max_tokens.setValue(30)
    send(qtbot, window, "Write two sentences about the moon.")
    wait_idle(qtbot, window)
    question, first = window.chat.conversation.active_path()
    assert first.has_logprobs and not question.has_logprobs
    first_record = _check(window.store.load_logprobs(first.id), first.content)
    assert len(first_record.steps) == first.stats["generated_tokens"]
    assert window.store.load_logprobs(question.id) is None

    window.view.actionRequested.emit("regenerate", first.id)
    wait_idle(qtbot, window)
    second = window.chat.conversation.active_path()[-1]
    assert second.id != first.id
    _check(window.store.load_logprobs(second.id), second.content)
    assert window.store.load_logprobs(first.id) == first_record  # the old version's stay

    # Mid-stream the text is saved every second, the probabilities when the answer ends
    # (stopped, here): they match exactly the text saved then.
    window.params.max_tokens.setValue(1000)
    send(qtbot, window, "Tell me a very long story about a dragon and a lighthouse.")
    qtbot.waitUntil(lambda: window.chat.busy and window.chat.answer_id is not None
                    and bool(_saved(window, window.chat.answer_id)[0]), timeout=30_000)
    answer_id = window.chat.answer_id
    content, record = _saved(window, answer_id)
    assert not window.chat.conversation.get(answer_id).complete
    assert record is None
    window.composer.stop_button.click()
    wait_idle(qtbot, window, timeout=10_000)
    content, record = _saved(window, answer_id)
    _check(record, content)
