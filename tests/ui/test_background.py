"""The background helper: work off the GUI thread, answers on it, typed failures, and nothing
started or delivered once the window is closing or the receiver is gone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.core.errors import InvalidParameterError, OndolError, StorageError
from app.ui.background import Background


class Receiver(QObject):
    """Records what it is given, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.got: list[tuple[str, Any, int]] = []

    def done(self, value: Any) -> None:
        self.got.append(("done", value, threading.get_ident()))

    def failed(self, error: OndolError) -> None:
        self.got.append(("failed", error, threading.get_ident()))


@pytest.fixture
def background(qapp: Any) -> Iterator[Background]:
    helper = Background()
    yield helper
    helper.close()
    assert helper.wait(5_000)


def test_the_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot,
                                                             background: Background) -> None:
    receiver = Receiver()
    ran_on: list[int] = []
    assert background.run(lambda: ran_on.append(threading.get_ident()) or 42, receiver.done,
                          receiver.failed)
    qtbot.waitUntil(lambda: bool(receiver.got), timeout=5_000)
    kind, value, answered_on = receiver.got[0]
    assert (kind, value) == ("done", 42)
    assert ran_on and ran_on[0] != threading.get_ident()
    assert answered_on == threading.get_ident()


def test_failures_arrive_typed(qtbot: QtBot, background: Background) -> None:
    receiver = Receiver()

    def refuses() -> None:
        raise InvalidParameterError("top_p must be in (0, 1].")

    def breaks() -> None:
        raise ValueError("a bug")

    background.run(refuses, receiver.done, receiver.failed)
    background.run(breaks, receiver.done, receiver.failed)
    background.run(breaks, receiver.done, receiver.failed,
                   lambda err: StorageError(f"could not read: {err}"))
    qtbot.waitUntil(lambda: len(receiver.got) == 3, timeout=5_000)
    errors = sorted((type(e).__name__, e.message) for kind, e, _ in receiver.got
                    if kind == "failed")
    assert errors == [("GenerationError", "Unexpected error: ValueError('a bug')"),
                      ("InvalidParameterError", "top_p must be in (0, 1]."),
                      ("StorageError", "could not read: a bug")]
    assert all(isinstance(e, OndolError) for _k, e, _t in receiver.got)


def test_nothing_starts_once_closing_and_late_answers_are_dropped(qtbot: QtBot,
                                                                  background: Background
                                                                  ) -> None:
    receiver = Receiver()
    release = threading.Event()
    finished = threading.Event()

    def slow() -> str:
        release.wait(5)
        finished.set()
        return "late"

    assert background.run(slow, receiver.done, receiver.failed)
    background.close()
    called: list[str] = []
    assert not background.run(lambda: called.append("ran"), receiver.done, receiver.failed)
    release.set()
    assert background.wait(5_000) and finished.is_set()
    qtbot.wait(100)  # the queued answer is delivered now, and dropped
    assert not receiver.got and not called


def test_an_answer_for_a_deleted_receiver_is_dropped(qtbot: QtBot,
                                                     background: Background) -> None:
    import shiboken6

    receiver = Receiver()
    release = threading.Event()
    background.run(lambda: release.wait(5), receiver.done, receiver.failed)
    got = receiver.got
    shiboken6.delete(receiver)  # the widget went away while the work ran
    release.set()
    assert background.wait(5_000)
    qtbot.wait(100)
    assert not got
