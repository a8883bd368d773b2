"""The download manager when things go wrong around a download: a gated repo, a disk too
small or filling up, unsafe names, a damaged state file (fake hub on 127.0.0.1)."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.catalog import download as dl
from app.core.catalog.checksum import sha256_file
from app.core.catalog.hub import HubClient
from app.core.catalog.manager import DownloadManager, JobState
from app.core.catalog.starter import SMOLLM2
from app.core.catalog.variants import RepoFile
from app.core.errors import UnsafePathError
from tests.fakehub import FakeHub, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO
from tests.integration import test_download_manager as manager_tests
from tests.integration.test_download_manager import (
    MB,
    STARTER,
    Made,
    saved_states,
    small_repo,
    starter_target,
    wait_for,
    wait_state,
)

fake_hub = fixtures.fake_hub
make = manager_tests.make  # the fixture, found by its name here


def test_a_gated_repo_fails_until_a_token_is_added(fake_hub: FakeHub, tmp_path: Path) -> None:
    repo, files = small_repo("meta/Gated-GGUF", {"gated.Q4_0.gguf": MB}, 11)
    repo.gated = True
    fake_hub.add(repo)
    token: list[str | None] = [None]  # the settings: the factory reads the current token
    manager = DownloadManager(tmp_path / "models", tmp_path / "downloads.json",
                              lambda: HubClient(endpoint=fake_hub.url, token=token[0]))
    try:
        job_id = manager.add(repo.repo_id, "Q4_0", files)
        failed = wait_state(manager, job_id, JobState.FAILED)
        assert failed.error is not None and failed.error["code"] == "hub_auth"
        assert "accept the licence" in failed.error["message"]
        fake_hub.faults.tokens = {"hf_secret"}
        token[0] = "hf_secret"
        manager.retry(job_id)
        wait_state(manager, job_id, JobState.DONE)
    finally:
        manager.close()


def test_not_enough_disk_fails_before_anything_is_fetched(fake_hub: FakeHub,
                                                          make: Callable[..., Made],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(dl.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 50 * MB,
                                                                  50 * MB))
    made = make()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    failed = wait_state(made.manager, job_id, JobState.FAILED)
    assert failed.error is not None and failed.error["code"] == "disk_full"
    facts = failed.error["facts"]
    assert facts["bytes_needed"] > facts["bytes_available"]
    assert not fake_hub.find_requests("GET", STARTER_FILE)


def test_a_full_disk_mid_download_pauses_and_keeps_the_part(fake_hub: FakeHub,
                                                            make: Callable[..., Made],
                                                            tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    from app.core.catalog import download as download_module

    real_fetch = download_module.fetch

    class FillsUp:
        """A file that takes 3 MB, then says the disk is full."""

        def __init__(self, handle: Any) -> None:
            self.handle, self.written = handle, 0

        def write(self, data: bytes) -> int:
            if self.written + len(data) > 3 * MB:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.handle.write(data)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    monkeypatch.setattr(download_module, "fetch",
                        lambda url, handle, **kw: real_fetch(url, FillsUp(handle), **kw))
    made = make()
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    paused = wait_state(made.manager, job_id, JobState.PAUSED)
    assert paused.error is not None and paused.error["code"] == "disk_full"
    assert "Free some space" in paused.error["message"]
    part = dl.part_path(starter_target(tmp_path))
    assert 0 < part.stat().st_size <= 3 * MB
    monkeypatch.setattr(download_module, "fetch", real_fetch)  # space was freed
    made.manager.resume(job_id)
    assert wait_state(made.manager, job_id, JobState.DONE).error is None
    assert sha256_file(starter_target(tmp_path)) == SMOLLM2.sha256


def test_unsafe_names_are_refused_and_an_identical_job_is_the_same_job(
        fake_hub: FakeHub, make: Callable[..., Made], tmp_path: Path) -> None:
    made = make()
    with pytest.raises(UnsafePathError):
        made.manager.add("someone/repo", "x", [RepoFile("../evil.gguf", 10)])
    with pytest.raises(UnsafePathError):
        made.manager.add("../someone", "x", [RepoFile("ok.gguf", 10)])
    assert made.manager.jobs() == [] and not (tmp_path / "models").exists()
    fake_hub.faults.throttle_bytes_per_s = 20 * MB
    job_id = made.manager.add(STARTER_REPO, "Q4_1", STARTER)
    assert made.manager.add(STARTER_REPO, "Q4_1", STARTER) == job_id
    made.manager.pause(job_id)
    assert made.manager.add(STARTER_REPO, "Q4_1", STARTER) == job_id  # queued again
    assert made.manager.get(job_id).state in (JobState.QUEUED, JobState.RUNNING)
    assert len(made.manager.jobs()) == 1
    with pytest.raises(ValueError, match="cancel it first"):
        made.manager.remove(job_id)
    made.manager.cancel(job_id)
    with pytest.raises(KeyError):
        made.manager.get("no-such-job")


def test_a_corrupt_state_file_is_survived(fake_hub: FakeHub, make: Callable[..., Made],
                                          tmp_path: Path, caplog: pytest.LogCaptureFixture
                                          ) -> None:
    state = tmp_path / "downloads.json"
    state.write_text('{"version": 1, "jobs": [{"id": ')
    repo, files = small_repo("someone/After-GGUF", {"after.Q4_0.gguf": MB}, 5)
    fake_hub.add(repo)
    made = make()
    assert made.manager.jobs() == []
    assert state.with_name("downloads.json.bad").read_text().startswith('{"version": 1')
    assert "damaged" in caplog.text
    job_id = made.manager.add(repo.repo_id, "Q4_0", files)
    wait_state(made.manager, job_id, JobState.DONE)
    wait_for(lambda: saved_states(state) == {job_id: "done"}, "the save")
    # A list naming a file outside the models folder is damage too, never obeyed.
    made.manager.close()
    saved = json.loads(state.read_text())
    saved["jobs"][0]["files"][0]["path"] = "../../escape.gguf"
    saved["jobs"][0]["state"] = "queued"
    state.write_text(json.dumps(saved))
    assert make().manager.jobs() == []
    assert not (tmp_path / "escape.gguf").exists()
