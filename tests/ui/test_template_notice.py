"""A model whose chat template does not compile loads with Ondol's generic format, and the
window says so beside the model; a model with a working template clears the notice."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.catalog.library import LocalModel
from app.ui.main_window import MainWindow
from app.ui.words.templates import template_notice
from tests import bad_models
from tests.ui.conftest import MakeWindow


def _load(qtbot: QtBot, window: MainWindow, model: LocalModel) -> None:
    window.models.load(model)
    qtbot.waitUntil(lambda: window.models.ready and window.models.current is not None
                    and window.models.current.path == model.path, timeout=60_000)


def test_a_broken_template_is_said_beside_the_model(qtbot: QtBot, make_window: MakeWindow,
                                                      smollm2_path: Path) -> None:
    window = make_window()  # the real runtime host, the starter model (a working template)
    note = window.top_bar.template_note
    assert not note.isVisible()
    starter = window.models.current
    assert starter is not None

    broken = bad_models.broken_chat_template(smollm2_path, window.ctx.paths.models_dir)
    window.models.refresh_library_async()
    qtbot.waitUntil(lambda: any(m.path == broken for m in window.models.library),
                    timeout=30_000)
    _load(qtbot, window, next(m for m in window.models.library if m.path == broken))
    assert note.isVisible()
    assert note.text() == template_notice("fallback:chatml", True)
    assert "chat template is broken" in note.text() and "ChatML" in note.text()

    _load(qtbot, window, starter)
    assert not note.isVisible() and note.text() == ""


def test_the_notice_words() -> None:
    assert template_notice("model", True) == ""
    assert "no chat template" in template_notice("fallback:gemma", False)
    assert "Gemma" in template_notice("fallback:gemma", False)
