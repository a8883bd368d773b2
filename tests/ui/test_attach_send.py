"""Sending a message with attachments: the files are read off the GUI thread, stored with the
question, and reach the model; an image for a model that cannot see is refused before
anything is sent; Stop cancels the reading; long files without an embedding model are
offered one."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.core.chat.attachments import RETRIEVED, WHOLE
from app.core.errors import RetrievalError
from app.ui.chat import attach_flow
from app.ui.chat.attach_work import GroundingJob
from tests.fake_runtime import FakeRuntime
from tests.retrieval_embedders import HashingEmbedder
from tests.ui.conftest import MakeWindow, send, wait_idle


def _question(window: Any) -> Any:
    path = window.store.load_conversation(window.chat.summary.id).active_path()
    users = [m for m in path if m.role == "user"]
    return users[-1] if users else None


def _last_user_text(fake: FakeRuntime) -> str:
    content = fake.requests[-1]["messages"][-1]["content"]
    return content if isinstance(content, str) else content[0]["text"]


def test_a_small_file_goes_whole_with_the_question(qtbot: QtBot, make_window: MakeWindow,
                                                   tmp_path: Path) -> None:
    fake = FakeRuntime(tokens=["At", " six."])
    window = make_window(fake)
    note = tmp_path / "hours.txt"
    note.write_text("The lighthouse opens at six in the morning.\n", encoding="utf-8")
    window.composer.attachments.add_paths([note])
    send(qtbot, window, "When does it open?")
    wait_idle(qtbot, window)
    question = _question(window)
    assert question.content == "When does it open?"
    assert question.grounding is not None and question.grounding.mode == WHOLE
    assert [a.name for a in question.grounding.attachments] == ["hours.txt"]
    sent = _last_user_text(fake)
    assert "opens at six in the morning" in sent and sent.endswith("When does it open?")
    answer = window.chat.conversation.get(window.chat.conversation.children(question.id)[0].id)
    assert answer.content == "At six."
    assert window.composer.attachments.progress.isHidden()  # "Reading files…" is gone


def _image(folder: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    path = folder / "chart.png"
    assert image.save(str(path), "PNG")
    return path


def test_an_image_for_a_model_that_cannot_see_is_refused_and_kept(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    assert window.attach_flow.model is not None and not window.attach_flow.sees_images()
    bar = window.composer.attachments
    bar.add_paths([_image(tmp_path)])
    # Said as soon as the image is attached, before anything is sent.
    assert bar.progress.isVisible() and "cannot see images" in bar.progress.text()
    send(qtbot, window, "What does this show?")
    assert not window.chat.busy and fake.requests == []
    assert _question(window) is None  # nothing was sent
    assert window.composer.edit.toPlainText() == "What does this show?"
    assert [i.path.name for i in bar.items()] == ["chart.png"]
    assert bar.progress.isVisible() and "cannot see images" in bar.progress.text()
    bar.remove(bar.items()[0])
    assert bar.progress.isHidden()  # no image any more: nothing to warn about


def test_grounding_runs_off_the_gui_thread(qtbot: QtBot, make_window: MakeWindow,
                                           fake: FakeRuntime, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(fake)
    gui_turned = threading.Event()
    seen: dict[str, Any] = {}
    real = attach_flow.run_grounding

    def slow(job: GroundingJob) -> Any:
        seen["thread"] = threading.current_thread()
        # Waits for a timer of the GUI thread: only fires if the event loop keeps turning.
        seen["turned"] = gui_turned.wait(20)
        return real(job)

    monkeypatch.setattr(attach_flow, "run_grounding", slow)
    note = tmp_path / "a.txt"
    note.write_text("alpha", encoding="utf-8")
    window.composer.attachments.add_paths([note])
    send(qtbot, window, "Read it")
    assert window.chat.busy and window.composer.stop_button.isVisible()
    assert window.composer.attachments.progress.text() == "Reading files…"
    QTimer.singleShot(50, gui_turned.set)
    wait_idle(qtbot, window)
    assert seen["turned"] is True
    assert seen["thread"] is not threading.main_thread()
    assert len(fake.requests) == 1 and "alpha" in _last_user_text(fake)


def test_stop_cancels_the_reading(qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime,
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(fake)
    started = threading.Event()

    def until_cancelled(job: GroundingJob) -> Any:
        started.set()
        if job.cancel.wait(20):
            raise RetrievalError("cancelled", reason="cancelled")
        raise AssertionError("never cancelled")

    monkeypatch.setattr(attach_flow, "run_grounding", until_cancelled)
    note = tmp_path / "a.txt"
    note.write_text("alpha", encoding="utf-8")
    window.composer.attachments.add_paths([note])
    send(qtbot, window, "Read it")
    qtbot.waitUntil(started.is_set, timeout=10_000)
    window.composer.stop_button.click()
    wait_idle(qtbot, window)
    assert fake.requests == []  # the model was never asked
    question = _question(window)
    answer = window.chat.conversation.children(question.id)[0]
    assert answer.stats.get("stop_reason") == "cancelled"
    assert window.composer.attachments.progress.isHidden()
    send(qtbot, window, "And now?")  # the chat goes on, with nothing attached
    wait_idle(qtbot, window)
    assert len(fake.requests) == 1 and _last_user_text(fake) == "And now?"


def _long_text(folder: Path) -> Path:
    lines = [f"Section {i}: the keeper logs the weather, tide number {i} and the lamp."
             for i in range(4000)]
    lines[2500] = "The secret password of the lighthouse is AMBERGRIS."
    path = folder / "log.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class _HashingHost:
    """The embedding host's surface, with a hashing embedder (no model to load)."""

    def __call__(self) -> HashingEmbedder:
        return HashingEmbedder()

    def cancel(self, _owner: object = None) -> None: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


def test_a_long_file_is_searched_for_passages(qtbot: QtBot, make_window: MakeWindow,
                                             fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    window.documents._host = _HashingHost()  # mechanics only (no model file)
    window.composer.attachments.add_paths([_long_text(tmp_path)])
    send(qtbot, window, "What is the secret password of the lighthouse?")
    wait_idle(qtbot, window)
    grounding = _question(window).grounding
    assert grounding.mode == RETRIEVED and grounding.sources
    assert grounding.attachments[0].mode == RETRIEVED
    sent = _last_user_text(fake)
    assert "[1]" in sent and len(sent) < 40_000  # passages, not the whole file


def test_later_questions_and_collections_are_searched_without_attachments(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    window.documents._host = _HashingHost()  # mechanics only (no model file)
    window.composer.attachments.add_paths([_long_text(tmp_path)])
    send(qtbot, window, "What is the secret password of the lighthouse?")
    wait_idle(qtbot, window)
    # The next question has no files: the chat's earlier (indexed) file is searched again.
    send(qtbot, window, "And the secret password of the lighthouse?")
    wait_idle(qtbot, window)
    assert "AMBERGRIS" in _last_user_text(fake)
    assert _question(window).grounding.sources

    # A new chat that searches a collection: a plain question gets its passages.
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "boat.md").write_text("# Boat\n\nThe ferry leaves the harbour at 7:40.\n",
                                   encoding="utf-8")
    store = window.documents.index_store()
    store.create_collection("Notes", folder=notes)
    from app.core.retrieval.folders import sync_folder

    sync_folder(store, "Notes", HashingEmbedder())
    window.chat.new_chat()
    send(qtbot, window, "When does the ferry leave the harbour?")
    wait_idle(qtbot, window)
    window.store.set_chat_settings(window.chat.summary.id, params={"collections": ["Notes"]})
    window.chat.summary = window.store.get_chat(window.chat.summary.id)
    send(qtbot, window, "When does the ferry leave the harbour?")
    wait_idle(qtbot, window)
    assert "7:40" in _last_user_text(fake)
    assert _question(window).grounding.sources[0].name == "boat.md"


def test_long_files_without_an_embedding_model_offer_one(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    log = _long_text(tmp_path)
    window.composer.attachments.add_paths([log])
    send(qtbot, window, "What is the password?")
    qtbot.waitUntil(lambda: getattr(window, "embedding_offer", None) is not None,
                    timeout=20_000)
    wait_idle(qtbot, window)
    box = window.embedding_offer
    assert box.isVisible() and "embedding model" in box.text()
    assert fake.requests == []
    assert [i.path for i in window.composer.attachments.items()] == [log]  # kept for a retry
    asked: list[bool] = []
    window.collections.download_recommended = lambda: asked.append(True)
    get = next(b for b in box.buttons() if b.text() == "Get the embedding model")
    get.click()
    assert asked == [True]  # the recommended model is queued for download
    assert window.pages.currentWidget() is window.models_page
    box.close()


def test_an_unreadable_file_is_recorded_and_the_others_go_on(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    good = tmp_path / "good.txt"
    good.write_text("Tide tables for March.", encoding="utf-8")
    bad = tmp_path / "blob.dat"
    bad.write_bytes(bytes(range(256)) * 16)
    window.composer.attachments.add_paths([good, bad])
    send(qtbot, window, "Which month?")
    wait_idle(qtbot, window)
    grounding = _question(window).grounding
    modes = {a.name: (a.mode, a.reason) for a in grounding.attachments}
    assert modes["good.txt"][0] == WHOLE
    assert modes["blob.dat"] == ("failed", "binary")
    assert len(fake.requests) == 1 and "Tide tables for March." in _last_user_text(fake)


def test_regenerating_keeps_what_the_question_was_sent_with(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    window.documents._host = _HashingHost()  # mechanics only (no model file)
    window.composer.attachments.add_paths([_long_text(tmp_path)])
    send(qtbot, window, "What is the secret password of the lighthouse?")
    wait_idle(qtbot, window)
    first = _question(window).grounding
    assert first.mode == RETRIEVED and first.sources
    answer = window.chat.conversation.active_path()[-1]
    window.chat.regenerate(answer.id)
    wait_idle(qtbot, window)
    assert _question(window).grounding == first  # not searched again, not lost
    assert "AMBERGRIS" in _last_user_text(fake)


def test_a_deleted_chats_indexed_files_are_dropped(qtbot: QtBot, make_window: MakeWindow,
                                                   fake: FakeRuntime, tmp_path: Path) -> None:
    window = make_window(fake)
    window.documents._host = _HashingHost()  # mechanics only (no model file)
    window.composer.attachments.add_paths([_long_text(tmp_path)])
    send(qtbot, window, "What is the secret password of the lighthouse?")
    wait_idle(qtbot, window)
    store = window.documents.index_store()
    summary = window.chat.summary
    name = f"chat-{summary.id}-{round(summary.created_at * 1000)}"
    assert name in {c.name for c in store.list_collections()}
    window.chat.delete_chat(summary.id)
    qtbot.waitUntil(lambda: name not in {c.name for c in store.list_collections()},
                    timeout=10_000)
