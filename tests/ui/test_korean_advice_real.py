"""The Korean note on the real runtime: SmolLM2 (English only, about 4.5 Korean tokens per English
token on the shipped samples) gets it once; Qwen2.5-Coder (a tokenizer that reads Korean
cheaply) never does; an English window gets it only once a message in Hangul is sent."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.catalog.library import read_entry
from app.ui.main_window import MainWindow
from app.ui.words.sizes import format_number
from tests.conftest import TEST_CACHE
from tests.ui.conftest import MakeWindow, send

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


def _language(language: str) -> None:
    from app.core.settings.paths import AppPaths
    from app.core.settings.settings import SettingsStore

    store = SettingsStore(AppPaths.from_environment().ensure().settings_file)
    settings = store.load()
    settings.language, settings.first_run_done = language, True
    store.save(settings)


def _measured(qtbot: QtBot, window: MainWindow) -> Any:
    advisor = window.korean_advisor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: advisor.advice is not None, timeout=60_000)
    return advisor.advice  # the note is shown (or not) as the advice is made


def _reload(qtbot: QtBot, window: MainWindow, model: Any) -> None:
    with qtbot.waitSignal(window.models.loaded, timeout=60_000):
        window.models.load(model)
    assert window.models.current is not None and window.models.current.path == model.path


def test_a_korean_window_tells_once_per_model(qtbot: QtBot, make_window: MakeWindow,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr("app.ui.chat.korean_notice.announce",
                        lambda _source, text, assertive=False: said.append(text))
    _language("ko")
    window = make_window()  # the real runtime, the starter SmolLM2
    notice = window.korean_advisor.notice  # type: ignore[attr-defined]
    advice = _measured(qtbot, window)
    assert advice.advise and advice.reason == "card_english_only"
    assert 4.0 < advice.ratio < 5.5, advice.ratio  # measured through its own tokenizer
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert format_number(advice.ratio, 1) in notice.text.text()
    assert said == [notice.text.text()]  # read out once

    notice.close_button.click()
    assert not notice.isVisible()
    starter = window.models.current
    _reload(qtbot, window, starter)
    assert _measured(qtbot, window).advise  # still a poor fit, but it was said already
    assert not notice.isVisible() and len(said) == 1

    if not QWEN_FILE.is_file():
        pytest.skip(f"{QWEN_FILE} is absent (scripts/get_test_models.sh puts it there)")
    qwen = read_entry(f"Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/{QWEN_FILE.name}", QWEN_FILE)
    _reload(qtbot, window, qwen)
    advice = _measured(qtbot, window)
    assert not advice.advise and advice.reason == "tokenizer_fits", advice
    assert advice.ratio < 3.0
    assert not notice.isVisible() and len(said) == 1


def test_an_english_window_tells_once_hangul_is_sent(qtbot: QtBot,
                                                     make_window: MakeWindow) -> None:
    _language("en")
    window = make_window()
    notice = window.korean_advisor.notice  # type: ignore[attr-defined]
    assert _measured(qtbot, window).advise
    assert not notice.isVisible()  # nothing Korean about this user yet

    send(qtbot, window, "안녕하세요, 오늘 날씨 어때요?")
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    window.chat.stop()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=30_000)
    assert "4." in notice.text.text() and "Korean" in notice.text.text()
