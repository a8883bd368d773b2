"""The remote client against real OpenAI-compatible servers in their own processes, both
serving the real SmolLM2 starter: ``ondol serve`` and llama-cpp-python's own server. List the
models, load, stream a short greedy answer with its figures, cancel one mid-stream, ask for a
model that is not there."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.errors import RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint, list_models
from app.core.runtime import events as ev
from app.core.types.params import SamplingParams
from tests.remote_servers import LlamaCppServer
from tests.server.conftest import STARTER, Served

HI = [{"role": "user", "content": "Say hello."}]
LONG = [{"role": "user", "content": "Write a long story about a dragon and a village."}]
GREEDY = SamplingParams(temperature=0.0, max_tokens=16, seed=1)


@dataclass
class Engine:
    """A running server: its name, its base URL, the model id it serves."""

    name: str
    base_url: str
    model: str


def warm(engine: Engine) -> Engine:
    """One token asked for, so the server's runtime host (a child of the server) runs before
    the tests' own process checks look."""
    client = RemoteClient(Endpoint(engine.base_url, None), "warm", probe=False)
    try:
        client.load(engine.model)
        list(client.generate(SamplingParams(temperature=0.0, max_tokens=1), messages=HI))
    finally:
        client.close()
    return engine


@pytest.fixture(scope="module", params=["ondol", "llama_cpp"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           smollm2_path: Path) -> Iterator[Engine]:
    if request.param == "ondol":
        served = Served(tmp_path_factory.mktemp("remote-home"))
        try:
            yield warm(Engine("ondol", served.base_url, STARTER))
        finally:
            served.stop()
    else:
        server = LlamaCppServer(smollm2_path,
                                tmp_path_factory.mktemp("llama-server") / "server.log")
        try:
            yield warm(Engine("llama_cpp", server.base_url, server.models[0].id))
        finally:
            server.stop()


def test_list_load_and_stream_a_greedy_answer(engine: Engine) -> None:
    endpoint = Endpoint(engine.base_url, "any-key")
    assert engine.model in [m.id for m in list_models(endpoint)]
    client = RemoteClient(endpoint, "here")
    try:
        model = client.load(engine.model)
        assert model.architecture == "remote" and model.path == f"remote:here/{engine.model}"
        events = list(client.generate(GREEDY, messages=HI))
    finally:
        client.close()
    text = "".join(e.text for e in events if isinstance(e, ev.Delta))
    done = events[-1]
    assert text.strip() and isinstance(done, ev.Done) and done.reason in ("stop", "length")
    assert 0 < done.stats.generated_tokens <= 16
    assert done.stats.time_to_first_token > 0 and done.stats.decode_seconds >= 0
    assert sum(isinstance(e, ev.Done) for e in events) == 1
    if engine.name == "ondol":  # its model loaded, Ondol says its context window
        listed = {m.id: m for m in list_models(endpoint)}
        assert (listed[engine.model].context_length or 0) >= 16
        assert next(e.prompt_tokens for e in events if isinstance(e, ev.PromptReady)) > 0


def test_cancel_mid_stream_keeps_the_text(engine: Engine) -> None:
    client = RemoteClient(Endpoint(engine.base_url, None), "here", probe=False)
    client.load(engine.model)
    try:
        stream = client.generate(SamplingParams(temperature=0.0, max_tokens=400), messages=LONG)
        first = next(e for e in stream if isinstance(e, ev.Delta))
        threading.Thread(target=client.cancel).start()
        rest = list(stream)
    finally:
        client.close()
    assert first.text
    done = rest[-1]
    assert isinstance(done, ev.Done) and done.reason == "cancelled", done
    assert done.stats.generated_tokens < 400


def test_a_model_that_is_not_there(engine: Engine) -> None:
    client = RemoteClient(Endpoint(engine.base_url, None), "here", probe=False)
    with pytest.raises(RemoteServerError) as caught:
        client.load("no-such-model")
    assert caught.value.facts["reason"] == "model_gone" and client.loaded is None
