"""The window's runtime client, lent to the local server while it runs: one host per model.

``SharedClient`` stands where the runtime worker expects its client. While the server runs
(``attach``), the model the window has loaded is lent to the server's pool; each of the window's
answers then takes a turn in the same first-come queue as the server's requests, so a chat and
an API request to that model wait for each other and no second copy is loaded. Before the
window loads another model, unloads or closes, it takes its model back (``withdraw``), after the
request using it has finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from app.core.errors import RuntimeBusyError
from app.core.runtime import events as ev
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams
from app.server.pool import ModelPool
from app.server.queue import QueueFullError, TurnCancelledError, Turns
from app.ui.runtime_worker import RuntimeLike

# The client's calls that send the host a request (besides generate, which holds its turn for
# its whole stream): while the model is lent they wait their turn with the server's requests.
ASKS_THE_HOST = frozenset({"token_spans", "next_token_distribution", "render_chat",
                           "count_chat_tokens", "tokenize", "detokenize", "embeddings", "embed"})


class _HeldStream:
    """An answer's events; the turn is given back when they end (or the stream is dropped)."""

    def __init__(self, stream: Any, release: Callable[[], None]) -> None:
        self._events: Iterator[Any] = iter(stream)
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> _HeldStream:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._events)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Give the turn back (once)."""
        release, self._release = self._release, None
        if release is not None:
            release()

    def __del__(self) -> None:
        self.close()


class SharedClient:
    """The window's client, taking turns with the server's requests while it is lent."""

    def __init__(self, client: RuntimeLike) -> None:
        self.client = client
        # Held while the model changes hands or loads: the server never sees a half-loaded host.
        self._lock = threading.RLock()
        self._pool: ModelPool | None = None
        self._turns: Turns | None = None  # set while the loaded model is lent
        self._holding = False  # a window answer holds the turn
        self._stop_waiting = threading.Event()

    def __getattr__(self, name: str) -> Any:
        if name == "client":  # not set yet: no recursion
            raise AttributeError(name)
        own = getattr(self.client, name)  # anything else is the client's own
        if name in ASKS_THE_HOST and callable(own):
            return lambda *args, **kwargs: self._in_turn(own, *args, **kwargs)
        return own

    def _in_turn(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A question to the host (the window's pages ask them), after the server's requests
        that came first: the host answers one request at a time, and a question sent while
        a server request streams would make that request fail as busy.

        Raises:
            RuntimeBusyError: the server's queue for this model is full.
            OndolError: as the client's own call.
        """
        with self._lock:  # lending (attach) waits for a question already on its way
            turns = self._turns
            if turns is None:
                return call(*args, **kwargs)
        try:
            # Not cancellable: the questions are short, and the window stops the server (and
            # with it the requests ahead) before it closes.
            with turns.turn():
                return call(*args, **kwargs)
        except QueueFullError:
            raise RuntimeBusyError("The local server's queue for this model is full.",
                                   reason="server_queue_full") from None

    @property
    def loaded(self) -> ev.LoadedModel | None:
        """The window's loaded model."""
        return self.client.loaded

    @property
    def lent(self) -> bool:
        """Whether the server's pool uses the window's model now."""
        return self._turns is not None

    # -- the server ----------------------------------------------------------------------------

    def attach(self, pool: ModelPool) -> None:
        """The server started with ``pool``: lend it the loaded model (and every later one)."""
        with self._lock:
            self._pool = pool
            self._lend()

    def detach(self) -> None:
        """The server stopped: take the model back."""
        with self._lock:
            self.withdraw()
            self._pool = None

    def _lend(self) -> None:
        loaded = self.client.loaded
        if self._pool is not None and loaded is not None and self._turns is None:
            self._turns = self._pool.adopt(loaded.path, self.client, loaded)  # type: ignore[arg-type]

    def withdraw(self) -> None:
        """Take the model back once the request using it has finished."""
        with self._lock:
            turns, self._turns = self._turns, None
            if turns is not None and self._pool is not None:
                self._pool.release(self.client)  # type: ignore[arg-type]

    # -- what the runtime worker calls -----------------------------------------------------

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> ev.LoadedModel:
        """Take the old model back, load, and lend the new one while the server runs.

        Raises:
            OndolError: as the client's ``load``.
        """
        with self._lock:
            self.withdraw()
            model = self.client.load(path, params, on_progress)
            self._lend()
            return model

    def unload(self) -> None:
        """Take the model back, then unload it.

        Raises:
            OndolError: as the client's ``unload``.
        """
        with self._lock:
            self.withdraw()
            self.client.unload()

    def close(self, timeout: float = 3.0) -> None:
        """End the host (the window is closing: the server has been stopped before)."""
        self._turns = None
        self.client.close(timeout=timeout)

    def cancel(self) -> None:
        """Stop the window's answer: running, or waiting for its turn. A server request that
        holds the turn is not the window's to stop."""
        if self._turns is None or self._holding:
            self.client.cancel()
        else:
            self._stop_waiting.set()

    def generate(self, sampling: SamplingParams, messages: list[ChatMessage] | None = None,
                 prompt: str | None = None,
                 overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
                 tools: list[dict[str, Any]] | None = None) -> Any:
        """The client's answer (offered ``tools``), after the server's requests that came first.

        Raises:
            RuntimeBusyError: the server's queue for this model is full.
            OndolError: as the client's ``generate``.
        """
        turns = self._turns
        if turns is None:
            return self.client.generate(sampling, messages=messages, prompt=prompt,
                                        overflow_policy=overflow_policy, tools=tools)
        self._stop_waiting.clear()
        turn: AbstractContextManager[None] = turns.turn(self._stop_waiting.is_set)
        try:
            turn.__enter__()
        except TurnCancelledError:
            return iter([ev.Done(0, "cancelled", ev.Stats(0))])
        except QueueFullError:
            # Programs using the server hold every place in the model's queue.
            raise RuntimeBusyError("The local server's queue for this model is full.",
                                   reason="server_queue_full") from None
        self._holding = True

        def release() -> None:
            self._holding = False
            turn.__exit__(None, None, None)

        try:
            stream = self.client.generate(sampling, messages=messages, prompt=prompt,
                                          overflow_policy=overflow_policy, tools=tools)
        except BaseException:
            release()
            raise
        return _HeldStream(stream, release)
