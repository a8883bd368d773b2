"""Speculative decoding in the window: the load settings' switch and draft picker reach the
next load and are remembered for the model; the line under an answer says what drafting did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.chat.conversation import StoredMessage
from app.core.planning.drafts import DraftCandidate, DraftSearch, DraftVerdict
from app.core.planning.reasons import reason
from app.ui.chat.footer import footer_text
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


@pytest.fixture
def draft_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library search that finds one fitting draft (this file) for whatever model."""
    path = tmp_path / "tiny-draft-q4_k_m.gguf"
    path.write_bytes(b"GGUF")
    draft = DraftCandidate("someone/tiny/" + path.name, path, 4, "gguf")

    def search(target: Any, _library: Any) -> DraftSearch:
        target_candidate = DraftCandidate("target", Path(target), 10, "gguf")
        fits = reason("draft.same_vocab", share=0.4)
        return DraftSearch(target_candidate, draft, fits, (DraftVerdict(draft, fits, True),))

    monkeypatch.setattr("app.core.catalog.drafts.search_drafts", search)
    return path


def wait_for_search(qtbot: QtBot, window: Any) -> None:
    qtbot.waitUntil(lambda: window.params.speculation._search is not None, timeout=10_000)


def test_draft_and_lookup_choices_reach_the_next_load_and_are_remembered(
        qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, draft_file: Path) -> None:
    window = make_window(fake)
    box = window.params.speculation
    wait_for_search(qtbot, window)
    # Prompt lookup is on unless turned off; no draft model until one is chosen.
    assert box.lookup.isChecked() and box.draft.currentIndex() == 0
    assert fake.loaded is not None and fake.loaded.params["prompt_lookup"] is True
    assert box.draft.isEnabled() and box.draft.count() == 2
    assert "(recommended)" in box.draft.itemText(1)
    tip = box.draft.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert tip == "same vocabulary, 40% of the size"
    assert "same vocabulary" in box.note.text()

    box.lookup.setChecked(False)
    box.draft.setCurrentIndex(1)
    assert box.note.text() == "same vocabulary, 40% of the size"
    assert not window.params.apply_load.isHidden()  # like every load setting: a reload
    assert fake.loaded.params["draft_model"] is None  # nothing changes before it
    with qtbot.waitSignal(window.models.loaded, timeout=10_000):
        window.params.apply_load.click()
    assert fake.loaded.params["draft_model"] == str(draft_file)
    assert fake.loaded.params["prompt_lookup"] is False
    name = window.models.current.name
    stored = window.params_ctl.settings.overrides_for(name).load
    assert stored["draft_model"] == str(draft_file) and stored["prompt_lookup"] is False
    # The panel shows the settings the model was loaded with.
    assert box.draft.currentData() == str(draft_file) and not box.lookup.isChecked()

    # Back to None: the next load has no draft, and the choice is forgotten.
    box.draft.setCurrentIndex(0)
    with qtbot.waitSignal(window.models.loaded, timeout=10_000):
        window.params.apply_load.click()
    assert fake.loaded.params["draft_model"] is None
    assert "draft_model" not in window.params_ctl.settings.overrides_for(name).load


def test_without_a_compatible_draft_the_picker_says_why(qtbot: QtBot, make_window: MakeWindow,
                                                        fake: FakeRuntime) -> None:
    window = make_window(fake)  # the starter model alone in the library: nothing can draft
    box = window.params.speculation
    wait_for_search(qtbot, window)
    assert not box.draft.isEnabled() and box.draft.count() == 1
    assert box.note.text().startswith("No draft model: ")
    assert box.note.text() != "No draft model: "


def answer(stats: dict[str, Any]) -> StoredMessage:
    return StoredMessage(1, 1, None, "assistant", "text", 0.0,
                         stats={"generated_tokens": 53, "decode_tokens_per_second": 41.2,
                                "time_to_first_token": 0.31, "stop_reason": "stop", **stats})


def test_footer_without_speculation_is_the_plain_line() -> None:
    line = footer_text(answer({"drafted_tokens": 0, "threads": 2, "load_threads": 2}))
    assert line == "53 tokens · 41.2 tok/s · first token 0.31 s · finished"


def test_footer_says_what_drafting_did() -> None:
    line = footer_text(answer({"drafted_tokens": 52, "accepted_tokens": 41,
                               "speculation_speedup": 1.43, "threads": 2, "load_threads": 2}))
    assert line.endswith("finished · 41/52 drafts accepted · 1.4× faster")
    unknown = footer_text(answer({"drafted_tokens": 52, "accepted_tokens": 41,
                                  "speculation_speedup": 0.0}))
    assert unknown.endswith("finished · 41/52 drafts accepted")
    slower = footer_text(answer({"drafted_tokens": 8, "accepted_tokens": 1,
                                 "speculation_speedup": 0.9}))
    assert slower.endswith("1/8 drafts accepted · 0.9× plain speed")


def test_footer_says_when_a_busy_machine_took_threads_away() -> None:
    assert footer_text(answer({"threads": 1, "load_threads": 2})).endswith(
        "finished · 1 thread (busy)")
    assert footer_text(answer({"threads": 3, "load_threads": 4})).endswith(
        "· 3 threads (busy)")
    # Older answers (no thread counts) and quiet machines say nothing about threads.
    assert "thread" not in footer_text(answer({}))
    assert "thread" not in footer_text(answer({"threads": 4, "load_threads": 4}))
