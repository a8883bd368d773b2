"""The remote engine client against small hostile servers on 127.0.0.1 (real HTTP, the real
``openai`` package): the events of a streamed answer, each way a server fails as its reason,
a cancel from another thread, the knobs a server refuses, the key on a redirect."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.errors import NoModelLoadedError, RemoteServerError
from app.core.remote.client import RemoteClient
from app.core.remote.endpoint import Endpoint, list_models, resolve_base_url
from app.core.remote.probe import probe_knobs
from app.core.runtime import events as ev
from app.core.types.params import SamplingParams
from tests.remote_servers import MODEL, USAGE, HostileServer, free_port

KEY = "sk-test-secret-1234"
GREEDY = SamplingParams(temperature=0.0, max_tokens=16)


@pytest.fixture
def servers() -> Iterator[list[HostileServer]]:
    """Servers made by a test, stopped after it."""
    made: list[HostileServer] = []
    yield made
    for server in made:
        server.stop()


def serve(servers: list[HostileServer], *args: Any, **kwargs: Any) -> HostileServer:
    server = HostileServer(*args, **kwargs)
    servers.append(server)
    return server


def loaded_client(server: HostileServer, **options: Any) -> RemoteClient:
    options.setdefault("probe", False)
    client = RemoteClient(Endpoint(server.base_url, KEY), "lab", **options)
    client.load(MODEL)
    return client


def reason_of(call: Any) -> RemoteServerError:
    with pytest.raises(RemoteServerError) as caught:
        call()
    assert KEY not in repr(caught.value.to_dict())
    return caught.value


def test_a_streamed_answer_gives_the_local_runtimes_events(servers: list[HostileServer]) -> None:
    server = serve(servers)
    client = loaded_client(server)
    assert client.loaded is not None
    assert client.loaded.path == f"remote:lab/{MODEL}" and client.loaded.n_ctx == 4096
    events = list(client.generate(GREEDY, messages=[{"role": "user", "content": "Hi"}]))
    text = "".join(e.text for e in events if isinstance(e, ev.Delta))
    assert text == "Hello"
    ready = [e for e in events if isinstance(e, ev.PromptReady)]
    assert [(r.prompt_tokens, r.n_ctx) for r in ready] == [(USAGE["prompt_tokens"], 4096)]
    done = events[-1]
    assert isinstance(done, ev.Done) and done.reason == "stop"
    # The server's usage counts the tokens (5), not the chunks (2).
    assert done.stats.generated_tokens == USAGE["completion_tokens"]
    assert done.stats.time_to_first_token > 0
    _path, headers, body = server.seen[-1]
    assert headers["authorization"] == f"Bearer {KEY}"
    assert body is not None and body["temperature"] == 0.0 and body["max_tokens"] == 16
    assert body["top_k"] == GREEDY.top_k and body["stream_options"] == {"include_usage": True}
    assert "seed" not in body
    client.close()


def test_a_plain_prompt_and_a_length_finish(servers: list[HostileServer]) -> None:
    client = loaded_client(serve(servers, finish="length"))
    events = list(client.generate(GREEDY, prompt="Once upon"))
    assert "".join(e.text for e in events if isinstance(e, ev.Delta)) == "Hello"
    assert isinstance(events[-1], ev.Done) and events[-1].reason == "length"


def test_a_server_refusing_usage_is_asked_again_without_it(
        servers: list[HostileServer]) -> None:
    client = loaded_client(serve(servers, refuse=("stream_options",)))
    events = list(client.generate(GREEDY, messages=[{"role": "user", "content": "Hi"}]))
    done = events[-1]
    assert isinstance(done, ev.Done) and done.reason == "stop"
    assert done.stats.generated_tokens == 2  # no usage: the chunks counted


def test_refused_knobs_are_found_and_left_out(servers: list[HostileServer]) -> None:
    server = serve(servers, refuse=("top_k",))
    endpoint = Endpoint(server.base_url, KEY)
    refused = probe_knobs(endpoint, MODEL)
    assert list(refused) == ["top_k"] and "top_k" in refused["top_k"]
    client = RemoteClient(endpoint, "lab")
    model = client.load(f"remote:lab/{MODEL}")
    assert list(model.params["refused_knobs"]) == ["top_k"]
    events = list(client.generate(GREEDY, messages=[{"role": "user", "content": "Hi"}]))
    assert isinstance(events[-1], ev.Done) and events[-1].reason == "stop"
    body = server.seen[-1][2]
    assert body is not None and "top_k" not in body and body["min_p"] == GREEDY.min_p


def test_cancel_from_another_thread_ends_a_stalled_stream_at_once(
        servers: list[HostileServer]) -> None:
    client = loaded_client(serve(servers, chat="stall"), read_timeout=60.0)
    stream = client.generate(GREEDY, messages=[{"role": "user", "content": "Hi"}])
    first = next(stream)
    assert isinstance(first, ev.Delta) and first.text == "first"
    began = time.monotonic()
    threading.Timer(0.05, client.cancel).start()
    rest = list(stream)  # blocked reading until the cancel shuts the socket down
    waited = time.monotonic() - began
    assert len(rest) == 1 and isinstance(rest[0], ev.Done) and rest[0].reason == "cancelled"
    assert waited < 5.0, waited  # far below the read timeout: the cancel ended it
    client.close()


def test_a_cut_stream_keeps_its_text_and_says_so(servers: list[HostileServer]) -> None:
    client = loaded_client(serve(servers, chat="cut"))
    received: list[str] = []

    def read() -> None:
        for event in client.generate(GREEDY, messages=[{"role": "user", "content": "Hi"}]):
            if isinstance(event, ev.Delta):
                received.append(event.text)

    err = reason_of(read)
    assert err.facts["reason"] == "stream_cut" and received == ["a", "b"]


@pytest.mark.parametrize(("chat", "reason", "status"), [
    ("unauthorized", "auth", 401),
    ("rate_limited", "rate_limited", 429),
    ("too_long_vllm", "context_too_long", 400),
    ("too_long_llama", "context_too_long", 400),
    ("no_model", "model_gone", 404),
    ("broken", "server_error", 500),
    ("html", "not_a_server", 200),
])
def test_each_failing_answer_has_its_reason(servers: list[HostileServer], chat: str,
                                            reason: str, status: int) -> None:
    server = serve(servers, chat=chat)
    client = loaded_client(server)
    err = reason_of(lambda: list(client.generate(
        GREEDY, messages=[{"role": "user", "content": "Hi"}])))
    assert (err.facts["reason"], err.facts["status"]) == (reason, status)
    assert err.facts["url"] == server.base_url
    if reason == "rate_limited":
        assert err.facts["retry_after"] == 7.0


@pytest.mark.parametrize(("models", "reason"), [
    ("html", "not_a_server"),
    ("wrong_shape", "bad_response"),
    ("unauthorized", "auth"),
    ("silent", "timeout"),
])
def test_each_failing_model_list_has_its_reason(servers: list[HostileServer], models: str,
                                                reason: str) -> None:
    server = serve(servers, models=models)
    err = reason_of(lambda: list_models(Endpoint(server.base_url, KEY), timeout=0.5))
    assert err.facts["reason"] == reason


def test_nothing_listening_is_unreachable() -> None:
    endpoint = Endpoint(f"http://127.0.0.1:{free_port()}/v1", KEY)
    assert reason_of(lambda: list_models(endpoint)).facts["reason"] == "unreachable"


def test_a_silent_answer_times_out(servers: list[HostileServer]) -> None:
    client = loaded_client(serve(servers, chat="silent"), read_timeout=0.5)
    err = reason_of(lambda: list(client.generate(
        GREEDY, messages=[{"role": "user", "content": "Hi"}])))
    assert err.facts["reason"] == "timeout"


def test_a_model_not_listed_is_gone_and_nothing_is_loaded(
        servers: list[HostileServer]) -> None:
    client = RemoteClient(Endpoint(serve(servers).base_url, KEY), "lab", probe=False)
    err = reason_of(lambda: client.load("no-such-model"))
    assert err.facts["reason"] == "model_gone" and client.loaded is None
    with pytest.raises(NoModelLoadedError):
        client.generate(GREEDY, prompt="x")


def test_the_v1_part_is_found_when_missing(servers: list[HostileServer]) -> None:
    server = serve(servers, models="v1_only")
    assert resolve_base_url(Endpoint(server.origin, KEY)) == server.origin + "/v1"
    assert resolve_base_url(Endpoint(server.base_url, KEY)) == server.base_url
    plain_html = serve(servers, models="html")
    assert reason_of(lambda: resolve_base_url(Endpoint(plain_html.origin, KEY))).facts[
        "reason"] == "not_a_server"


def test_the_key_does_not_follow_a_redirect_to_another_server(
        servers: list[HostileServer]) -> None:
    target = serve(servers)
    hop = serve(servers, redirect_to=target.origin)
    models = list_models(Endpoint(hop.base_url, KEY))
    assert [m.id for m in models] == [MODEL]
    assert hop.seen[0][1]["authorization"] == f"Bearer {KEY}"
    assert target.seen and "authorization" not in target.seen[0][1]
    assert KEY not in repr(target.seen)


def test_openai_settings_in_the_environment_are_not_sent(
        servers: list[HostileServer], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-of-the-user")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-of-the-user")
    server = serve(servers)
    list_models(Endpoint(server.base_url, KEY))
    headers = server.seen[0][1]
    assert "openai-organization" not in headers and "openai-project" not in headers


def test_the_key_never_shows() -> None:
    endpoint = Endpoint("http://user:pw@example.invalid/v1", KEY)
    assert KEY not in repr(endpoint) and KEY not in repr(RemoteClient(endpoint, "lab").endpoint)
    assert endpoint.shown_url == "http://example.invalid/v1"
