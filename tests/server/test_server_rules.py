"""What the server enforces and how it shares models, seen from inside the test process: the
API key, the address rule, body limits, a client that leaves, a full queue, a dead host,
just-in-time loads, idle unloads and the least recently used model making room."""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openai
import pytest

from app.core.context import AppContext
from app.core.errors import ServerSettingsError
from app.core.settings.paths import AppPaths
from app.server.serve import ServerOptions, bind
from tests.conftest import REPO
from tests.server.conftest import STARTER, MakeServer, openai_client

pytestmark = pytest.mark.slow
HI = [{"role": "user", "content": "Hi"}]
LONG = [{"role": "user", "content": "Write a very long story about a dragon."}]


def wait_until(condition: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)  # another thread's state: there is no signal to wait on


def test_a_key_is_required_when_set(make_server: MakeServer) -> None:
    server = make_server(api_key="s3cret")
    with pytest.raises(openai.AuthenticationError) as caught:
        openai_client(server.base_url, "wrong").models.list()
    assert caught.value.status_code == 401 and caught.value.body["code"] == "invalid_api_key"
    with pytest.raises(urllib.error.HTTPError) as missing:  # no key at all
        urllib.request.urlopen(server.base_url + "/models", timeout=30)
    assert missing.value.code == 401
    assert json.loads(missing.value.read())["error"]["code"] == "invalid_api_key"
    assert [m.id for m in openai_client(server.base_url, "s3cret").models.list().data] == [
        STARTER]


def test_another_address_needs_a_key() -> None:
    with pytest.raises(ServerSettingsError) as caught:
        bind(ServerOptions(host="0.0.0.0", port=0))
    assert caught.value.facts["reason"] == "needs_api_key"
    bind(ServerOptions(host="0.0.0.0", port=0, api_key="k")).close()  # with a key it may
    done = subprocess.run([sys.executable, "-m", "app", "serve", "--host", "0.0.0.0"],
                          cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "ONDOL_API_KEY": ""})
    assert done.returncode == 1 and "set an API key" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_said() -> None:
    taken = bind(ServerOptions(port=0))
    try:
        with pytest.raises(ServerSettingsError) as caught:
            bind(ServerOptions(port=taken.getsockname()[1]))
        assert caught.value.facts["reason"] == "port_in_use"
    finally:
        taken.close()


def test_an_oversized_body_is_refused(make_server: MakeServer) -> None:
    server = make_server()
    address = urlsplit(server.base_url)
    # A stated length over the limit is refused before a byte of the body is read.
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", address.path + "/chat/completions")
    connection.putheader("content-type", "application/json")
    connection.putheader("content-length", str(9 * 1024 * 1024))
    connection.endheaders()
    answer = connection.getresponse()
    assert answer.status == 413
    assert json.loads(answer.read())["error"]["code"] == "request_too_large"
    connection.close()

    # Without a stated length, counted as it arrives.
    def chunks() -> Any:
        for _ in range(10):
            yield b"x" * (1024 * 1024)

    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request("POST", address.path + "/chat/completions", body=chunks(),
                           headers={"content-type": "application/json"}, encode_chunked=True)
        assert connection.getresponse().status == 413
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the whole body was sent: also a refusal
    finally:
        connection.close()
    # The server is still there.
    assert openai_client(server.base_url).models.list().data


def test_a_client_that_leaves_stops_its_answer(make_server: MakeServer) -> None:
    server = make_server()
    client = openai_client(server.base_url)
    client.chat.completions.create(model=STARTER, messages=HI, max_tokens=2)  # loaded
    stream = client.chat.completions.create(model=STARTER, messages=LONG, max_tokens=4000,
                                            stream=True, extra_body={"ignore_eos": True})
    for index, _chunk in enumerate(stream):
        if index == 3:
            break
    stream.close()  # the client goes away mid-answer
    wait_until(lambda: any(e.finish == "cancelled" for e in server.log.entries()),
               "the answer to be logged as cancelled")
    entry = next(e for e in server.log.entries() if e.finish == "cancelled")
    assert entry.status == 499 and entry.completion_tokens < 4000
    # The model is free again at once: the next request does not wait for 4,000 tokens.
    answer = client.chat.completions.create(model=STARTER, messages=HI, max_tokens=4)
    assert answer.choices[0].message.content


def test_a_full_queue_answers_503(make_server: MakeServer) -> None:
    server = make_server(queue_limit=1)
    client = openai_client(server.base_url)
    client.chat.completions.create(model=STARTER, messages=HI, max_tokens=2)
    results: list[Any] = []

    def ask() -> None:
        try:
            results.append(client.chat.completions.create(
                model=STARTER, messages=LONG, max_tokens=200, extra_body={"ignore_eos": True}))
        except openai.APIStatusError as err:
            results.append(err)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    refused = [r for r in results if isinstance(r, openai.APIStatusError)]
    answered = [r for r in results if not isinstance(r, openai.APIStatusError)]
    assert refused and answered, results
    assert all(r.status_code == 503 and r.response.headers["retry-after"] for r in refused)
    assert all(a.choices[0].message.content for a in answered)


def test_a_dead_host_is_a_500_and_the_next_request_works(make_server: MakeServer) -> None:
    server = make_server()
    client = openai_client(server.base_url)
    client.chat.completions.create(model=STARTER, messages=HI, max_tokens=2)
    pid = server.pool.loaded()[0].client.pid
    stream = client.chat.completions.create(model=STARTER, messages=LONG, max_tokens=2000,
                                            stream=True, extra_body={"ignore_eos": True})
    next(iter(stream))
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(openai.APIError):
        for _chunk in stream:  # the error arrives as an event of the stream
            pass
    answer = client.chat.completions.create(model=STARTER, messages=HI, max_tokens=4)
    assert answer.choices[0].message.content
    assert server.pool.loaded()[0].client.pid != pid


def test_an_idle_model_unloads_after_its_ttl(make_server: MakeServer) -> None:
    server = make_server(ttl_s=0.5)
    openai_client(server.base_url).chat.completions.create(model=STARTER, messages=HI,
                                                           max_tokens=2)
    wait_until(lambda: not server.pool.loaded(), "the idle model to unload")


def test_the_least_recently_used_model_makes_room(make_server: MakeServer,
                                                    gemma3_path: Path) -> None:
    server = make_server(max_loaded=1)
    gemma = server.pool.ctx.paths.models_dir / "tests" / gemma3_path.name
    gemma.parent.mkdir(parents=True)
    os.symlink(gemma3_path, gemma)
    client = openai_client(server.base_url)
    names = [m.id for m in client.models.list().data]
    assert f"tests/{gemma3_path.name}" in names
    client.chat.completions.create(model=STARTER, messages=HI, max_tokens=2)
    client.completions.create(model=f"tests/{gemma3_path.name}", prompt="Hello", max_tokens=2)
    assert [s.model.name for s in server.pool.loaded()] == [f"tests/{gemma3_path.name}"]


def test_a_model_that_does_not_fit_is_a_400_with_the_reason(make_server: MakeServer) -> None:
    ctx = AppContext(AppPaths.from_environment().ensure())
    tiny = dataclasses.replace(ctx.profile, ram_total_bytes=64 * 2**20,
                               ram_available_bytes=32 * 2**20)
    ctx._profile = tiny
    ctx.current_profile = lambda reclaimable_bytes=0: tiny  # type: ignore[method-assign]
    server = make_server(ctx=ctx)
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client(server.base_url).chat.completions.create(model=STARTER, messages=HI)
    assert caught.value.body["code"] == "model_does_not_fit"
    assert "memory" in caught.value.body["message"].lower()
    assert not server.pool.loaded()
