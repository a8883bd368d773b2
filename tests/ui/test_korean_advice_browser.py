"""The Korean note's button opens the Models page on the families that handle Korean well (the
shipped list's searches, merged, most downloaded first, each row with its reason), against the
fake hub; a hub that cannot be reached gets the usual words. The note's controls are reachable
by keyboard and named for screen readers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.words.korean import reason_text
from tests.fake_runtime import FakeRuntime
from tests.fakehub import FakeHub, FakeRepo, fixtures
from tests.ui.conftest import MakeWindow
from tests.ui.test_korean_advice_real import _language

fake_hub = fixtures.fake_hub

REPOS = {  # repository: downloads
    "bartowski/Qwen2.5-7B-Instruct-GGUF": 90_000,
    "Qwen/Qwen2.5-Coder-7B-Instruct-GGUF": 95_000,  # a coder build: its card is about code
    "unsloth/Qwen3-4B-GGUF": 50_000,
    "ggml-org/gemma-3-4b-it-GGUF": 70_000,
    "ggml-org/gemma-3n-E4B-it-GGUF": 80_000,  # 3n is not the Gemma 3 the list means
    "LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct-GGUF": 20_000,
    "community/kanana-1.5-2.1b-instruct-GGUF": 5_000,
}


def add_korean_repos(hub: FakeHub) -> None:
    """A few repositories of the shipped families, and two the list leaves out."""
    for repo_id, downloads in REPOS.items():
        hub.add(FakeRepo(repo_id, downloads=downloads, likes=downloads // 1000, tags=["gguf"],
                         gguf={"total": 4 * 10**9, "architecture": "llama"}))


def _notice_shown(qtbot: QtBot, window: MainWindow) -> QWidget:
    notice = window.korean_advisor.notice  # type: ignore[attr-defined]
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    return notice


def test_the_button_lists_models_that_handle_korean(qtbot: QtBot, make_window: MakeWindow,
                                                    fake_hub: FakeHub) -> None:
    add_korean_repos(fake_hub)
    _language("ko")
    window = make_window(FakeRuntime())  # no tokenizer: the list knows SmolLM2 by its name
    notice = _notice_shown(qtbot, window)
    notice.find.click()
    page = window.models_page
    assert not notice.isVisible()
    assert window.pages.currentWidget() is page and page.currentWidget() is page.discover
    assert page.discover.currentWidget() is page.search
    qtbot.waitUntil(lambda: not page.search.loading, timeout=20_000)
    rows = page.search.results.items()
    assert [r.repo_id for r in rows] == [  # most downloaded first, the left-out ones gone
        "bartowski/Qwen2.5-7B-Instruct-GGUF", "ggml-org/gemma-3-4b-it-GGUF",
        "unsloth/Qwen3-4B-GGUF", "LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct-GGUF",
        "community/kanana-1.5-2.1b-instruct-GGUF"]
    model = page.search.results
    for row, pick in enumerate(rows):
        label = model.data(model.index(row), Qt.ItemDataRole.DisplayRole)
        assert reason_text(pick.reason) in label and pick.family in label
        assert reason_text(pick.reason) in model.data(model.index(row),
                                                      Qt.ItemDataRole.ToolTipRole)
    assert {r.reason for r in rows} == {"card_lists_korean", "card_many_languages",
                                        "card_korean_english"}
    assert "5" in page.search.status.text()

    page.search.list.activated.emit(model.index(0))  # the usual repository page
    assert page.discover.currentWidget() is page.repo
    assert page.repo.title.text() == rows[0].repo_id
    qtbot.waitUntil(lambda: page.repo.report is not None, timeout=10_000)


def test_a_hub_out_of_reach_gets_the_usual_words(qtbot: QtBot, make_window: MakeWindow,
                                                 fake_hub: FakeHub) -> None:
    window = make_window(FakeRuntime())
    fake_hub.faults.down = True
    search = window.models_page.search
    search.show_korean()
    qtbot.waitUntil(lambda: not search.loading, timeout=10_000)
    korean_words = search.status.text()
    search.start()
    qtbot.waitUntil(lambda: not search.loading, timeout=10_000)
    assert korean_words == search.status.text() and "cannot be reached" in korean_words
    assert search.results.rowCount() == 0


def test_the_note_is_reachable_and_named(qtbot: QtBot, make_window: MakeWindow) -> None:
    _language("ko")
    window = make_window(FakeRuntime())
    notice = _notice_shown(qtbot, window)
    for button in (notice.find, notice.close_button):
        assert button.accessibleName() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert notice.accessibleName() and notice.text.text() in notice.accessibleDescription()
    reached, widget = set(), window.composer.edit.nextInFocusChain()
    while widget is not window.composer.edit:
        reached.add(widget)
        widget = widget.nextInFocusChain()
    assert notice.find in reached and notice.close_button in reached
    notice.close_button.setFocus()
    qtbot.keyClick(notice.close_button, Qt.Key.Key_Space)
    assert not notice.isVisible()
