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
