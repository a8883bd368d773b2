"""The models the server answers with: found by library name (never by path), loaded just in
time when the planner says they fit, one runtime host each, at most ``max_loaded`` at once
(the least recently used idle one makes room), unloaded after ``ttl_s`` idle seconds.

Requests to one model take turns in arrival order (``queue.Turns``); a full queue is a 503.
A model's host that dies is dropped, and the next request loads it again.

A model is loaded in one of two modes: ``chat`` (generating text) or ``embedding`` (a vector
per input). Each mode is a slot of its own, with its own host and queue: a model loaded for chat
never answers an embedding request, nor the other way round.

A model the window has loaded is lent to the pool (``adopt``): requests use the window's host,
taking turns with the window's chat, and only the window loads, unloads or takes it back.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.core.catalog.library import LocalModel, scan_all
from app.core.context import AppContext
from app.core.errors import RuntimeCrashedError
from app.core.runtime.client import RuntimeClient
from app.core.types.results import LoadedModel
from app.server.api_error import SERVER, ApiError
from app.server.queue import QueueFullError, Turns

RETRY_AFTER_S = 2  # what a 503 asks the client to wait
CHAT = "chat"
EMBEDDING = "embedding"
# An embedding input is evaluated in one step of this many tokens at most (OpenAI's bound per
# input): its compute buffers grow with it, and no common embedding model reads more.
EMBEDDING_MAX_CTX = 8192


@dataclass(eq=False)
class Slot:
    """One model of the library as the server knows it: loaded or not, and its queue."""

    model: LocalModel
    turns: Turns
    client: RuntimeClient | None = None
    loaded: LoadedModel | None = None
    last_used: float = field(default_factory=time.monotonic)
    # The request generating now: only its own cancel may stop the host (not a late one
    # from the request before it).
    generating: object | None = None
    adopted: bool = False  # the window's host: never unloaded, ejected or expired here
    mode: str = CHAT

    @property
    def is_loaded(self) -> bool:
        """Whether a live runtime host holds this model."""
        return self.client is not None and self.loaded is not None and self.client.alive

    def unload(self) -> None:
        """End this model's host (the caller holds its turn, or it is idle); a host lent by
        the window is left alone."""
        if self.adopted:
            return
        client, self.client, self.loaded = self.client, None, None
        if client is not None:
            client.close()


class ModelPool:
    """Library names to loaded models, shared by every request."""

    def __init__(self, ctx: AppContext, *, max_loaded: int = 1, ttl_s: float | None = None,
                 queue_limit: int = 16, embedding_max_ctx: int = EMBEDDING_MAX_CTX,
                 client_factory: Callable[[], RuntimeClient] = RuntimeClient) -> None:
        self.ctx = ctx
        self.max_loaded = max(1, max_loaded)
        self.ttl_s = ttl_s
        self.queue_limit = queue_limit
        self.embedding_max_ctx = embedding_max_ctx
        self._client_factory = client_factory
        self._lock = threading.Lock()  # the slots and the library list
        self._slots: dict[tuple[str, str], Slot] = {}
        self._library: list[LocalModel] = []
        self._closed = threading.Event()
        self._load_lock = threading.Lock()  # one load at a time: memory is planned per load
        if ttl_s is not None:
            threading.Thread(target=self._expire_idle, name="ondol-server-ttl",
                             daemon=True).start()

    # -- the library ---------------------------------------------------------------------

    def models(self) -> list[LocalModel]:
        """The usable models of the library, read again now.

        Raises:
            nothing: unreadable entries are left out.
        """
        library = [m for m in scan_all(self.ctx.paths.models_dir) if m.usable]
        with self._lock:
            self._library = library
        return library

    def find(self, name: str) -> LocalModel:
        """The library model called exactly ``name`` (as ``/v1/models`` lists it).

        Raises:
            ApiError: 404, no such model. A path is no name: it never matches.
        """
        with self._lock:
            known = {m.name: m for m in self._library}
        model = known.get(name) or {m.name: m for m in self.models()}.get(name)
        if model is None:
            raise ApiError(404, f"The model '{name}' does not exist in Ondol's library. "
                                "GET /v1/models lists the names.", param="model",
                           code="model_not_found")
        return model

    def loaded(self) -> list[Slot]:
        """The slots whose model is loaded now."""
        with self._lock:
            return [s for s in self._slots.values() if s.is_loaded]

    # -- using a model -------------------------------------------------------------------

    @contextmanager
    def use(self, name: str, cancelled: Callable[[], bool] = lambda: False,
            mode: str = CHAT) -> Iterator[Slot]:
        """Wait for ``name``'s turn, load it (in ``mode``) if needed, and hold it for one
        request.

        Raises:
            ApiError: 404 unknown model, 503 queue full or no room to load.
            TurnCancelledError: ``cancelled()`` turned true while waiting.
            OndolError: the model does not fit (InsufficientMemoryError) or failed to load.
        """
        model = self.find(name)
        slot = self._slot(model, mode)
        try:
            with slot.turns.turn(cancelled):
                try:
                    self._ensure_loaded(slot)
                    yield slot
                except RuntimeCrashedError:
                    slot.unload()  # the next request starts a new host
                    raise
                finally:
                    slot.last_used = time.monotonic()
        except QueueFullError:
            raise ApiError(503, f"Too many requests are waiting for '{name}'; try again "
                                "shortly.", type=SERVER, code="busy",
                           headers={"Retry-After": str(RETRY_AFTER_S)}) from None

    def _slot(self, model: LocalModel, mode: str) -> Slot:
        """The slot of ``model`` in ``mode``, made on first use (or when the file moved)."""
        with self._lock:
            slot = self._slots.get((model.name, mode))
            if slot is None or slot.model.path != model.path:
                slot = self._slots[(model.name, mode)] = Slot(model, Turns(self.queue_limit),
                                                              mode=mode)
            return slot

    def _ensure_loaded(self, slot: Slot) -> None:
        if slot.is_loaded:
            return
        if slot.adopted:
            raise ApiError(503, f"'{slot.model.name}' is being loaded again in Ondol's window; "
                                "try again shortly.", type=SERVER, code="busy",
                           headers={"Retry-After": str(RETRY_AFTER_S)})
        slot.unload()  # a host that died
        with self._load_lock:
            self._make_room(slot)
            _meta, plan = self.ctx.plan(slot.model.path)
            params = plan.params
            if slot.mode == EMBEDDING:
                params = dataclasses.replace(params, embedding=True,
                                             n_ctx=min(params.n_ctx, self.embedding_max_ctx))
            client = self._client_factory()
            try:
                client.start()
                loaded = client.load(str(slot.model.path), params)
            except BaseException:
                client.close()
                raise
            slot.client, slot.loaded = client, loaded

    def _make_room(self, wanted: Slot) -> None:
        """Unload the least recently used idle models until ``wanted`` may load.

        Raises:
            ApiError: 503, every loaded model is busy.
        """
        while True:
            with self._lock:
                others = sorted((s for s in self._slots.values()
                                 if s is not wanted and s.is_loaded and not s.adopted),
                                key=lambda s: s.last_used)
            if len(others) < self.max_loaded:
                return
            for slot in others:
                with slot.turns.try_turn() as free:
                    if free:
                        slot.unload()
                        break
            else:
                raise ApiError(503, f"{len(others)} models are loaded and all are busy; "
                                    "try again shortly.", type=SERVER, code="busy",
                               headers={"Retry-After": str(RETRY_AFTER_S)})

    def cancel(self, slot: Slot, request: object) -> None:
        """Stop ``request``'s generation if it is the one running on ``slot``."""
        client = slot.client
        if slot.generating is request and client is not None:
            client.cancel()

    # -- the window's own model --------------------------------------------------------------

    def adopt(self, path: str | Path, client: RuntimeClient, loaded: LoadedModel
              ) -> Turns | None:
        """Serve the library model at ``path`` with the window's ``client`` (already loaded),
        in place of a copy of the pool's own, which is unloaded. Returns the turns the window
        takes around each of its generations; None when ``path`` is not in the library.

        Raises:
            nothing: a queue too full to wait in leaves the model unshared (None).
        """
        wanted = Path(path).resolve()
        model = next((m for m in self.models() if Path(m.path).resolve() == wanted), None)
        if model is None:
            return None
        slot = self._slot(model, CHAT)  # the window chats: its model is never for embedding
        try:
            with slot.turns.turn():
                slot.unload()  # the pool's own copy, if a request loaded one
                slot.client, slot.loaded, slot.adopted = client, loaded, True
        except QueueFullError:
            return None
        return slot.turns

    def release(self, client: RuntimeClient) -> None:
        """The window takes ``client`` back (to load another model, or to close): once the
        request using it has finished, no request uses it again.

        Raises:
            nothing.
        """
        with self._lock:
            slots = [s for s in self._slots.values() if s.adopted and s.client is client]
        for slot in slots:
            while True:
                try:
                    with slot.turns.turn():  # after the requests already waiting
                        slot.client, slot.loaded, slot.adopted = None, None, False
                    break
                except QueueFullError:
                    time.sleep(0.05)  # a full queue: wait for room in it

    # -- housekeeping --------------------------------------------------------------------

    def _expire_idle(self) -> None:
        assert self.ttl_s is not None
        tick = min(1.0, self.ttl_s / 4)
        while not self._closed.wait(tick):
            now = time.monotonic()
            for slot in self.loaded():
                if now - slot.last_used < self.ttl_s:
                    continue
                with slot.turns.try_turn() as free:
                    if free and time.monotonic() - slot.last_used >= self.ttl_s:
                        slot.unload()

    def close(self) -> None:
        """Unload every model (the server is stopping)."""
        self._closed.set()
        with self._lock:
            slots = list(self._slots.values())
        for slot in slots:
            slot.unload()
