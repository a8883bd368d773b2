"""The runtime router: a ``remote:`` name goes to its server (the local model is unloaded), any
other path to the local client; answers, Stop and unloading follow the model in use, and the
local client's other calls say they need a local model. Against a small real HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.errors import ConnectionSettingsError, RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint
from app.core.remote.names import remote_path
from app.core.remote.router import RoutedRuntime
from app.core.runtime import events as ev
from app.core.types.params import LoadParams, SamplingParams
from tests.fake_runtime import FakeRuntime
from tests.remote_servers import MODEL, HostileServer

PARAMS = LoadParams(n_ctx=512, n_threads=1)
HI = [{"role": "user", "content": "Hi"}]


@pytest.fixture
def server() -> Iterator[HostileServer]:
    served = HostileServer()
    yield served
    served.stop()


def routed(server: HostileServer, local: FakeRuntime) -> RoutedRuntime:
    def endpoint_for(name: str) -> Endpoint:
        if name != "lab":
            raise ConnectionSettingsError(f"No connection {name}.", reason="not_found")
        return Endpoint(server.base_url, None)

    return RoutedRuntime(local, endpoint_for,
                         lambda endpoint, name: RemoteClient(endpoint, name, probe=False))


def test_remote_load_unloads_the_local_model_and_answers_from_the_server(
        server: HostileServer) -> None:
    local = FakeRuntime(load_seconds=0.0)
    router = routed(server, local)
    router.load("/models/local.gguf", PARAMS)
    assert router.loaded is not None and router.loaded.path == "/models/local.gguf"
    model = router.load(remote_path("lab", MODEL), PARAMS)
    assert model.path == remote_path("lab", MODEL)
    assert router.is_remote and local.loaded is None  # its memory was given back
    events = list(router.generate(SamplingParams(max_tokens=8), messages=HI))
    text = "".join(e.text for e in events if isinstance(e, ev.Delta))
    assert text == "Hello"
    assert isinstance(events[-1], ev.Done) and events[-1].reason == "stop"
    assert local.requests == []  # the local client answered nothing


def test_local_calls_fail_clearly_for_a_remote_model(server: HostileServer) -> None:
    local = FakeRuntime(load_seconds=0.0)
    router = routed(server, local)
    router.load("/models/local.gguf", PARAMS)
    assert router.count_chat_tokens(HI) > 0  # forwarded while the model is local
    router.load(remote_path("lab", MODEL), PARAMS)
    with pytest.raises(RemoteServerError) as caught:
        router.count_chat_tokens(HI)
    assert caught.value.facts["reason"] == "local_only"
    assert caught.value.facts["call"] == "count_chat_tokens"


def test_a_local_load_closes_the_remote_client(server: HostileServer) -> None:
    local = FakeRuntime(load_seconds=0.0)
    router = routed(server, local)
    router.load(remote_path("lab", MODEL), PARAMS)
    router.load("/models/local.gguf", PARAMS)
    assert not router.is_remote
    list(router.generate(SamplingParams(max_tokens=3), messages=HI))
    assert len(local.requests) == 1
    router.unload()
    assert router.loaded is None


def test_unload_forgets_the_remote_model_and_keeps_the_local_client(
        server: HostileServer) -> None:
    local = FakeRuntime(load_seconds=0.0)
    router = routed(server, local)
    router.load(remote_path("lab", MODEL), PARAMS)
    router.unload()
    assert router.loaded is None and not router.is_remote
    router.close()
    assert local.closed


def test_stop_ends_a_stalled_remote_answer_at_once() -> None:
    stalled = HostileServer(chat="stall")
    try:
        router = routed(stalled, FakeRuntime(load_seconds=0.0))
        router.load(remote_path("lab", MODEL), PARAMS)
        events = router.generate(SamplingParams(max_tokens=8), messages=HI)
        first = next(e for e in events if isinstance(e, ev.Delta))
        assert first.text == "first"
        router.cancel()  # the read blocked on the stalled socket returns
        rest = list(events)
        assert isinstance(rest[-1], ev.Done) and rest[-1].reason == "cancelled"
    finally:
        stalled.stop()


def test_unknown_connection_and_missing_model_fail_typed(server: HostileServer) -> None:
    local = FakeRuntime(load_seconds=0.0)
    router = routed(server, local)
    router.load("/models/local.gguf", PARAMS)
    with pytest.raises(ConnectionSettingsError):
        router.load(remote_path("elsewhere", MODEL), PARAMS)
    with pytest.raises(RemoteServerError) as caught:
        router.load(remote_path("lab", "no/such-model"), PARAMS)
    assert caught.value.facts["reason"] == "model_gone"
    assert not router.is_remote
