"""Every download ends, continued: a cancel while the connection is still being made, a file
whose size nobody states, and a job whose retries would hash its finished files again. Ondol's
own transfer code against the fake hub (tests/fakehub) and bare sockets on 127.0.0.1; the
bounds asserted are generous (a loaded machine)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.catalog import download as dl
from app.core.catalog.hub import HubClient
from app.core.catalog.manager import JobState
from app.core.catalog.variants import RepoFile
from app.core.errors import DownloadCancelledError, DownloadIntegrityError, HubNotFoundError
from tests.fakehub import FakeHub, fixtures
from tests.integration import test_download_manager as manager_tests
from tests.integration.test_download_manager import MB, Made, small_repo, wait_for, wait_state
from tests.integration.test_transfer_faults import add_repo

fake_hub = fixtures.fake_hub
make = manager_tests.make


def hub_client(hub: FakeHub) -> HubClient:
    return HubClient(endpoint=hub.url)


def ondol_threads() -> list[str]:
    """The transfer's own threads (the process keeps others, such as the child spawner)."""
    return [t.name for t in threading.enumerate() if t.name.startswith("ondol-transfer")]


# ---- servers that never get as far as an answer ---------------------------------------------


@pytest.fixture
def full_backlog() -> Iterator[str]:
    """An address whose connect hangs: a listening socket that never accepts, its queue full
    (a new SYN is dropped, as by a server overwhelmed or an address nothing answers)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):  # fill the queue; the connects past it time out
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    probe = socket.socket()
    probe.settimeout(0.3)
    with pytest.raises(TimeoutError):  # the premise: a connect here does hang
        probe.connect(("127.0.0.1", port))
    probe.close()
    yield f"http://127.0.0.1:{port}/model.gguf"
    for sock in [*fillers, server]:
        sock.close()


@pytest.fixture
def mute_server() -> Iterator[str]:
    """An address that accepts the connection, reads the request and never answers it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, name="mute-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/model.gguf"
    done.set()
    thread.join(timeout=2)
    for sock in [*held, server]:
        sock.close()


@pytest.mark.parametrize("server", ["full_backlog", "mute_server"])
def test_cancel_takes_effect_while_connecting(fake_hub: FakeHub, tmp_path: Path, server: str,
                                              request: pytest.FixtureRequest) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Far-GGUF", MB, 51)
    fake_hub.faults.redirect_to = request.getfixturevalue(server)  # the CDN sends it there
    plan = dl.plan_download(tmp_path / "models", "someone/Far-GGUF", [file])
    stop = threading.Event()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            dl.download(hub_client(fake_hub), plan, lambda *_: None, stop.is_set)
        except BaseException as err:  # handed to the test's thread
            outcome.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    wait_for(lambda: fake_hub.find_requests("GET", server="cdn"), "the CDN request")
    stop.wait(0.5)  # the redirected request is under way (connecting, or waiting for headers)
    stop.set()
    asked = time.monotonic()
    worker.join(timeout=10)  # the connect timeout is 15 s: a cut that waits for it fails here
    took = time.monotonic() - asked
    assert not worker.is_alive(), "the download did not stop"
    assert took < 3, f"the cancel took {took:.1f} s"  # about 0.1 s; generous for a loaded machine
    assert len(outcome) == 1 and isinstance(outcome[0], DownloadCancelledError)
    wait_for(lambda: not ondol_threads(), "the transfer's threads to end", timeout=5)


def test_cancel_takes_effect_while_the_hub_looks_the_file_up(mute_server: str,
                                                               tmp_path: Path) -> None:
    """The lookup before the transfer (the hub client's HEAD request) does not hold a cancel
    for that client's own timeout (10 s)."""
    endpoint = mute_server.rsplit("/", 1)[0]
    file = RepoFile("model.gguf", MB, None)
    plan = dl.plan_download(tmp_path / "models", "someone/Mute-GGUF", [file])
    stop = threading.Event()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            dl.download(HubClient(endpoint=endpoint), plan, lambda *_: None, stop.is_set)
        except BaseException as err:  # handed to the test's thread
            outcome.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    stop.wait(0.5)  # the lookup is under way, unanswered
    stop.set()
    asked = time.monotonic()
    worker.join(timeout=8)
    took = time.monotonic() - asked
    assert not worker.is_alive(), "the download did not stop"
    assert took < 3, f"the cancel took {took:.1f} s"  # about 0.1 s; generous for a loaded machine
    assert len(outcome) == 1 and isinstance(outcome[0], DownloadCancelledError), outcome
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").rglob("*.part"))


# ---- a file whose size nobody states --------------------------------------------------------


def test_an_endless_body_of_unknown_size_stops_at_the_free_space(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Endless-GGUF", MB, 52)
    unsized = RepoFile(file.path, None, None)  # the listing states no size
    fake_hub.faults.hide_size = True  # nor does the hub when asked for the file
    fake_hub.faults.endless_body = True  # no Content-Length, and zeros past the file for ever
    fake_hub.faults.throttle_bytes_per_s = 20 * MB  # bounds the disk used should it never stop
    room = 3 * MB
    monkeypatch.setattr(dl, "free_space", lambda _path: dl.DISK_MARGIN_BYTES + room)
    plan = dl.plan_download(tmp_path / "models", "someone/Endless-GGUF", [unsized])
    part = dl.part_path(plan.target(unsized))
    stop = threading.Event()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            dl.download(hub_client(fake_hub), plan, lambda *_: None, stop.is_set)
        except BaseException as err:  # handed to the test's thread
            outcome.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():
        most = part.stat().st_size if part.exists() else 0
        stop.set()
        worker.join(timeout=10)
        pytest.fail(f"the endless body was still being written ({most} bytes)")
    assert len(outcome) == 1 and isinstance(outcome[0], DownloadIntegrityError), outcome
    facts = outcome[0].facts
    assert facts["reason"] == "too_big" and facts["limit_bytes"] == room
    assert facts["file"] == unsized.path
    assert not part.exists() and not plan.target(unsized).exists()


# ---- a job that needs several attempts ------------------------------------------------------


def test_a_retried_job_hashes_its_complete_files_once(
        fake_hub: FakeHub, make: Callable[..., Made], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    names = {"onnx/model.onnx": MB, "onnx/model.onnx.data": 2 * MB, "onnx/tokenizer.json": MB}
    repo, files = small_repo("someone/Folder-ONNX", names, 53)
    fake_hub.add(repo)
    first, _second, last = files
    plan = dl.plan_download(tmp_path / "models", repo.repo_id, files)
    there = plan.target(first)  # complete before the job: checked once before it is trusted
    there.parent.mkdir(parents=True)
    fake = repo.file(first.path)
    assert fake is not None and fake.data is not None
    there.write_bytes(fake.data)
    hashed: list[Path] = []
    real = dl.sha256_file

    def counting(path: Path) -> str:
        hashed.append(Path(path))
        return real(path)

    monkeypatch.setattr(dl, "sha256_file", counting)
    fake_hub.faults.missing = {last.path}  # the last file fails every attempt (404) for now
    made = make()
    job_id = made.manager.add(repo.repo_id, "onnx", files)
    for _attempt in range(3):
        failed = wait_state(made.manager, job_id, JobState.FAILED)
        assert failed.error is not None and failed.error["code"] == HubNotFoundError.code
        made.manager.retry(job_id)
    wait_state(made.manager, job_id, JobState.FAILED)
    assert hashed == [there]  # once in the job, not once per attempt
    fake_hub.faults.missing = set()
    there.write_bytes(fake.data)  # rewritten (a new mtime): it is checked again
    made.manager.retry(job_id)
    done = wait_state(made.manager, job_id, JobState.DONE)
    assert [Path(p) for p in done.paths] == [plan.target(f) for f in files]
    assert hashed == [there, there]
