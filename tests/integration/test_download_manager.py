"""The download manager against the fake hub (tests/fakehub) on 127.0.0.1: the real starter
model (98 MB, served from disk) and small made-up repos, throttled where a test acts
mid-download so that the action lands mid-file."""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from app.core.catalog import download as dl
from app.core.catalog.checksum import sha256_file
from app.core.catalog.hub import HubClient
from app.core.catalog.library import scan_library
from app.core.catalog.manager import DownloadManager, JobSnapshot, JobState
from app.core.catalog.starter import SMOLLM2
from app.core.catalog.variants import RepoFile
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO

fake_hub = fixtures.fake_hub

MB = 1_000_000
STARTER = [RepoFile(STARTER_FILE, SMOLLM2.size_bytes, SMOLLM2.sha256)]
T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, timeout: float = 20.0) -> T:
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


def wait_state(manager: DownloadManager, job_id: str, state: JobState,
               timeout: float = 20.0) -> JobSnapshot:
    def reached() -> JobSnapshot | None:
        snap = manager.get(job_id)
        return snap if snap.state is state else None
    try:
        return wait_for(reached, f"{state.value}", timeout)
    except AssertionError:
        raise AssertionError(f"not {state.value}: {manager.get(job_id)}") from None


def workers_gone() -> None:
    """Wait until no download thread is left (a stopped one may still finish its chunk)."""
    wait_for(lambda: not any(t.name.startswith("ondol-download-")
                             for t in threading.enumerate()), "the workers to stop")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def small_repo(repo_id: str, sizes: dict[str, int], seed: int) -> tuple[FakeRepo, list[RepoFile]]:
    """A repo of random ``.gguf`` files (LFS: served by the CDN, which throttles)."""
    rng = random.Random(seed)
    fakes = [FakeFile(name, data=rng.randbytes(size)) for name, size in sizes.items()]
    files = [RepoFile(f.path, f.size, hashlib.sha256(f.data or b"").hexdigest()) for f in fakes]
    return FakeRepo(repo_id, files=fakes, tags=["gguf"]), files


class Made:
    """A manager made by the ``make`` fixture and every snapshot its on_change received."""

    def __init__(self, manager: DownloadManager, events: list[JobSnapshot]) -> None:
        self.manager = manager
        self.events = events


@pytest.fixture
def make(fake_hub: FakeHub, tmp_path: Path) -> Iterator[Callable[..., Made]]:
    """Make managers on ``tmp_path/models`` and ``tmp_path/downloads.json``; closed at the end."""
    made: list[DownloadManager] = []

    def factory(**options: Any) -> Made:
        events: list[JobSnapshot] = []
        box: list[DownloadManager] = []

        def on_change(snapshot: JobSnapshot) -> None:
            events.append(snapshot)
            if box:
                box[0].get(snapshot.id)  # would deadlock if called with the lock held

        manager = DownloadManager(tmp_path / "models", tmp_path / "downloads.json",
                                  lambda: HubClient(endpoint=fake_hub.url), on_change=on_change,
                                  **options)
        box.append(manager)
        made.append(manager)
        return Made(manager, events)

    yield factory
    for manager in made:
        manager.close()
    workers_gone()


def saved_states(state_file: Path) -> dict[str, str]:
    """Job id → state in the state file (saved just after the change is visible)."""
    try:
        return {j["id"]: j["state"] for j in json.loads(state_file.read_text())["jobs"]}
    except (FileNotFoundError, ValueError):
        return {}


def starter_target(tmp_path: Path) -> Path:
    return tmp_path / "models" / STARTER_REPO / STARTER_FILE


def cdn_ranges(fake_hub: FakeHub) -> list[str | None]:
    return [r.headers.get("range") for r in fake_hub.find_requests("GET", server="cdn")]


def test_a_job_completes_with_progress_speed_and_eta(fake_hub: FakeHub, make: Callable[..., Made],
                                                     tmp_path: Path) -> None:
    fake_hub.faults.throttle_bytes_per_s = 100 * MB  # about a second: several progress events
    made = make()
    started = time.monotonic()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    done = wait_state(made.manager, job_id, JobState.DONE)
    took = time.monotonic() - started
    target = starter_target(tmp_path)
    assert done.paths == (str(target),) and done.error is None
    assert done.done_bytes == done.total_bytes == SMOLLM2.size_bytes
    assert sha256_file(target) == SMOLLM2.sha256
    assert [m.name for m in scan_library(tmp_path / "models")] == [f"{STARTER_REPO}/{STARTER_FILE}"]
    progress = [e for e in made.events if e.state is JobState.RUNNING and e.done_bytes > 0]
    assert any(e.speed_bytes_per_s > 0 and e.eta_seconds is not None for e in progress)
    assert len(progress) <= took * 10 + 3  # at most ~10 progress events a second
    # Snapshots arrive in order per job (a stale one is dropped, never delivered late).
    assert made.events[-1].state is JobState.DONE
    assert [e.state for e in made.events].count(JobState.DONE) == 1
    wait_for(lambda: saved_states(tmp_path / "downloads.json") == {job_id: "done"}, "the save")


def test_two_jobs_run_at_once_and_the_third_waits(fake_hub: FakeHub, make: Callable[..., Made]
                                                  ) -> None:
    jobs = []
    for i in range(3):
        repo, files = small_repo(f"someone/Small-{i}-GGUF", {f"small-{i}.Q4_0.gguf": 6 * MB}, i)
        fake_hub.add(repo)
        jobs.append((repo.repo_id, files))
    fake_hub.faults.throttle_bytes_per_s = 10 * MB  # each takes ~0.6 s
    made = make()
    ids = [made.manager.add(repo_id, "Q4_0", files) for repo_id, files in jobs]
    assert [made.manager.get(i).state for i in ids] == [
        JobState.RUNNING, JobState.RUNNING, JobState.QUEUED]

    def all_done() -> bool:
        states = [s.state for s in made.manager.jobs()]  # one consistent view of the table
        assert states.count(JobState.RUNNING) <= 2
        if states[2] is not JobState.QUEUED:  # FIFO: the third only gets a freed slot
            assert JobState.DONE in states[:2], states
        return states == [JobState.DONE] * 3

    wait_for(all_done, "all three")
    assert all(made.manager.get(i).paths for i in ids)


def test_pause_keeps_the_part_and_resume_sends_a_range(fake_hub: FakeHub,
                                                       make: Callable[..., Made],
                                                       tmp_path: Path) -> None:
    fake_hub.faults.throttle_bytes_per_s = 40 * MB
    made = make()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    wait_for(lambda: made.manager.get(job_id).done_bytes >= 10 * MB, "10 MB")
    made.manager.pause(job_id)
    assert made.manager.get(job_id).state is JobState.PAUSED
    workers_gone()
    part = dl.part_path(starter_target(tmp_path))
    kept = part.stat().st_size
    assert 10 * MB <= kept < SMOLLM2.size_bytes and not starter_target(tmp_path).exists()
    assert made.manager.get(job_id).state is JobState.PAUSED
    fake_hub.faults.throttle_bytes_per_s = None
    made.manager.resume(job_id)
    wait_state(made.manager, job_id, JobState.DONE)
    assert f"bytes={kept}-" in cdn_ranges(fake_hub)
    assert sha256_file(starter_target(tmp_path)) == SMOLLM2.sha256 and not part.exists()


def test_a_restart_after_close_or_crash_resumes(fake_hub: FakeHub,
                                                make: Callable[..., Made],
                                                tmp_path: Path) -> None:
    repo, small = small_repo("someone/Paused-GGUF", {"paused.Q4_0.gguf": 2 * MB}, 9)
    fake_hub.add(repo)
    fake_hub.faults.throttle_bytes_per_s = 40 * MB
    first = make()
    job_id = first.manager.add(STARTER_REPO, "Q4_1", STARTER)
    paused_id = first.manager.add(repo.repo_id, "Q4_0", small)
    first.manager.pause(paused_id)
    wait_for(lambda: first.manager.get(job_id).done_bytes >= 10 * MB, "10 MB")
    crashed = (tmp_path / "downloads.json").read_text()  # what a crash would leave
    assert saved_states(tmp_path / "downloads.json") == {job_id: "running", paused_id: "paused"}
    started = time.monotonic()
    first.manager.close()
    assert time.monotonic() - started < 2.5
    assert first.manager.get(job_id).state is JobState.QUEUED
    workers_gone()
    kept = dl.part_path(starter_target(tmp_path)).stat().st_size
    assert 10 * MB <= kept < SMOLLM2.size_bytes
    assert saved_states(tmp_path / "downloads.json") == {job_id: "queued", paused_id: "paused"}
    fake_hub.faults.throttle_bytes_per_s = None
    (tmp_path / "downloads.json").write_text(crashed)  # "running" is resumed like "queued"
    second = make()  # the app started again: the job continues on its own
    wait_state(second.manager, job_id, JobState.DONE)
    assert second.manager.get(paused_id).state is JobState.PAUSED
    assert f"bytes={kept}-" in cdn_ranges(fake_hub)
    assert sha256_file(starter_target(tmp_path)) == SMOLLM2.sha256


def test_cancel_removes_the_part_file(fake_hub: FakeHub, make: Callable[..., Made],
                                      tmp_path: Path) -> None:
    fake_hub.faults.throttle_bytes_per_s = 40 * MB
    made = make()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    wait_for(lambda: made.manager.get(job_id).done_bytes >= 5 * MB, "5 MB")
    made.manager.cancel(job_id)
    assert made.manager.get(job_id).state is JobState.CANCELLED
    workers_gone()
    assert files_under(tmp_path / "models") == []
    assert made.events[-1].state is JobState.CANCELLED
    made.manager.remove(job_id)
    assert made.manager.jobs() == []


def test_cancel_of_a_multi_file_job_keeps_earlier_downloads(fake_hub: FakeHub,
                                                            make: Callable[..., Made],
                                                            tmp_path: Path) -> None:
    repo, (a, c, b) = small_repo("someone/Split-GGUF", {
        "m-00001-of-00003.gguf": MB, "m-00002-of-00003.gguf": MB, "m-00003-of-00003.gguf": 8 * MB,
    }, 3)
    fake_hub.add(repo)
    made = make()
    earlier = made.manager.add(repo.repo_id, "first part", [a])
    wait_state(made.manager, earlier, JobState.DONE)
    made.manager.remove(earlier)  # forgotten from the list; the file stays
    folder = tmp_path / "models" / repo.repo_id
    fake_hub.faults.throttle_bytes_per_s = 8 * MB
    job_id = made.manager.add(repo.repo_id, "m", [a, c, b])
    wait_for(lambda: made.manager.get(job_id).done_bytes >= 3 * MB, "the third file")
    assert (folder / c.path).is_file()
    made.manager.cancel(job_id)
    workers_gone()
    assert files_under(tmp_path / "models") == [folder / a.path]


def test_a_corrupted_file_fails_and_nothing_is_left(fake_hub: FakeHub, make: Callable[..., Made],
                                                    tmp_path: Path) -> None:
    fake_hub.faults.corrupt_byte_at = 5_000_000
    made = make()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    failed = wait_state(made.manager, job_id, JobState.FAILED)
    assert failed.error is not None and failed.error["code"] == "download_corrupt"
    assert failed.error["facts"]["expected_sha256"] == SMOLLM2.sha256
    assert files_under(tmp_path / "models") == [] and scan_library(tmp_path / "models") == []


def test_hub_down_fails_then_retry_completes(fake_hub: FakeHub, make: Callable[..., Made],
                                             tmp_path: Path) -> None:
    fake_hub.faults.down = True
    made = make()
    started = time.monotonic()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    failed = wait_state(made.manager, job_id, JobState.FAILED)
    assert time.monotonic() - started < 5
    assert failed.error is not None and failed.error["code"] == "hub_offline"
    assert "cannot be reached" in failed.error["message"]
    fake_hub.faults.down = False
    made.manager.retry(job_id)
    done = wait_state(made.manager, job_id, JobState.DONE)
    assert done.error is None and sha256_file(starter_target(tmp_path)) == SMOLLM2.sha256
