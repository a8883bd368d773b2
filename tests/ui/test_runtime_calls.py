"""A page's question to the runtime runs on the worker's thread and answers on the GUI thread;
a failure comes back as an error, never as an exception in the window."""

from __future__ import annotations

import threading
from typing import Any

from pytestqt.qtbot import QtBot

from app.core.errors import NoModelLoadedError, OndolError
from tests.fake_runtime import FakeRuntime
from tests.ui.conftest import MakeWindow


def test_a_call_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot, make_window: MakeWindow,
                                                          fake: FakeRuntime) -> None:
    window = make_window(fake)
    calls = window.inside_page.tokens.deps.calls
    seen: dict[str, Any] = {}

    def work(client: Any) -> str:
        seen["thread"] = threading.current_thread()
        seen["client"] = client
        return "ok"

    calls.run(work, lambda result: seen.update(result=result,
                                               answered=threading.current_thread()),
              lambda error: seen.update(error=error))
    qtbot.waitUntil(lambda: "result" in seen or "error" in seen, timeout=5_000)
    assert seen["result"] == "ok" and seen["client"].local is fake  # behind the router
    assert seen["thread"] is not threading.main_thread()
    assert seen["answered"] is threading.main_thread()
    assert calls.pending == 0


def test_a_failing_call_gives_its_error_and_a_bug_becomes_one(qtbot: QtBot,
                                                              make_window: MakeWindow,
                                                              fake: FakeRuntime) -> None:
    window = make_window(fake)
    calls = window.inside_page.tokens.deps.calls
    errors: list[OndolError] = []

    def no_model(_client: Any) -> None:
        raise NoModelLoadedError("Load a model first.")

    calls.run(no_model, lambda _r: None, errors.append)
    calls.run(lambda _client: 1 / 0, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5_000)
    assert isinstance(errors[0], NoModelLoadedError)
    assert errors[1].facts["reason"] == "unexpected"
    forgotten: list[object] = []
    call_id = calls.run(lambda _client: "late", forgotten.append, forgotten.append)
    calls.forget(call_id)
    answered: list[object] = []
    calls.run(lambda _client: "next", answered.append, answered.append)
    qtbot.waitUntil(lambda: answered == ["next"], timeout=5_000)
    assert forgotten == []  # its answer came (calls run in order) and was dropped
