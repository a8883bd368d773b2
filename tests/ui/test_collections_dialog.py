"""The Collections dialog's other actions: names refused inline, the embedding model changed
(needs rebuild, Rebuild), delete (the files stay), the per-chat switch kept in the chat's
params, the embedding-model setting and the recommended model's download."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.catalog.embedders import RECOMMENDED_FILE, RECOMMENDED_REPO
from app.core.catalog.library import LocalModel
from app.core.settings.settings import SettingsStore
from tests.retrieval_embedders import HashingEmbedder
from tests.ui.collections_helpers import add_folder, row, use_embedder, wait_idle, write_folder

LEFT = Qt.MouseButton.LeftButton


def _indexed(make_window, fake, qtbot: QtBot, tmp_path: Path, name: str = "Notes"):
    window = make_window(fake)
    entry = use_embedder(window, HashingEmbedder())
    dialog = entry.open()
    add_folder(qtbot, dialog, name, write_folder(tmp_path / "notes"))
    wait_idle(qtbot, entry)
    return window, entry, dialog


def test_bad_and_taken_names_are_said_in_the_form(make_window, fake, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    _window, _entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    add_folder(qtbot, dialog, "   ", tmp_path / "notes")
    assert dialog.form.isVisible()
    assert "name of one line" in dialog.form.error.text()
    dialog.form.name.setText("Notes")
    qtbot.mouseClick(dialog.form.add, LEFT)
    assert "already a collection named “Notes”" in dialog.form.error.text()
    dialog.form.name.setText("Elsewhere")
    dialog.form.folder.setText(str(tmp_path / "no-such-folder"))
    qtbot.mouseClick(dialog.form.add, LEFT)
    assert "is not a folder" in dialog.form.error.text()
    assert [r.info.name for r in dialog.rows] == ["Notes"]  # nothing added
    dialog.close()


def test_a_changed_model_needs_a_rebuild_and_rebuild_works(make_window, fake, qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    window, entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    use_embedder(window, HashingEmbedder(dimensions=32, model_id="hashing-32"))
    entry.changed.emit()  # as the setting's change does

    assert row(dialog, "Notes").state == "rebuild"
    assert "Needs rebuild" in dialog.table.item(0, 6).text()
    assert dialog.rebuild_button.isEnabled() and not dialog.update_button.isEnabled()
    qtbot.mouseClick(dialog.rebuild_button, LEFT)
    wait_idle(qtbot, entry)
    notes = row(dialog, "Notes")
    assert notes.state == "errors" and notes.info.model_id == "hashing-32"
    assert notes.info.documents == 4 and notes.info.dimensions == 32
    assert not dialog.rebuild_button.isEnabled()
    dialog.close()


def test_delete_asks_and_leaves_the_files(make_window, fake, qtbot: QtBot, tmp_path: Path,
                                          monkeypatch) -> None:
    _window, entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_delete", lambda name: asked.append(name) or False)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert asked == ["Notes"] and [r.info.name for r in dialog.rows] == ["Notes"]
    monkeypatch.setattr(dialog, "confirm_delete", lambda name: True)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert dialog.rows == [] and entry.store().list_collections() == []
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == [
        "broken.txt", "hangul.md", "kimchi.txt", "ondol.md"]
    dialog.close()


def test_the_chat_switch_is_kept_in_the_chat_params(make_window, fake, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    window, entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    first = window.chat.summary.id
    window.store.set_chat_settings(first, params={"temperature": 0.3})
    window.chat.summary = window.store.get_chat(first)
    dialog.refresh()
    assert dialog.search_here.isEnabled() and not dialog.search_here.isChecked()
    qtbot.mouseClick(dialog.search_here, LEFT)
    wait_idle(qtbot, entry)  # switching on checks the folder for changes
    assert window.store.get_chat(first).params == {"temperature": 0.3, "collections": ["Notes"]}

    # Saving the chat's sampling values keeps its collections.
    window.params_ctl.samplingChanged.emit(window.chat.sampling, True)
    assert window.store.get_chat(first).params["collections"] == ["Notes"]

    window.chat.new_chat()
    dialog.refresh()
    assert not dialog.search_here.isChecked()
    window.chat.open_chat(first)
    dialog.refresh()
    assert dialog.search_here.isChecked()
    qtbot.mouseClick(dialog.search_here, LEFT)
    assert "collections" not in window.store.get_chat(first).params
    qtbot.mouseClick(dialog.search_here, LEFT)
    dialog.close()


def test_the_switch_survives_reopening_the_window(make_window, fake, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    from tests.ui.conftest import close_window

    window, entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    chat_id = window.chat.summary.id
    qtbot.mouseClick(dialog.search_here, LEFT)
    wait_idle(qtbot, entry)
    dialog.close()
    close_window(qtbot, window)

    again = make_window(fake)
    checks: list[str] = []
    again.collections.indexer.started.connect(checks.append)
    use_embedder(again, HashingEmbedder())
    again.chat.new_chat()
    again.chat.open_chat(chat_id)  # opening a chat that searches a collection checks it
    assert again.collections.chat_names() == ["Notes"]
    qtbot.waitUntil(lambda: checks == ["Notes"], timeout=10_000)
    wait_idle(qtbot, again.collections)
    reopened = again.collections.open()
    assert reopened.search_here.isChecked()
    reopened.close()


def test_the_embedding_setting_is_saved_and_marks_rebuilds(make_window, fake, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    window, entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    entry.key_source = entry._library_key  # the setting decides, as in the real window
    resets: list[int] = []
    window.documents.embedding_changed = lambda: resets.append(1)
    library = [LocalModel("Qwen/Qwen3-Embedding-0.6B-Q8_0.gguf", tmp_path / "q.gguf", 1),
               LocalModel("x/bge-m3-Q8_0.gguf", tmp_path / "b.gguf", 1),
               LocalModel("x/chat-model.gguf", tmp_path / "c.gguf", 1)]
    window.models.library = library
    window.models.libraryChanged.emit(library, None)
    combo = dialog.model_box.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Best available (Qwen/Qwen3-Embedding-0.6B-Q8_0.gguf)",
        "Qwen/Qwen3-Embedding-0.6B-Q8_0.gguf", "x/bge-m3-Q8_0.gguf"]
    assert not dialog.model_box.download.isVisible()
    assert row(dialog, "Notes").state == "rebuild"  # built with the hashing model

    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert SettingsStore(window.ctx.paths.settings_file).load().embedding_model == \
        "x/bge-m3-Q8_0.gguf"
    assert resets == [1] and row(dialog, "Notes").state == "rebuild"
    combo.activated.emit(0)
    assert SettingsStore(window.ctx.paths.settings_file).load().embedding_model is None
    dialog.close()


def test_without_an_embedding_model_the_recommended_one_downloads(
        make_window, fake, qtbot: QtBot, monkeypatch) -> None:
    window = make_window(fake)
    window.models.library = []
    entry = window.collections
    dialog = entry.open()
    dialog.model_box.set_models([], None)
    assert dialog.model_box.download.isVisible()
    assert dialog.model_box.combo.itemText(0) == "Best available"
    added: list[tuple] = []

    def add(repo_id, variant, files, revision=None):
        added.append((repo_id, variant, [f.path for f in files]))
        return "job-1"

    monkeypatch.setattr(window.browser.downloads, "add", add)  # nothing leaves the machine
    qtbot.mouseClick(dialog.model_box.download, LEFT)
    assert added == [(RECOMMENDED_REPO, "Q8_0", [RECOMMENDED_FILE])]
    entry.on_download(SimpleNamespace(id="job-1", state=SimpleNamespace(value="running"),
                                      done_bytes=319_500_000, total_bytes=639_000_000,
                                      error=None))
    assert "50%" in dialog.model_box.note.text()
    assert not dialog.model_box.download.isEnabled()
    entry.on_download(SimpleNamespace(id="job-1", state=SimpleNamespace(value="done"),
                                      done_bytes=1, total_bytes=1, error=None))
    assert "downloaded" in dialog.model_box.note.text()
    dialog.close()


def test_every_control_of_the_dialog_has_a_name_and_tab_reaches_it(
        make_window, fake, qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from tests.ui.widget_walk import interactive_widgets, spoken_name

    window, _entry, dialog = _indexed(make_window, fake, qtbot, tmp_path)
    qtbot.mouseClick(dialog.add_button, LEFT)  # the form shown too
    labels = dialog.findChildren(QLabel)
    controls = interactive_widgets(dialog)
    assert len(controls) >= 10
    nameless = [type(w).__name__ for w in controls if not spoken_name(w, labels)]
    assert not nameless, f"controls without an accessible name: {nameless}"
    unreachable = [type(w).__name__ for w in controls
                   if not w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert not unreachable
    assert window.collections_button.accessibleName()
    dialog.close()
