"""One runtime client for the window, whether the model runs here or on a remote engine.

``RoutedRuntime`` stands where the runtime worker expects its client. A ``remote:`` path makes a
``RemoteClient`` for that connection (and unloads the local model, freeing its memory); any
other path goes to the local client (closing the remote one). ``generate``, ``cancel``,
``unload`` and ``loaded`` follow the model in use. The local client's other calls (token
spans, next-token distributions, counting tokens...) pass through to it, and fail with a
``RemoteServerError`` (reason ``local_only``) while the model in use is remote: they need the
model's own tokenizer and weights.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.core.errors import RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint
from app.core.remote.names import parse_remote_path
from app.core.runtime import events as ev
from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams

EndpointFor = Callable[[str], Endpoint]  # a connection's name -> its address and key
RemoteFactory = Callable[[Endpoint, str], Any]  # (endpoint, connection name) -> a RemoteClient


class RoutedRuntime:
    """The local client and, while a remote model is in use, that model's ``RemoteClient``."""

    def __init__(self, local: Any, endpoint_for: EndpointFor,
                 make_remote: RemoteFactory = RemoteClient) -> None:
        self.local = local
        self.endpoint_for = endpoint_for
        self.make_remote = make_remote
        self.remote: Any = None  # the RemoteClient in use, if any
        self._lock = threading.Lock()  # guards ``remote`` against a cancel from the GUI thread

    def __getattr__(self, name: str) -> Any:
        if name in ("local", "remote"):  # not set yet: no recursion
            raise AttributeError(name)
        own = getattr(self.local, name)
        if self.remote is not None and callable(own):
            return lambda *_args, **_kwargs: self._local_only(name)
        return own

    def _local_only(self, name: str) -> Any:
        remote = self.remote
        url = remote.endpoint.shown_url if remote is not None else ""
        raise RemoteServerError(
            f"{name} needs a model on this computer; the model in use is on {url}.",
            url=url, status=None, reason="local_only", call=name)

    @property
    def loaded(self) -> ev.LoadedModel | None:
        """The model in use: the remote one, else the local client's."""
        remote = self.remote
        return remote.loaded if remote is not None else self.local.loaded

    @property
    def is_remote(self) -> bool:
        """Whether the model in use is on a remote engine."""
        return self.remote is not None

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> ev.LoadedModel:
        """Load ``path``: a ``remote:<connection>/<model>`` name on its server, anything else
        with the local client.

        Raises:
            RemoteServerError: the server cannot be reached or does not list the model.
            ConnectionSettingsError: the connection is unknown or its key cannot be read
                (from ``endpoint_for``).
            OndolError: as the local client's ``load``.
        """
        parsed = parse_remote_path(path)
        self._drop_remote()
        if parsed is None:
            return self.local.load(path, params, on_progress)  # type: ignore[no-any-return]
        connection, _model = parsed
        client = self.make_remote(self.endpoint_for(connection), connection)
        if self.local.loaded is not None:
            self.local.unload()  # its memory is free for whatever else runs here
        try:
            model: ev.LoadedModel = client.load(path, params, on_progress)
        except BaseException:
            client.close()
            raise
        with self._lock:
            self.remote = client
        return model

    def _drop_remote(self) -> None:
        with self._lock:
            remote, self.remote = self.remote, None
        if remote is not None:
            remote.close()

    def generate(self, sampling: SamplingParams, messages: list[ChatMessage] | None = None,
                 prompt: str | None = None,
                 overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
                 tools: list[dict[str, Any]] | None = None) -> Any:
        """The answer from the model in use (offered ``tools``, OpenAI function specs, if any).

        Raises:
            NoModelLoadedError: nothing is loaded.
            OndolError: as that client's ``generate``.
        """
        client = self.remote if self.remote is not None else self.local
        offered = {"tools": tools} if tools else {}
        return client.generate(sampling, messages=messages, prompt=prompt,
                               overflow_policy=overflow_policy, **offered)

    def cancel(self) -> None:
        """Stop the answer in flight (safe from any thread)."""
        with self._lock:
            remote = self.remote
        if remote is not None:
            remote.cancel()
        else:
            self.local.cancel()

    def unload(self) -> None:
        """Forget the remote model, or unload the local one.

        Raises:
            OndolError: as the local client's ``unload``.
        """
        if self.remote is not None:
            self._drop_remote()
        else:
            self.local.unload()

    def close(self, timeout: float = 3.0) -> None:
        """Close the remote client and the local runtime."""
        self._drop_remote()
        self.local.close(timeout=timeout)
