"""The window on the real runtime and the real starter model: where inference matters."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.conftest import MakeWindow, close_window, send, wait_idle


def test_send_stop_regenerate_edit_and_seed_through_the_ui(qtbot: QtBot,
                                                           make_window: MakeWindow) -> None:
    window = make_window()
    assert window.models.plan is not None and "CPU" in window.top_bar.reason.text()
    chunks: list[str] = []
    window.worker.chunk.connect(lambda _job, text: chunks.append(text))

    # A fixed seed at temperature 0.8, set in the panel, reaches the runtime.
    window.params.temperature.setValue(0.8)
    window.params.seed.setValue(42)
    window.params.max_tokens.setValue(40)
    send(qtbot, window, "Write two sentences about the moon.")
    wait_idle(qtbot, window)
    assert len(chunks) >= 2  # streamed in pieces, not in one lump
    conv = window.chat.conversation
    first = conv.active_path()[-1]
    assert first.complete and first.content.strip() and first.content == "".join(chunks)
    assert first.stats["generated_tokens"] > 0 and "tok/s" in window.view.toPlainText()

    window.view.actionRequested.emit("regenerate", first.id)
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    second = conv.active_path()[-1]
    assert conv.version_index(second.id) == (2, 2) and first.id in conv.messages
    assert second.content == first.content  # same seed, same settings: same answer

    # Stop: a long answer ends early with "cancelled", and what was written is kept.
    window.params.seed.setValue(-1)
    window.params.max_tokens.setValue(2000)
    chunks.clear()
    send(qtbot, window, "Tell me a very long story about a dragon and a lighthouse.")
    qtbot.waitUntil(lambda: len(chunks) >= 2, timeout=30_000)
    window.composer.stop_button.click()
    wait_idle(qtbot, window, timeout=5_000)
    stopped = window.chat.conversation.active_path()[-1]
    assert stopped.stats["stop_reason"] == "cancelled"
    assert stopped.stats["generated_tokens"] < 2000 and stopped.content

    # Edit the first question: a new branch; the old one stays.
    question = window.chat.conversation.active_path()[0]
    window.params.max_tokens.setValue(20)
    window.chat.edit(question.id, "Write one sentence about the sun.")
    wait_idle(qtbot, window)
    conv = window.chat.conversation
    path = conv.active_path()
    assert path[0].content == "Write one sentence about the sun."
    assert conv.version_index(path[0].id) == (2, 2) and len(path) == 2
    assert question.id in conv.messages


def test_conversations_survive_a_restart(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.params.max_tokens.setValue(12)
    send(qtbot, window, "Remember the word lighthouse.")
    wait_idle(qtbot, window)
    answer = window.chat.conversation.active_path()[-1].content
    chat_id = window.chat.summary.id
    close_window(qtbot, window)

    again = make_window()
    assert again.chat.summary.id == chat_id
    titles = [c.title for c in again.sidebar.chats.items()]
    assert "Remember the word lighthouse." in titles
    text = again.view.toPlainText()
    assert "Remember the word lighthouse." in text and answer.strip()[:10] in text


def test_auto_measures_both_builds_and_loads_the_faster(qtbot: QtBot,
                                                         make_window: MakeWindow) -> None:
    """The starter GGUF and its ONNX int4 build are one model with a variant picker; Auto
    measures both through real runtime hosts, then loads the faster and says why."""
    from app.core.context import AppContext
    from tests.integration.test_auto_calibration import ONNX_FOLDER, link_tree
    from tests.onnx_fixtures import onnx_model

    ctx = AppContext.create()
    ctx.ensure_starter_model()
    link_tree(onnx_model("smollm2-genai-int4"), ctx.paths.models_dir / ONNX_FOLDER)
    window = make_window()
    bar = window.top_bar
    assert bar.models.rowCount() == 1  # one model, two builds
    assert bar.variant_picker.isVisibleTo(window) and bar.variant_picker.count() == 3
    assert bar.variant_picker.itemText(0) == "Auto" and bar.pinned_variant() is None

    measuring: list[str] = []
    window.models.calibrating.connect(lambda name, _i, _n: measuring.append(name))
    with qtbot.waitSignal(window.models.loaded, timeout=120_000):
        bar.load_button.click()
    assert len(measuring) == 2
    reason = bar.reason.text()
    assert reason.startswith("Auto: ") and "tok/s measured vs" in reason
    send(qtbot, window, "Say hello.")
    wait_idle(qtbot, window)
    assert window.chat.conversation.active_path()[-1].content.strip()

    # Pin the other build: it loads without measuring again, and the reason says nothing of Auto.
    chosen = window.models.current
    group = bar.selected()
    assert chosen is not None and group is not None
    other = next(i for i, v in enumerate(group.variants, start=1) if v.model.name != chosen.name)
    bar.variant_picker.setCurrentIndex(other)
    with qtbot.waitSignal(window.models.loaded, timeout=60_000):
        bar.load_button.click()
    assert len(measuring) == 2 and not bar.reason.text().startswith("Auto")
    assert window.models.current is not None and window.models.current.name != chosen.name
    close_window(qtbot, window)


def test_temperature_from_the_panel_decides_whether_answers_repeat(qtbot: QtBot,
                                                                    make_window: MakeWindow
                                                                    ) -> None:
    """At temperature 0 a new version of an answer is the same answer; at 2 (with a new random
    seed each time, and nothing else narrowing the choice) the versions differ."""
    window = make_window()
    panel = window.params
    panel.seed.setValue(-1)  # a new random seed for every answer
    panel.max_tokens.setValue(24)
    panel.top_k.setValue(0)
    panel.top_p.setValue(1.0)
    panel.min_p.setValue(0.0)
    panel.temperature.setValue(0.0)
    send(qtbot, window, "Write a short poem about the sea.")
    wait_idle(qtbot, window)

    def regenerate() -> str:
        answer = window.chat.conversation.active_path()[-1]
        window.view.actionRequested.emit("regenerate", answer.id)
        wait_idle(qtbot, window)
        return window.chat.conversation.active_path()[-1].content

    greedy = window.chat.conversation.active_path()[-1].content
    assert greedy.strip() and regenerate() == greedy
    panel.temperature.setValue(2.0)
    hot = [regenerate(), regenerate()]
    assert hot[0] != hot[1] and greedy not in hot
