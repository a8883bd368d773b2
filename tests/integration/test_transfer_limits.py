"""Every download ends: Ondol's own transfer code (``catalog.transfer`` under ``catalog.download``
and the download manager) against servers that would keep it going for ever or hand it the wrong
bytes, all on 127.0.0.1 (the fake hub, tests/fakehub). Time limits are lowered through the
module's settings; the bounds asserted are generous (a loaded machine)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.catalog import download as dl
from app.core.catalog import transfer
from app.core.catalog.hub import HubClient
from app.core.catalog.jobs import read_state
from app.core.catalog.manager import JobState
from app.core.catalog.variants import RepoFile
from app.core.errors import (
    DownloadCancelledError,
    DownloadIntegrityError,
    HubOfflineError,
    HubTimeoutError,
)
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.integration import test_download_manager as manager_tests
from tests.integration.test_download_manager import MB, Made, wait_for, wait_state
from tests.integration.test_transfer_faults import add_repo

fake_hub = fixtures.fake_hub
make = manager_tests.make

TRICKLE = 0.5  # bytes a second: one byte every two seconds


def hub_client(hub: FakeHub) -> HubClient:
    return HubClient(endpoint=hub.url)


def cdn_gets(hub: FakeHub) -> int:
    return len(hub.find_requests("GET", server="cdn"))


# ---- a server that ignores Range and ends every answer early -------------------------------


def test_ends_early_without_range_gives_up_after_a_few_attempts(fake_hub: FakeHub,
                                                                tmp_path: Path) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Short-GGUF", 2 * MB, 31)
    fake_hub.faults.ignore_range = True
    fake_hub.faults.truncate_at = MB // 2  # every answer: the first half MiB, a clean close
    plan = dl.plan_download(tmp_path / "models", "someone/Short-GGUF", [file])
    with pytest.raises(HubOfflineError) as raised:
        dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert raised.value.facts["reason"] == "connection_failing"
    # The first answer is progress; the ones that only repeat it are not.
    assert cdn_gets(fake_hub) <= transfer.ATTEMPTS_WITHOUT_PROGRESS + 2
    part = dl.part_path(plan.target(file))
    assert part.stat().st_size <= MB // 2 and not plan.target(file).exists()


# ---- a server that sends more than the file ------------------------------------------------


def test_a_body_longer_than_the_file_stops_at_its_size(fake_hub: FakeHub) -> None:
    repo, file, data = add_repo(fake_hub, "someone/Long-GGUF", MB, 32)
    fake_hub.faults.no_content_length = True
    fake_hub.faults.extra_bytes = 40 * MB
    url = f"{fake_hub.url}/{repo.repo_id}/resolve/main/{file.path}"
    out = io.BytesIO()
    with pytest.raises(DownloadIntegrityError) as raised:
        transfer.fetch(url, out, resume=0, expected_size=len(data), headers={},
                       on_bytes=lambda _n: None)
    assert raised.value.facts["reason"] == "too_long"
    assert out.getvalue() == data  # nothing past the expected size was written


def test_a_download_longer_than_the_file_fails_and_keeps_nothing(fake_hub: FakeHub,
                                                                  tmp_path: Path) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Long-GGUF", MB, 33)
    fake_hub.faults.no_content_length = True
    fake_hub.faults.extra_bytes = 40 * MB
    plan = dl.plan_download(tmp_path / "models", "someone/Long-GGUF", [file])
    with pytest.raises(DownloadIntegrityError, match="more than the file's size"):
        dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert not dl.part_path(plan.target(file)).exists() and not plan.target(file).exists()


# ---- a server that trickles ----------------------------------------------------------------


def test_cancel_takes_effect_while_the_server_trickles(fake_hub: FakeHub,
                                                       tmp_path: Path) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Trickle-GGUF", MB, 34)
    fake_hub.faults.throttle_bytes_per_s = TRICKLE
    plan = dl.plan_download(tmp_path / "models", "someone/Trickle-GGUF", [file])
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
    stop.set()
    asked = time.monotonic()
    worker.join(timeout=10)
    assert not worker.is_alive(), "the download did not stop"
    assert time.monotonic() - asked < 5  # about 0.1 s; generous for a loaded machine
    assert len(outcome) == 1 and isinstance(outcome[0], DownloadCancelledError)


def test_cancel_through_the_manager_while_the_server_trickles(
        fake_hub: FakeHub, make: Callable[..., Made], tmp_path: Path) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Trickle-GGUF", MB, 35)
    target = tmp_path / "models" / "someone" / "Trickle-GGUF" / file.path
    fake_hub.faults.throttle_bytes_per_s = TRICKLE
    made = make()
    job_id = made.manager.add("someone/Trickle-GGUF", "Q4_0", [file])
    wait_for(lambda: dl.part_path(target).exists(), "the part file")
    made.manager.cancel(job_id)
    # The part file goes once the worker stopped writing: within a moment, not a buffer.
    wait_for(lambda: not dl.part_path(target).exists(), "the part file to go", timeout=5)
    assert made.manager.get(job_id).state is JobState.CANCELLED


def test_a_server_too_slow_to_finish_is_a_timeout(fake_hub: FakeHub, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "PROGRESS_DEADLINE_S", 1.0)
    _repo, file, _data = add_repo(fake_hub, "someone/Trickle-GGUF", MB, 36)
    fake_hub.faults.throttle_bytes_per_s = TRICKLE
    plan = dl.plan_download(tmp_path / "models", "someone/Trickle-GGUF", [file])
    started = time.monotonic()
    with pytest.raises(HubTimeoutError) as raised:
        dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert raised.value.facts["reason"] == "too_slow"
    assert time.monotonic() - started < 15
    assert dl.part_path(plan.target(file)).exists()  # kept: a retry resumes it


# ---- a file that changed between two runs --------------------------------------------------


def test_a_file_changed_since_the_part_began_starts_again(fake_hub: FakeHub,
                                                          tmp_path: Path) -> None:
    size = 600_000
    old, new = bytes(range(256)) * (size // 256 + 1), b"\x07" * size
    fake = FakeFile("config.json", data=old[:size], lfs=False)  # no sha256 to catch a mix
    fake_hub.add(FakeRepo("someone/Changing", files=[fake], tags=["onnx"]))
    file = RepoFile("config.json", size, None)
    plan = dl.plan_download(tmp_path / "models", "someone/Changing", [file])
    part = dl.part_path(plan.target(file))
    fake_hub.faults.throttle_bytes_per_s = 2 * MB  # chunks of 100 KB
    with pytest.raises(DownloadCancelledError):
        dl.download(hub_client(fake_hub), plan, lambda *_: None,
                    lambda: part.exists() and part.stat().st_size >= 200_000)
    kept = part.stat().st_size
    assert 0 < kept < size
    old_etag = f'"{fake.etag}"'
    fake.data = new  # the file changed on the hub, same size
    fake_hub.faults.throttle_bytes_per_s = None
    fake_hub.faults.drop_after_bytes = [300_000]  # the new version breaks off once, too
    (path,) = dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert path.read_bytes() == new  # not the old start with the new end
    resumed = [r.headers.get("if-range") for r in
               fake_hub.find_requests("GET", "config.json", server="hub")
               if r.headers.get("range")]
    # First the old version's ETag (answered whole), then the new one's (answered in part).
    assert resumed == [old_etag, f'"{fake.etag}"'] and old_etag != f'"{fake.etag}"'
    assert not dl.etag_path(plan.target(file)).exists()


# ---- a complete file already there ---------------------------------------------------------


def test_a_complete_file_of_the_right_size_is_checked_before_it_is_trusted(
        fake_hub: FakeHub, tmp_path: Path) -> None:
    _repo, file, data = add_repo(fake_hub, "someone/Damaged-GGUF", MB, 37)
    plan = dl.plan_download(tmp_path / "models", "someone/Damaged-GGUF", [file])
    target = plan.target(file)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\0" * len(data))  # right size, wrong bytes
    (path,) = dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert path.read_bytes() == data and cdn_gets(fake_hub) == 1
    dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert cdn_gets(fake_hub) == 1  # a good file is kept as it is


# ---- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["file:///etc/passwd", "ftp://127.0.0.1/model.gguf",
                                   "gopher://127.0.0.1:70/x"])
def test_a_redirect_outside_http_is_refused(fake_hub: FakeHub, tmp_path: Path,
                                            where: str) -> None:
    _repo, file, _data = add_repo(fake_hub, "someone/Elsewhere-GGUF", MB, 38)
    plan = dl.plan_download(tmp_path / "models", "someone/Elsewhere-GGUF", [file])
    fake_hub.faults.redirect_to = where
    with pytest.raises(HubOfflineError) as raised:
        dl.download(hub_client(fake_hub), plan, lambda *_: None, lambda: False)
    assert raised.value.facts["reason"] == "bad_redirect"
    assert raised.value.facts["scheme"] == where.split(":")[0]
    assert cdn_gets(fake_hub) == 1  # a final answer: not retried


# ---- the revision the user browsed ---------------------------------------------------------


def test_the_download_is_pinned_to_the_revision_it_was_chosen_at(
        fake_hub: FakeHub, make: Callable[..., Made], tmp_path: Path) -> None:
    repo, file, data = add_repo(fake_hub, "someone/Pinned-GGUF", MB, 39)
    made = make()
    job_id = made.manager.add(repo.repo_id, "Q4_0", [file], revision=repo.sha)
    done = wait_state(made.manager, job_id, JobState.DONE)
    assert Path(done.paths[0]).read_bytes() == data
    asked = fake_hub.find_requests(path_contains=file.path, server="hub")
    assert asked and all(f"/resolve/{repo.sha}/" in r.path for r in asked)
    (saved,) = read_state(tmp_path / "downloads.json", tmp_path / "models")
    assert saved.plan.revision == repo.sha  # a restart resumes the same commit
