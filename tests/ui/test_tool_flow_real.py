"""The real Qwen2.5-Coder-0.5B calls a real MCP tool in the window (skipped when the model is
not in the test cache)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.chat.tool_steps import DONE
from app.core.types.params import SamplingParams
from tests.server.test_tools import QWEN_FILE
from tests.ui.conftest import MakeWindow, send, wait_idle
from tests.ui.test_tokens_tab import QWEN_IN_LIBRARY, put_in_library
from tests.ui.test_tool_flow import tools_window

needs_qwen = pytest.mark.skipif(not QWEN_FILE.is_file(), reason=(
    f"{QWEN_FILE.name} is not in the test cache"))


@needs_qwen
def test_qwen_adds_with_the_calculator_and_answers(qtbot: QtBot,
                                                    make_window: MakeWindow) -> None:
    put_in_library(QWEN_FILE, QWEN_IN_LIBRARY)
    window, _ = tools_window(make_window, [], {"calculator": ["add"]}, client=None)
    qwen = window.models.find(QWEN_IN_LIBRARY)
    assert qwen is not None
    window.models.load(qwen)
    qtbot.waitUntil(lambda: window.models.ready and window.models.current is not None
                    and window.models.current.name == qwen.name, timeout=120_000)
    window.chat.set_sampling(SamplingParams(temperature=0.0, seed=1, max_tokens=96), False)
    send(qtbot, window, "Use the add tool to add 1234 and 4321.")
    wait_idle(qtbot, window, 240_000)
    answer = window.chat.conversation.active_path()[-1]
    steps = window.chat.store.load_tool_steps(answer.id)
    assert steps and steps[0].tool == "add" and steps[0].state == DONE
    assert steps[0].result == "5555"
    assert "<tool_call>" not in answer.content
    assert "add · calculator" in window.view.toPlainText()
