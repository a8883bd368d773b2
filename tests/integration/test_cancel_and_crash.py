"""Cancel mid-stream and mid-prompt, and a host killed with SIGKILL in the middle of a stream."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from pathlib import Path

import psutil
import pytest

from app.core.errors import RuntimeCrashedError
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests.integration.conftest import collect, load_params, text_of

LONG = SamplingParams(temperature=0.7, max_tokens=1500, seed=7)
STORY = [{"role": "user", "content": "Tell me a very long story about a dragon."}]


def test_cancel_mid_stream_ends_promptly(smol_client: RuntimeClient) -> None:
    """The target is 100 ms on a quiet machine (the next token's time at most); the bound
    leaves room for a loaded one and still fails a cancel that waits for the 1,500 tokens."""
    deltas = 0
    cancelled_at = 0.0
    done: ev.Done | None = None
    for event in smol_client.generate(LONG, messages=STORY):
        if isinstance(event, ev.Delta):
            deltas += 1
            if deltas == 3:
                cancelled_at = time.perf_counter()
                smol_client.cancel()
        elif isinstance(event, ev.Done):
            done = event
    elapsed = time.perf_counter() - cancelled_at
    assert done is not None and done.reason == "cancelled"
    assert done.stats.generated_tokens < 1500
    assert elapsed < 1.0, f"cancel took {elapsed * 1000:.0f} ms"


def test_cancel_from_another_thread(smol_client: RuntimeClient) -> None:
    timer = threading.Timer(0.3, smol_client.cancel)
    timer.start()
    _deltas, done = collect(smol_client, LONG, messages=STORY)
    timer.join()
    assert done.reason == "cancelled"


def test_cancel_during_a_2000_token_prompt_stops_before_the_prompt_is_done(
        smol_client: RuntimeClient) -> None:
    text = " ".join(f"item {i} is a blue square." for i in range(300))
    prompt = smol_client.detokenize(smol_client.tokenize(text)[:2010])
    n_prompt = len(smol_client.tokenize(prompt))
    assert 2000 <= n_prompt < 2040  # fills most of the 2048-token window
    sampling = SamplingParams(temperature=0, max_tokens=5)
    delay = 0.5  # a 2,000-token prompt takes seconds on a CPU: this lands inside it
    timer = threading.Timer(delay, smol_client.cancel)
    started = time.perf_counter()
    timer.start()
    deltas, done = collect(smol_client, sampling, prompt=prompt)
    elapsed = time.perf_counter() - started
    timer.join()
    assert done.reason == "cancelled"
    assert done.stats.generated_tokens == 0 and not deltas  # no token: stopped inside the prompt
    assert done.stats.prompt_tokens == n_prompt
    assert done.stats.prompt_tokens_evaluated < n_prompt  # llama.cpp did not finish the prompt
    assert elapsed - delay < 1.0, f"the prompt went on for {elapsed - delay:.2f} s after cancel"
    # The host is fine afterwards.
    _d, after = collect(smol_client, sampling, prompt="Hello")
    assert after.reason == "length"


def test_sigkill_mid_stream_is_reported_and_the_next_load_works(smollm2_path: Path) -> None:
    client = RuntimeClient()
    try:
        client.load(str(smollm2_path), load_params())
        pid = client.pid
        assert pid is not None
        with pytest.raises(RuntimeCrashedError) as info:
            for event in client.generate(LONG, messages=STORY):
                if isinstance(event, ev.Delta):
                    os.kill(pid, signal.SIGKILL)
        assert info.value.facts["signal"] == "SIGKILL"
        assert "SIGKILL" in info.value.message and "load it again" in info.value.message
        assert not client.alive
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() != psutil.STATUS_ZOMBIE

        client.load(str(smollm2_path), load_params())
        deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=5),
                               messages=STORY)
        assert done.stats.generated_tokens == 5 and text_of(deltas)
        assert client.pid != pid
    finally:
        client.close()
    assert not client.alive


def test_close_is_bounded_and_leaves_no_child(smollm2_path: Path) -> None:
    client = RuntimeClient()
    client.load(str(smollm2_path), load_params())
    pid = client.pid
    started = time.perf_counter()
    client.close()
    assert time.perf_counter() - started < 5
    assert pid is not None and not psutil.pid_exists(pid)


def test_abandoning_a_stream_cancels_it(smol_client: RuntimeClient) -> None:
    stream = smol_client.generate(LONG, messages=STORY)
    for event in stream:
        if isinstance(event, ev.Delta):
            break
    started = time.perf_counter()
    stream.close()  # the caller walked away: the request is cancelled and drained
    assert time.perf_counter() - started < 1.0
    _d, done = collect(smol_client, SamplingParams(temperature=0, max_tokens=3), prompt="Hi")
    assert done.stats.generated_tokens == 3


def test_cancel_during_load_is_a_typed_error_and_the_next_load_works(
        smollm2_path: Path) -> None:
    from app.core.errors import GenerationCancelledError

    client = RuntimeClient()
    seen: list[float] = []

    def on_progress(fraction: float) -> None:
        seen.append(fraction)
        client.cancel()

    # Without mmap the file is read during the load: a load long enough to be cancelled in.
    slow = dataclasses.replace(load_params(), use_mmap=False)
    try:
        with pytest.raises(GenerationCancelledError, match="cancelled"):
            client.load(str(smollm2_path), slow, on_progress)
        assert seen and seen[0] < 1.0
        assert client.alive and client.loaded is None
        progress: list[float] = []
        model = client.load(str(smollm2_path), load_params(), progress.append)
        assert model.n_ctx == 2048 and progress[-1] == pytest.approx(1.0)
    finally:
        client.close()


def test_close_while_another_thread_streams_is_quick(smollm2_path: Path) -> None:
    client = RuntimeClient()
    client.load(str(smollm2_path), load_params())
    first_delta = threading.Event()
    outcome: list[object] = []

    def stream() -> None:
        try:
            for event in client.generate(LONG, messages=STORY):
                first_delta.set()
                if isinstance(event, ev.Done):
                    outcome.append(event.reason)
        except RuntimeCrashedError as err:
            outcome.append(err)

    worker = threading.Thread(target=stream)
    worker.start()
    assert first_delta.wait(30)
    started = time.perf_counter()
    client.close()
    worker.join(5)
    assert time.perf_counter() - started < 1.0
    assert not worker.is_alive() and not client.alive
    assert outcome == ["cancelled"]


def test_cancel_right_after_generate_is_not_lost(smol_client: RuntimeClient) -> None:
    stream = smol_client.generate(LONG, messages=STORY)
    smol_client.cancel()  # before the first event is read
    done = [e for e in stream if isinstance(e, ev.Done)]
    assert done[0].reason == "cancelled" and done[0].stats.generated_tokens <= 1


def test_a_second_request_during_a_paused_stream_is_refused_not_deadlocked(
        smol_client: RuntimeClient) -> None:
    from app.core.errors import RuntimeBusyError

    stream = smol_client.generate(LONG, messages=STORY)
    next(stream)
    with pytest.raises(RuntimeBusyError):
        smol_client.tokenize("hello")
    stream.close()
    assert smol_client.tokenize("hello")


def test_a_stale_stream_never_touches_a_new_host(smollm2_path: Path) -> None:
    client = RuntimeClient()
    try:
        client.load(str(smollm2_path), load_params())
        stale = client.generate(LONG, messages=STORY)
        next(stale)
        client.close()
        client.load(str(smollm2_path), load_params())
        new_pid = client.pid
        with pytest.raises(RuntimeCrashedError):
            list(stale)  # the old host is gone: a typed error, not a hang or an assert
        stale.close()
        assert client.pid == new_pid and client.alive
        _d, done = collect(client, SamplingParams(temperature=0, max_tokens=3), prompt="Hi")
        assert done.stats.generated_tokens == 3
    finally:
        client.close()
