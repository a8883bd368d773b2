"""The remote connections' models as the window sees them: listed off the GUI thread (one short
request per connection), kept for the window's life, listed again on ``refresh``.

Also the two things the runtime router needs from the settings: each connection's address and
key (``endpoint_for``, the address resolved once to its ``/v1`` form) and the refused sampling
knobs remembered per connection and model (``RememberedKnobs``), so a server is probed once.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.errors import OndolError, RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint, list_models, resolve_base_url
from app.core.remote.names import parse_remote_path, remote_path
from app.core.remote.probe import probe_knobs
from app.core.settings.connections import ConnectionStore
from app.ui.background import Background

LIST_TIMEOUT = 4.0  # a picker row waits this long for a server at most
KNOB_PREFIX = "refused:"  # knobs entries: "refused:<model>\t<knob>" -> the server's reason
PROBED_PREFIX = "probed:"  # "probed:<model>" -> "1": that model was probed


@dataclass(frozen=True)
class RemoteEntry:
    """One model a connection lists."""

    connection: str
    model_id: str
    context_length: int | None = None

    @property
    def path(self) -> str:
        """Its ``remote:<connection>/<model>`` name."""
        return remote_path(self.connection, self.model_id)


class RemoteCatalog(QObject):
    """Per connection, its models or the error listing them gave; ``changed`` after each."""

    changed = Signal()

    def __init__(self, store: ConnectionStore, background: Background) -> None:
        super().__init__()
        self.store, self.background = store, background
        self.models: dict[str, list[RemoteEntry]] = {}
        self.errors: dict[str, OndolError] = {}
        self.pending: set[str] = set()  # connections being listed now
        self._resolved: dict[tuple[str, str], str] = {}  # (name, typed url) -> base URL
        self._lock = threading.Lock()
        self._generation = 0  # a refresh drops the answers of the one before

    @property
    def connections(self) -> list[str]:
        """The connections, in the order they were added."""
        return [c.name for c in self.store.list()]

    def refresh(self) -> None:
        """List every connection's models again (the connections may have changed)."""
        self._generation += 1
        generation, names = self._generation, self.connections
        self.models = {n: v for n, v in self.models.items() if n in names}
        self.errors = {n: v for n, v in self.errors.items() if n in names}
        self.pending = set(names)
        for name in names:
            self.background.run(
                lambda name=name: self._list(name),  # type: ignore[misc]
                lambda found, name=name: self._listed(generation, name, found),  # type: ignore[misc]
                lambda error, name=name: self._failed(generation, name, error))  # type: ignore[misc]
        self.changed.emit()

    def ensure(self) -> None:
        """List the connections never listed yet (the first time the picker opens)."""
        if set(self.connections) - set(self.models) - set(self.errors) - self.pending:
            self.refresh()

    def _list(self, name: str) -> list[RemoteEntry]:
        endpoint = self.endpoint_for(name, timeout=LIST_TIMEOUT)
        return [RemoteEntry(name, m.id, m.context_length)
                for m in list_models(endpoint, timeout=LIST_TIMEOUT)]

    def _listed(self, generation: int, name: str, found: list[RemoteEntry]) -> None:
        if generation == self._generation:
            self.pending.discard(name)
            self.errors.pop(name, None)
            self.models[name] = found
            self.changed.emit()

    def _failed(self, generation: int, name: str, error: OndolError) -> None:
        if generation == self._generation:
            self.pending.discard(name)
            self.models.pop(name, None)
            self.errors[name] = error
            self.changed.emit()

    def endpoint_for(self, name: str, timeout: float = LIST_TIMEOUT) -> Endpoint:
        """The address (with ``/v1`` added when only that answers) and key of ``name``. Blocks
        on the network the first time: call it off the GUI thread.

        Raises:
            ConnectionSettingsError: the connection is unknown, or its key cannot be read.
            RemoteServerError: the server does not answer a model list.
        """
        connection = self.store.get(name)
        endpoint = Endpoint(connection.base_url, self.store.api_key(connection.name))
        cached = (connection.name, connection.base_url)
        with self._lock:
            base = self._resolved.get(cached)
        if base is None:
            base = resolve_base_url(endpoint, timeout=timeout)
            with self._lock:
                self._resolved[cached] = base
        return Endpoint(base, endpoint.api_key)

    def make_client(self, endpoint: Endpoint, connection: str) -> Any:
        """A remote client whose refused knobs are probed once per connection and model."""
        return RememberedKnobs(RemoteClient(endpoint, connection, probe=False), self.store)


class RememberedKnobs:
    """A ``RemoteClient`` whose load probes the server's knobs only when the connection's
    settings do not remember them for that model yet."""

    def __init__(self, client: RemoteClient, store: ConnectionStore) -> None:
        self.client, self.store = client, store

    def __getattr__(self, name: str) -> Any:
        if name in ("client", "store"):
            raise AttributeError(name)
        return getattr(self.client, name)

    def load(self, model_id: str, params: Any = None, on_progress: Any = None) -> Any:
        """Load as the client does, with the remembered (or newly probed) refused knobs.

        Raises:
            RemoteServerError: as ``RemoteClient.load``.
        """
        name = self.client.connection_name
        try:
            known = self.store.knobs(name)
        except OndolError:
            known = {}
        loaded = self.client.load(model_id, params, on_progress)
        parsed = parse_remote_path(model_id)
        model = parsed[1] if parsed is not None else model_id
        if known.get(PROBED_PREFIX + model):
            refused = {k.split("\t", 1)[1]: v for k, v in known.items()
                       if k.startswith(f"{KNOB_PREFIX}{model}\t")}
        else:
            try:
                refused = probe_knobs(self.client.endpoint, model)
            except RemoteServerError:  # the first answer will say what is wrong
                return loaded
            known = {**known, PROBED_PREFIX + model: "1",
                     **{f"{KNOB_PREFIX}{model}\t{k}": v for k, v in refused.items()}}
            # Not remembered: probed again next time.
            with contextlib.suppress(OndolError, TypeError):
                self.store.set_knobs(name, known)
        self.client.refused_knobs = dict(refused)
        loaded.params["refused_knobs"] = dict(refused)
        return loaded
