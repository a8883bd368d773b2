"""The Collections dialog indexes folders in the background: progress, cancel, updates of
changed files only, a deleted folder, closing the dialog while indexing, and the event loop
turning all along. The hashing embedder stands in for the model (mechanics only)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from tests.retrieval_embedders import HashingEmbedder
from tests.ui.collections_helpers import (
    Gate,
    add_folder,
    row,
    use_embedder,
    wait_idle,
    write_folder,
)


def test_add_folder_indexes_with_progress_while_the_gui_turns(
        make_window, fake, qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(fake)
    turned = threading.Event()
    timer = QTimer(window, interval=5)
    timer.timeout.connect(turned.set)
    timer.start()

    def need_gui_turns(_batch: int) -> None:
        # Each batch waits until the GUI thread's timer has fired twice more: were the GUI
        # blocked by indexing, it would never fire and the run would fail.
        for _ in range(2):
            turned.clear()
            if not turned.wait(30):
                raise TimeoutError("the event loop did not turn while indexing")

    entry = use_embedder(window, HashingEmbedder(before_batch=need_gui_turns))
    seen: list[tuple[str, int, int, int]] = []
    entry.indexer.progress.connect(lambda *args: seen.append(args))
    dialog = entry.open()
    add_folder(qtbot, dialog, "Notes", write_folder(tmp_path / "notes"))
    qtbot.waitUntil(lambda: dialog.progress.isVisible(), timeout=10_000)
    wait_idle(qtbot, entry)
    timer.stop()

    assert seen[-1][:3] == ("Notes", 4, 4) and seen[-1][3] >= 3
    notes = row(dialog, "Notes")
    assert (notes.info.documents, notes.info.failed) == (4, 1)  # the binary file is listed
    assert notes.state == "errors" and notes.info.chunks == seen[-1][3]
    assert dialog.table.item(0, 5).text() == "hashing-64"
    assert dialog.failed_list.count() == 1
    assert "broken.txt" in dialog.failed_list.item(0).text()
    assert "not a text file" in dialog.failed_list.item(0).text()
    assert "up to date" in dialog.message.text()
    assert not dialog.progress.isVisible()
    dialog.close()


def test_cancel_keeps_the_finished_files_and_says_so(make_window, fake, qtbot: QtBot,
                                                     tmp_path: Path) -> None:
    window = make_window(fake)
    gate = Gate(at=1)  # the second file's batch
    entry = use_embedder(window, HashingEmbedder(before_batch=gate))
    dialog = entry.open()
    add_folder(qtbot, dialog, "Notes", write_folder(tmp_path / "notes"))
    qtbot.waitUntil(gate.reached.is_set, timeout=10_000)
    assert dialog.cancel_button.isVisible()
    qtbot.mouseClick(dialog.cancel_button, _left())
    gate.opened.set()
    wait_idle(qtbot, entry)

    assert "cancelled after 2 of 4 files" in dialog.message.text()
    assert dialog.message.property("role") == "warning"
    notes = row(dialog, "Notes")
    # broken.txt (read first, refused: binary) and hangul.md finished; kimchi.txt dropped.
    assert notes.info.documents - notes.info.failed == 1
    assert notes.state != "indexing" and not dialog.cancel_button.isVisible()
    # Update finishes the rest.
    qtbot.mouseClick(dialog.update_button, _left())
    wait_idle(qtbot, entry)
    assert row(dialog, "Notes").info.documents - row(dialog, "Notes").info.failed == 3
    dialog.close()


def test_update_indexes_only_the_changed_file(make_window, fake, qtbot: QtBot,
                                              tmp_path: Path) -> None:
    window = make_window(fake)
    embedder = HashingEmbedder()
    entry = use_embedder(window, embedder)
    dialog = entry.open()
    folder = write_folder(tmp_path / "notes")
    add_folder(qtbot, dialog, "Notes", folder)
    wait_idle(qtbot, entry)
    embedded = embedder.texts_embedded
    (folder / "kimchi.txt").write_text("Kimchi is fermented cabbage, eaten with every meal "
                                       "in Korea.", encoding="utf-8")
    totals: list[int] = []
    entry.indexer.progress.connect(lambda _n, _d, total, _c: totals.append(total))
    qtbot.mouseClick(dialog.update_button, _left())
    wait_idle(qtbot, entry)

    assert set(totals) == {1}  # one file to index
    assert embedder.texts_embedded - embedded == 1  # one passage embedded again
    assert row(dialog, "Notes").info.documents == 4
    assert "indexed: 1" in dialog.message.text()
    dialog.close()


def test_a_deleted_folder_says_so_and_loses_nothing(make_window, fake, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    window = make_window(fake)
    entry = use_embedder(window, HashingEmbedder())
    dialog = entry.open()
    folder = write_folder(tmp_path / "notes")
    add_folder(qtbot, dialog, "Notes", folder)
    wait_idle(qtbot, entry)
    before = row(dialog, "Notes").info
    folder.rename(tmp_path / "moved")
    dialog.refresh()

    notes = row(dialog, "Notes")
    assert notes.state == "missing"
    assert dialog.table.item(0, 6).text() == "Folder missing"
    assert not dialog.update_button.isEnabled()
    assert (notes.info.documents, notes.info.chunks) == (before.documents, before.chunks)
    # A check (as when a chat that searches it opens) fails with words, nothing removed.
    entry.indexer.queue("Notes", "check")
    wait_idle(qtbot, entry)
    assert "is gone" in dialog.message.text()
    assert row(dialog, "Notes").info.chunks == before.chunks
    dialog.close()


def test_closing_the_dialog_keeps_indexing_on_the_status_line(make_window, fake, qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    window = make_window(fake)
    gate = Gate(at=1)
    entry = use_embedder(window, HashingEmbedder(before_batch=gate))
    dialog = entry.open()
    add_folder(qtbot, dialog, "Notes", write_folder(tmp_path / "notes"))
    qtbot.waitUntil(gate.reached.is_set, timeout=10_000)
    dialog.close()
    qtbot.waitUntil(lambda: entry.dialog is None, timeout=5_000)
    gate.opened.set()
    qtbot.waitUntil(lambda: "Indexing “Notes”: 3 of 4 files" in window.status_label.text()
                    or "up to date" in window.status_label.text(), timeout=10_000)
    wait_idle(qtbot, entry)
    assert "“Notes” is up to date" in window.status_label.text()
    reopened = entry.open()
    assert row(reopened, "Notes").info.documents == 4
    reopened.close()


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_no_embedding_model_is_said_and_the_collection_stays(make_window, fake, qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    from app.core.errors import RetrievalError

    window = make_window(fake)
    entry = window.collections

    def no_model() -> None:
        raise RetrievalError("No embedding model.", reason="no_embedding_model",
                             repo="Qwen/Qwen3-Embedding-0.6B-GGUF", file="x.gguf")

    entry.embedder = no_model
    dialog = entry.open()
    add_folder(qtbot, dialog, "Notes", write_folder(tmp_path / "notes"))
    wait_idle(qtbot, entry)
    assert "No embedding model" in dialog.message.text()
    assert dialog.message.property("role") == "error"
    notes = row(dialog, "Notes")
    assert notes.state == "empty" and dialog.table.item(0, 6).text() == "Not indexed yet"
    assert dialog.update_button.isEnabled()  # try again once a model is there
    dialog.close()
