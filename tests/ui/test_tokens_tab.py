"""The Tokens tab on the real runtime and the starter model: a text as its tokens, byte pieces
drawn visibly, the counts the core gives, another model's tokenizer beside it, and no model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.inspect.tokens import TokenKind
from app.core.inspect.tokens_compare import sample_text
from app.core.inspect.tokens_read import open_vocab
from app.ui.inside.tokens_tab import TokensTab
from app.ui.main_window import MainWindow
from tests.conftest import TEST_CACHE
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow
from tests.ui.widget_walk import tab_walk

QWEN_FILE = TEST_CACHE / "qwen" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_IN_LIBRARY = "Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/" + QWEN_FILE.name


def put_in_library(source: Path, relative: str) -> Path:
    """Link a model file into this test's library (no copy)."""
    from app.core.settings.paths import AppPaths

    target = AppPaths.from_environment().ensure().models_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: a symbolic link reads the same
        target.symlink_to(source)
    return target


def open_tab(window: MainWindow) -> TokensTab:
    """The Inside page's Tokens tab, shown as a user opens it."""
    window.pages.setCurrentWidget(window.inside_page)
    window.inside_page.setCurrentWidget(window.inside_page.tokens)
    return window.inside_page.tokens


def wait_for_text(qtbot: QtBot, tab: TokensTab, text: str) -> None:
    """Until the loaded model's column shows ``text`` split into tokens."""
    def shown() -> bool:
        tokens = tab.first.view.tokenization
        return not tab.pending and tokens is not None and tokens.text == text
    qtbot.waitUntil(shown, timeout=30_000)


def test_korean_sample_as_the_starter_models_tokens_beside_qwen(
        qtbot: QtBot, make_window: MakeWindow, smollm2_path: Path) -> None:
    has_qwen = QWEN_FILE.is_file()
    if has_qwen:
        put_in_library(QWEN_FILE, QWEN_IN_LIBRARY)
    window = make_window()
    tab = open_tab(window)
    qtbot.mouseClick(tab.korean, Qt.MouseButton.LeftButton)
    korean = sample_text("ko")
    wait_for_text(qtbot, tab, korean)

    # The spans join back to the text; a syllable the tokenizer splits shows its byte pieces.
    view = tab.first.view
    assert "".join(span.text for span in view.spans) == korean
    pieces = [span for span in view.spans if span.kind is TokenKind.BYTE]
    assert pieces, "SmolLM2 splits some Hangul syllables into bytes"
    assert all("<0x" in span.label for span in pieces) and pieces[0].label in view.labels()
    detail = view.detail(view.spans.index(pieces[0]))
    assert pieces[0].raw.hex().upper()[:2] in detail and str(pieces[0].token_id) in detail
    assert f"part of “{korean[pieces[0].char_start]}" in detail

    # The counts shown are the core's own, read from the file alone.
    core = open_vocab(str(smollm2_path)).tokenization(korean)
    assert view.tokenization is not None
    assert view.tokenization.token_ids == core.token_ids
    assert f"{core.tokens:,} tokens" in tab.first.counts.text()
    assert f"{core.characters:,} characters" in tab.first.counts.text()
    assert "tokens on Korean for every token on English" in tab.point.text()
    n_ctx = window.models.plan.params.n_ctx  # type: ignore[union-attr]
    assert f"context of {n_ctx:,} tokens" in tab.point.text()
    assert str(core.tokens) in view.accessibleDescription().replace(",", "")

    # The keyboard reads the tokens one by one.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert tab.detail.text() == view.detail(len(view.spans) - 1)
    assert view.accessibleDescription() == tab.detail.text()

    if has_qwen:
        tab.compare_with(str(window.models.find(QWEN_IN_LIBRARY).path))  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: not tab.pending and tab.second.view.tokenization is not None,
                        timeout=60_000)
        qwen = tab.second.view.tokenization
        assert qwen is not None and qwen.text == korean
        assert qwen.tokens < core.tokens  # Qwen's vocabulary has Hangul in it
        assert f"{qwen.tokens:,} tokens" in tab.second.counts.text()
        lines = tab.point.text().splitlines()
        assert len(lines) == 3 and "fewer tokens than" in lines[2]
        assert all("tokens on Korean for every token on English" in line for line in lines[:2])

    # No model: a sentence, and the tab stays usable.
    tab.compare_with(None)
    window.models.eject()
    qtbot.waitUntil(lambda: window.models.current is None and not window.models.busy,
                    timeout=10_000)
    qtbot.waitUntil(lambda: "No model is loaded" in tab.first.counts.text(), timeout=5_000)
    assert tab.first.view.tokenization is None and not tab.point.text()
    tab.text.setPlainText("안녕하세요")
    qtbot.waitUntil(lambda: not tab.pending, timeout=5_000)
    assert "No model is loaded" in tab.first.counts.text()


def test_every_control_is_reached_by_tab_and_named(qtbot: QtBot, make_window: MakeWindow,
                                                   fake: FakeRuntime) -> None:
    window = make_window(fake)
    tab = open_tab(window)
    qtbot.waitUntil(lambda: not tab.pending, timeout=5_000)
    visited = tab_walk(qtbot, tab.text)
    for control in (tab.korean, tab.english, tab.last_message, tab.compare, tab.first.view):
        assert control in visited, control
        assert control.accessibleName() or getattr(control, "text", lambda: "")()
    # The scripted runtime splits no text: the tab says so in words, nothing breaks.
    assert tab.first.counts.text() and tab.first.view.tokenization is None
    assert QApplication.focusWidget() is not None


@pytest.mark.parametrize("dark", [False, True])
def test_text_on_every_tint_reads(dark: bool) -> None:
    from app.ui.inside.token_colours import token_colours
    from app.ui.style.contrast import contrast_ratio
    from app.ui.style.palette import build_palette
    from app.ui.style.tokens import colors

    tints = token_colours(build_palette(colors(dark)))
    for fill in (tints.even, tints.odd, tints.special, tints.byte):
        assert contrast_ratio(tints.text.name(), fill.name()) >= 4.5
    assert contrast_ratio(tints.muted.name(), colors(dark).base) >= 4.5
    assert tints.even.name() != tints.odd.name()
