"""While the window's model is lent to the local server, the window's other questions to the
host (tokens, the next-token distribution, the prompt) wait their turn with the server's
requests: the host answers one request at a time, and a question sent while a server request
streams made that request fail with 503."""

from __future__ import annotations

import threading
from typing import Any

from app.server.queue import Turns
from app.ui.model_share import SharedClient


class Host:
    """Stands in for the runtime client: records when a question is asked."""

    def __init__(self) -> None:
        self.asked = threading.Event()

    def token_spans(self, text: str) -> str:
        self.asked.set()
        return text.upper()


def test_a_question_waits_for_the_servers_turn_while_the_model_is_lent() -> None:
    host = Host()
    shared = SharedClient(host)  # type: ignore[arg-type]
    assert shared.token_spans("a") == "A" and host.asked.is_set()  # not lent: asked at once
    host.asked.clear()
    turns = shared._turns = Turns(4)  # lent (what attach does through the server's pool)
    answers: list[Any] = []
    with turns.turn():  # a server request holds the host
        asking = threading.Thread(target=lambda: answers.append(shared.token_spans("b")))
        asking.start()
        assert not host.asked.wait(0.3)  # it waits behind the request
    asking.join(5)
    assert answers == ["B"] and not turns.busy


class SlowHost(Host):
    """A question that takes a while: the server starts while it is on its way."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.loaded = object()

    def token_spans(self, text: str) -> str:
        self.asked.set()
        self.release.wait(5)
        return text


class Pool:
    """Stands in for the server's pool: lending gives the turns."""

    def __init__(self) -> None:
        self.lent = threading.Event()

    def adopt(self, _path: object, _client: object, _loaded: object) -> Turns:
        self.lent.set()
        return Turns(4)


def test_the_model_is_lent_only_after_a_question_on_its_way_has_its_answer() -> None:
    host = SlowHost()
    host.loaded = type("Loaded", (), {"path": "m.gguf"})()
    shared = SharedClient(host)  # type: ignore[arg-type]
    asking = threading.Thread(target=lambda: shared.token_spans("a"))
    asking.start()
    assert host.asked.wait(5)
    pool = Pool()
    lending = threading.Thread(target=lambda: shared.attach(pool))  # type: ignore[arg-type]
    lending.start()
    assert not pool.lent.wait(0.3)  # the host is answering: no server request may start yet
    host.release.set()
    asking.join(5)
    lending.join(5)
    assert pool.lent.is_set() and shared.lent
