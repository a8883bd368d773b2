"""A file too long for the context window, on the real runtime (SmolLM2) with a real
embedding model (EmbeddingGemma): it is indexed and searched off the GUI thread, and the best
passages, numbered, reach the model with the question."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.catalog.embedding_host import EmbeddingHost
from app.core.chat.attachments import RETRIEVED
from tests.ui.conftest import MakeWindow, send, wait_idle


@pytest.mark.slow
def test_a_long_file_is_searched_with_the_real_models(qtbot: QtBot, make_window: MakeWindow,
                                                      egemma_path: Path, tmp_path: Path) -> None:
    window = make_window()  # the starter model on the real runtime
    window.documents._host = EmbeddingHost(window.ctx.paths, preferred=str(egemma_path),
                                           threads=2)
    window.params.max_tokens.setValue(24)
    lines = [f"Day {i}: the keeper wiped the lens, wound the clock and logged calm weather."
             for i in range(420)]
    lines[300] = "Day 300: the supply boat brought forty barrels of whale oil for the lamp."
    log = tmp_path / "keeper-log.txt"
    log.write_text("\n".join(lines), encoding="utf-8")
    window.composer.attachments.add_paths([log])
    send(qtbot, window, "How many barrels of whale oil did the supply boat bring?")
    qtbot.waitUntil(lambda: window.attach_flow.running is not None or not window.chat.busy,
                    timeout=10_000)
    wait_idle(qtbot, window, timeout=240_000)
    question = [m for m in window.chat.conversation.active_path() if m.role == "user"][-1]
    grounding = question.grounding
    assert grounding is not None and grounding.mode == RETRIEVED
    assert grounding.sources and any("forty barrels" in s.text for s in grounding.sources)
    assert grounding.sources[0].number == 1
    answer = window.chat.conversation.children(question.id)[0]
    assert answer.complete and answer.content  # the model answered after the search
    assert window.documents.embedding_host.loaded
