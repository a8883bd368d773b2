"""A runtime host ends when the process that started it dies, even while it is busy.

The parent is killed with SIGKILL (nothing of it runs afterwards: no ``close``, no atexit)
while the host works through a long prompt in llama.cpp. A host that is streaming notices a dead
parent at its next send; one inside a long prompt (or a load) sends nothing for a long time and
used to go on computing for nobody. A small batch makes the prompt take far longer than the
bound on every machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from tests.probe_targets import READY_FILE_ENV

ROOT = Path(__file__).resolve().parents[2]

GONE_WITHIN_S = 10.0  # generous: the host notices at once; a loaded machine may be slow
LONG_PROMPT = " ".join(f"item {i} is a blue square." for i in range(600))  # ~4,000 tokens

# Loads the starter model, starts an answer to a long prompt, prints the host's pid once the
# host is working on the prompt, and waits until it is killed.
# From the main thread (as the command line does) or a worker thread (as the window does: the
# start then goes through the spawner thread, see ``app.core.hardware.parent_watch``).
PARENT = textwrap.dedent("""
    import sys, threading
    from app.core.runtime import events as ev
    from app.core.runtime.client import RuntimeClient
    from app.core.types.params import LoadParams, SamplingParams

    def main():
        client = RuntimeClient()
        client.load(sys.argv[1], LoadParams(n_ctx=8192, n_threads=1, n_batch=8))
        sampling = SamplingParams(temperature=0.7, max_tokens=100_000, ignore_eos=True)
        for event in client.generate(sampling, prompt=sys.argv[2]):
            if isinstance(event, ev.PromptReady):
                print(client.pid, flush=True)

    if sys.argv[3] == "main":
        main()
    else:
        worker = threading.Thread(target=main)
        worker.start()
        worker.join()
""")
PROBE_PARENT = textwrap.dedent("""
    import sys, threading
    from app.core.hardware.child_probe import run_probe

    def main():
        run_probe("tests.probe_targets:sleep_for_ten_minutes", timeout=600)

    if sys.argv[1] == "main":
        main()
    else:
        worker = threading.Thread(target=main)
        worker.start()
        worker.join()
""")
THREADS = ["main", "worker"]

# Starts a host from a worker thread that then ends, shows the host still answers, prints its
# pid and waits to be killed. Run from a file: a spawned child imports its parent's main file
# (as ``__mp_main__``), which lets this one make the host hold the GIL in a native loop once
# told to, so that the host's watchdog thread cannot run and only the kernel can end it.
GIL_PARENT = textwrap.dedent("""
    import os, sys, threading, time
    from pathlib import Path

    def hold_the_gil(told: Path, holding: Path) -> None:
        while not told.exists():
            time.sleep(0.01)
        holding.touch()
        sum(range(10 ** 15))  # one C call: no other thread of the host runs until it returns

    if __name__ == "__mp_main__":  # in the host, before it serves
        told, holding = (Path(os.environ[name]) for name in ("HOLD_GIL", "HOLDING_GIL"))
        threading.Thread(target=hold_the_gil, args=(told, holding), daemon=True).start()
    elif __name__ == "__main__":
        from app.core.errors import NoModelLoadedError
        from app.core.runtime.client import RuntimeClient

        def ask_the_host() -> None:  # a round trip: the host runs (and watches its parent)
            try:
                client.tokenize("alive?")
            except NoModelLoadedError:
                pass

        def start_the_host() -> None:
            client.start()
            ask_the_host()

        client = RuntimeClient()
        worker = threading.Thread(target=start_the_host)
        worker.start()
        worker.join()
        while os.path.exists(f"/proc/self/task/{worker.native_id}"):  # the thread is gone
            time.sleep(0.01)
        ask_the_host()  # the host outlived the thread that started it
        print(client.pid, flush=True)
        threading.Event().wait()
""")


def _gone(pid: int, timeout: float) -> bool:
    """Whether process ``pid`` (not a child of this one) ends within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _host_of(parent: psutil.Process, timeout: float = 120.0) -> psutil.Process:
    """The spawned child (runtime host or probe) among ``parent``'s children, once there is
    one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in parent.children():
            try:
                if "spawn_main" in " ".join(child.cmdline()):
                    return child
            except psutil.Error:
                continue
        time.sleep(0.05)
    raise AssertionError("no runtime host was started")


def _kill_parent_and_check_host(parent: subprocess.Popen[bytes], host: psutil.Process) -> None:
    try:
        assert host.is_running() and host.status() != psutil.STATUS_ZOMBIE
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _gone(host.pid, GONE_WITHIN_S), (
            f"the host {host.pid} still runs {GONE_WITHIN_S:.0f} s after its parent died")
    finally:
        if host.is_running():
            host.kill()  # never leave it computing if the check failed


@pytest.mark.parametrize("thread", THREADS)
def test_a_busy_host_ends_when_its_parent_is_killed(smollm2_path: Path, thread: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(smollm2_path), LONG_PROMPT, thread],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline().strip()
        assert line.isdigit(), parent.stderr.read() if parent.stderr else ""
        host = psutil.Process(int(line))
        _kill_parent_and_check_host(parent, host)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(10)


def test_ondol_chat_killed_while_answering_leaves_no_host(smollm2_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-m", "app", "chat", "--json", "--model", str(smollm2_path),
         "--ctx", "8192", "--threads", "1", "--batch", "8", "--max-tokens", "2000",
         LONG_PROMPT], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert parent.stdout is not None
        for line in parent.stdout:  # up to the moment the host starts on the prompt
            if json.loads(line)["type"] == "prompt":
                break
        else:
            raise AssertionError("the answer never started")
        host = _host_of(psutil.Process(parent.pid))
        _kill_parent_and_check_host(parent, host)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(10)


@pytest.mark.parametrize("thread", THREADS)
def test_a_probe_child_ends_when_its_parent_is_killed(thread: str, tmp_path: Path) -> None:
    ready = tmp_path / "probe-ready"
    parent = subprocess.Popen([sys.executable, "-c", PROBE_PARENT, thread],
                              env={**os.environ, READY_FILE_ENV: str(ready)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        probe = _host_of(psutil.Process(parent.pid))
        deadline = time.monotonic() + 120
        while not ready.exists():  # the probe runs: killed now, only its watch can end it
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.05)
        _kill_parent_and_check_host(parent, probe)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death "
                    "signal is Linux's; elsewhere the watchdog alone ends the host")
def test_a_host_started_by_an_ended_thread_lives_and_ends_with_its_parent_without_the_gil(
        tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(GIL_PARENT)
    told, holding = tmp_path / "hold-gil", tmp_path / "holding-gil"
    env = {**os.environ, "HOLD_GIL": str(told), "HOLDING_GIL": str(holding),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    parent = subprocess.Popen([sys.executable, str(script)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline().strip()
        assert line.isdigit(), parent.stderr.read() if parent.stderr else ""
        host = psutil.Process(int(line))
        told.touch()
        deadline = time.monotonic() + 120
        while not holding.exists():  # from now on, the host's own watchdog cannot run
            assert time.monotonic() < deadline and host.is_running()
            time.sleep(0.05)
        _kill_parent_and_check_host(parent, host)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(10)
