"""The Models page against the fake hub: search, a repository's page, download, offline."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.fake_runtime import FakeRuntime
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO
from tests.ui.conftest import MakeWindow

fake_hub = fixtures.fake_hub


def open_models(window) -> None:
    window.sidebar.modelsPageRequested.emit()
    assert window.pages.currentWidget() is window.models_page


def test_search_pages_on_scroll_and_opens_a_repo(qtbot: QtBot, make_window: MakeWindow,
                                                 fake_hub: FakeHub) -> None:
    for i in range(30):
        fake_hub.add(FakeRepo(f"maker/model-{i:02d}-GGUF", downloads=i, tags=["gguf"]))
    window = make_window(FakeRuntime())
    open_models(window)
    page = window.models_page
    page.search.query.setText("model")
    page.search.start()
    qtbot.waitUntil(lambda: page.search.results.rowCount() >= 20, timeout=10_000)
    page.search.list.verticalScrollBar().setValue(page.search.list.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: page.search.results.rowCount() >= 30, timeout=10_000)
    assert page.search.results.item(0).repo_id == "maker/model-29-GGUF"  # most downloads first

    page.search.query.setText("smol")
    page.search.start()
    qtbot.waitUntil(lambda: page.search.results.rowCount() == 1, timeout=10_000)
    page.search.repoChosen.emit(STARTER_REPO)
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    assert page.repo.table.rowCount() == 1
    assert "Recommended" in page.repo.table.item(0, 0).text()
    assert page.repo.table.item(0, 3).text() == "Fits in RAM (CPU)"
    assert "SmolLM2" in page.repo.card.toPlainText()


def test_download_from_the_page_lands_in_the_library(qtbot: QtBot, make_window: MakeWindow,
                                                     fake_hub: FakeHub, ondol_home) -> None:
    window = make_window(FakeRuntime())
    page = window.models_page
    page.open_repo(STARTER_REPO)
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    target = ondol_home / "data" / "models" / STARTER_REPO / STARTER_FILE
    target.unlink()  # the starter model was placed there at start: fetch it for real
    window.models.library = []
    page.repo.download_button.click()
    qtbot.waitUntil(lambda: any(j.state == "done" for j in window.browser.downloads.jobs()),
                    timeout=60_000)
    assert target.is_file() and page.currentWidget() is page.downloads
    # Fetched at the commit the page listed, not at whatever "main" is by then.
    revision = page.repo.report.revision
    asked = fake_hub.find_requests(path_contains=STARTER_FILE, server="hub")
    assert revision and asked and all(f"/resolve/{revision}/" in r.path for r in asked)
    qtbot.waitUntil(lambda: any(m.name.endswith(STARTER_FILE) for m in window.models.library),
                    timeout=10_000)


def test_offline_is_one_clear_line_quickly(qtbot: QtBot, make_window: MakeWindow,
                                           fake_hub: FakeHub) -> None:
    import time

    window = make_window(FakeRuntime())
    fake_hub.faults.down = True
    page = window.models_page
    started = time.monotonic()
    page.search.start()
    qtbot.waitUntil(lambda: "cannot be reached" in page.search.status.text(), timeout=6_000)
    assert time.monotonic() - started < 5
    assert window.models.ready  # the chat side is untouched


def test_awq_repo_gets_the_format_advisor(qtbot: QtBot, make_window: MakeWindow,
                                          fake_hub: FakeHub) -> None:
    fake_hub.add(FakeRepo("Qwen/Qwen2.5-7B-Instruct-AWQ", tags=["awq"], files=[
        FakeFile("config.json", data=b"{}"),
        FakeFile("model-00001-of-00002.safetensors", data=b"x" * 100)]))
    window = make_window(FakeRuntime())
    page = window.models_page
    page.open_repo("Qwen/Qwen2.5-7B-Instruct-AWQ")
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)
    assert "vLLM" in page.repo.notice.text() and "GGUF" in page.repo.notice.text()
    assert page.repo.table.rowCount() == 0 and not page.repo.download_button.isEnabled()
    page.repo.alternative.click()
    assert page.search.query.text() == "Qwen2.5-7B-Instruct"


def test_my_models_imports_a_file_and_deletes_it(qtbot: QtBot, make_window: MakeWindow,
                                                 smollm2_path, tmp_path, monkeypatch) -> None:
    import os

    from PySide6.QtWidgets import QMessageBox

    window = make_window(FakeRuntime())
    panel = window.models_page.local
    source = tmp_path / "mine" / "Tiny-Chat.Q4_1.gguf"
    source.parent.mkdir()
    os.link(smollm2_path, source)
    panel._import(str(source), move=False)
    qtbot.waitUntil(lambda: any(m.path.name == source.name for m in panel.models),
                    timeout=10_000)
    assert source.exists() and "Imported" in panel.message.text()
    row = next(i for i, m in enumerate(panel.models) if m.path.name == source.name)
    assert panel.table.item(row, 3).text() == "Q4_1" and panel.table.item(row, 5).text() == "yes"
    panel.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel._delete()
    qtbot.waitUntil(lambda: not any(m.path.name == source.name for m in panel.models),
                    timeout=10_000)
