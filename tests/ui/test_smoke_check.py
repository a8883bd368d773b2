"""The built app's non-interactive check (ONDOL_SMOKE_TEST), on a scripted runtime: it records
the steps, writes its JSON and screenshot, closes the window, and fails with a reason."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.core.errors import GenerationError
from app.ui import smoke
from app.ui.smoke import SmokeCheck, process_age_s
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def _run(qtbot: QtBot, make_window: MakeWindow, fake: FakeRuntime, out: Path
         ) -> tuple[SmokeCheck, dict[str, object]]:
    window = make_window(fake, wait_for_model=False)
    check = SmokeCheck(window, out)  # before the event loop runs: the load has not started
    qtbot.waitUntil(lambda: (out / "smoke.json").is_file(), timeout=30_000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    return check, json.loads((out / "smoke.json").read_text())


def test_one_answer_then_the_window_closes(qtbot: QtBot, make_window: MakeWindow,
                                           tmp_path: Path) -> None:
    fake = FakeRuntime()
    check, facts = _run(qtbot, make_window, fake, tmp_path)
    assert check.exit_code == 0 and facts["ok"] is True and "error" not in facts
    assert facts["model_loaded"] is True and facts["backend"] == "llama.cpp"
    assert facts["stop_reason"] == "stop" and facts["answer_chars"] == len("".join(fake.tokens))
    assert fake.requests[0]["messages"][-1]["content"] == facts["prompt"]
    assert 0 < facts["time_to_window_s"] <= facts["model_ready_s"] <= facts["answered_s"]
    assert QImage(str(tmp_path / "window.png")).width() >= 800


def test_a_failed_answer_fails_the_check_with_its_reason(qtbot: QtBot, make_window: MakeWindow,
                                                         tmp_path: Path) -> None:
    check, facts = _run(qtbot, make_window, FakeRuntime(fail_with=GenerationError("boom")),
                        tmp_path)
    assert check.exit_code == 1 and facts["ok"] is False
    assert "boom" in str(facts["error"])


def test_no_answer_in_time_fails_the_check(qtbot: QtBot, make_window: MakeWindow,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(smoke, "TIMEOUT_MS", 300)
    check, facts = _run(qtbot, make_window, FakeRuntime(load_seconds=2.0), tmp_path)
    assert check.exit_code == 1 and facts["error"] == "no answer after 300 ms"
    assert facts["model_loaded"] is False


def test_process_age_counts_from_the_process_start() -> None:
    # psutil's start time is only good to a second (its boot time is rounded).
    expected = time.time() - psutil.Process().create_time()
    assert abs(process_age_s() - expected) < 1.5
