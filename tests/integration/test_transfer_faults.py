"""Ondol's own transfer code (``catalog.transfer`` under ``catalog.download`` and the download
manager) against misbehaving servers, all on 127.0.0.1 (the fake hub, tests/fakehub): one that
ignores Range, one that goes silent mid-file, and a redirect to another host, which must not
receive the token."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.catalog import download as dl
from app.core.catalog import transfer
from app.core.catalog.checksum import sha256_file
from app.core.catalog.hub import HubClient
from app.core.catalog.manager import JobState
from app.core.catalog.variants import RepoFile
from app.core.errors import HubAuthError, HubTimeoutError
from tests.fakehub import FakeHub, FakeRepo, fixtures
from tests.integration import test_download_manager as manager_tests
from tests.integration.test_download_manager import (
    MB,
    Made,
    cdn_ranges,
    small_repo,
    wait_for,
    wait_state,
)

fake_hub = fixtures.fake_hub
make = manager_tests.make

STALL_TIMEOUT_S = 0.3  # how long a silent server is waited for, per attempt, in these tests
SILENT_RATE = 0.01  # bytes a second: the next chunk is due in days, so the server goes silent
TOKEN = "hf_secret"


def add_repo(hub: FakeHub, repo_id: str, size: int, seed: int, gated: bool = False
             ) -> tuple[FakeRepo, RepoFile, bytes]:
    """A one-file repo of random bytes (an LFS file: the hub redirects it to the CDN)."""
    repo, (file,) = small_repo(repo_id, {"model.Q4_0.gguf": size}, seed)
    repo.gated = gated
    hub.add(repo)
    fake = repo.file(file.path)
    assert fake is not None and fake.data is not None
    data = fake.data
    return repo, file, data


def go_silent_after(hub: FakeHub, bytes_done: int) -> Callable[[int, int], None]:
    """A progress callback that makes the server stop sending once ``bytes_done`` arrived."""
    def on_progress(done: int, _total: int) -> None:
        if done >= bytes_done:
            hub.faults.throttle_bytes_per_s = SILENT_RATE
    return on_progress


# ---- a server that ignores Range -----------------------------------------------------------


@pytest.mark.parametrize("how", ["part file from an earlier run", "connection dropped"])
def test_a_server_that_ignores_range_gives_the_exact_file(fake_hub: FakeHub, tmp_path: Path,
                                                          how: str) -> None:
    _repo, file, data = add_repo(fake_hub, "someone/NoRange-GGUF", 3 * MB, 21)
    plan = dl.plan_download(tmp_path / "models", "someone/NoRange-GGUF", [file])
    part = dl.part_path(plan.target(file))
    kept = MB + 12_345
    if how == "part file from an earlier run":
        part.parent.mkdir(parents=True)
        part.write_bytes(data[:kept])
    else:
        fake_hub.faults.drop_after_bytes = [kept]  # the first answer breaks off there
    fake_hub.faults.ignore_range = True  # every answer is 200 with the whole file
    seen: list[int] = []
    (path,) = dl.download(HubClient(endpoint=fake_hub.url), plan,
                          lambda done, _total: seen.append(done), lambda: False)
    assert path.read_bytes() == data  # nothing appended twice, nothing missing
    assert sha256_file(path) == file.sha256 and not part.exists()
    resumed = [r for r in cdn_ranges(fake_hub) if r is not None]
    assert resumed and resumed[0].startswith("bytes=")  # it did ask for the rest only
    assert seen[-1] == len(data) and max(seen) <= len(data)  # progress restarted, not doubled


def test_a_server_that_ignores_range_through_the_manager(fake_hub: FakeHub,
                                                         make: Callable[..., Made],
                                                         tmp_path: Path) -> None:
    _repo, file, data = add_repo(fake_hub, "someone/NoRange-GGUF", 2 * MB, 22)
    target = tmp_path / "models" / "someone" / "NoRange-GGUF" / file.path
    target.parent.mkdir(parents=True)
    dl.part_path(target).write_bytes(data[: MB // 2])
    fake_hub.faults.ignore_range = True
    made = make()
    job_id = made.manager.add("someone/NoRange-GGUF", "Q4_0", [file])
    done = wait_state(made.manager, job_id, JobState.DONE)
    assert target.read_bytes() == data and done.done_bytes == done.total_bytes == len(data)
    assert f"bytes={MB // 2}-" in cdn_ranges(fake_hub)


# ---- a server that goes silent mid-file ----------------------------------------------------


def test_a_silent_server_is_a_timeout_error_and_the_part_resumes(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "STALL_TIMEOUT_S", STALL_TIMEOUT_S)
    _repo, file, data = add_repo(fake_hub, "someone/Stall-GGUF", 6 * MB, 23)
    plan = dl.plan_download(tmp_path / "models", "someone/Stall-GGUF", [file])
    fake_hub.faults.throttle_bytes_per_s = 20 * MB  # 1 MB a chunk: silence starts mid-file
    started = time.monotonic()
    with pytest.raises(HubTimeoutError, match="stopped answering"):
        dl.download(HubClient(endpoint=fake_hub.url), plan, go_silent_after(fake_hub, 2 * MB),
                    lambda: False)
    # Five silent attempts and the pauses between them: seconds, not the default timeout.
    assert time.monotonic() - started < 10
    part = dl.part_path(plan.target(file))
    kept = part.stat().st_size
    assert 2 * MB <= kept < len(data) and part.read_bytes() == data[:kept]
    assert not plan.target(file).exists()
    fake_hub.faults.throttle_bytes_per_s = None  # the server answers again
    (path,) = dl.download(HubClient(endpoint=fake_hub.url), plan, lambda *_: None,
                          lambda: False)
    assert f"bytes={kept}-" in cdn_ranges(fake_hub)
    assert path.read_bytes() == data and not part.exists()


def test_a_silent_server_fails_the_job_and_retry_completes(
        fake_hub: FakeHub, make: Callable[..., Made], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "STALL_TIMEOUT_S", STALL_TIMEOUT_S)
    _repo, file, data = add_repo(fake_hub, "someone/Stall-GGUF", 8 * MB, 24)
    target = tmp_path / "models" / "someone" / "Stall-GGUF" / file.path
    fake_hub.faults.throttle_bytes_per_s = 10 * MB
    made = make()
    job_id = made.manager.add("someone/Stall-GGUF", "Q4_0", [file])
    wait_for(lambda: made.manager.get(job_id).done_bytes >= 2 * MB, "2 MB")
    fake_hub.faults.throttle_bytes_per_s = SILENT_RATE
    failed = wait_state(made.manager, job_id, JobState.FAILED, timeout=10)
    assert failed.error is not None and failed.error["code"] == "hub_timeout"
    kept = dl.part_path(target).stat().st_size
    assert kept >= 2 * MB and not target.exists()
    fake_hub.faults.throttle_bytes_per_s = None
    made.manager.retry(job_id)
    wait_state(made.manager, job_id, JobState.DONE)
    assert f"bytes={kept}-" in cdn_ranges(fake_hub) and target.read_bytes() == data


# ---- a redirect to another host ------------------------------------------------------------


def cdn_on_another_host(hub: FakeHub) -> None:
    """Redirect to the CDN as ``localhost`` (not 127.0.0.1) on its own port: another origin."""
    hub.cdn_url = hub.cdn_url.replace("127.0.0.1", "localhost")


def test_fetch_keeps_the_token_off_a_redirect_to_another_host(fake_hub: FakeHub) -> None:
    repo, file, data = add_repo(fake_hub, "meta/Gated-GGUF", 2 * MB, 25, gated=True)
    fake_hub.faults.tokens = {TOKEN}
    cdn_on_another_host(fake_hub)
    url = f"{fake_hub.url}/{repo.repo_id}/resolve/main/{file.path}"
    out = io.BytesIO()
    transfer.fetch(url, out, resume=0, expected_size=len(data),
                   headers={"authorization": f"Bearer {TOKEN}"}, on_bytes=lambda _n: None)
    assert out.getvalue() == data
    (asked,) = fake_hub.find_requests("GET", file.path, server="hub")
    assert asked.headers.get("authorization") == f"Bearer {TOKEN}"  # the hub needs it
    fetched = fake_hub.find_requests("GET", server="cdn")
    assert fetched and all("authorization" not in r.headers for r in fetched)
    # Without the token the hub says no, and that answer is final: one request, no retries.
    with pytest.raises(HubAuthError, match="accept the licence"):
        transfer.fetch(url, io.BytesIO(), resume=0, expected_size=len(data), headers={},
                       on_bytes=lambda _n: None)
    assert len(fake_hub.find_requests("GET", file.path, server="hub")) == 2


def test_a_gated_download_sends_the_token_to_the_hub_only(fake_hub: FakeHub,
                                                          tmp_path: Path) -> None:
    repo, file, data = add_repo(fake_hub, "meta/Gated-GGUF", 2 * MB, 26, gated=True)
    fake_hub.faults.tokens = {TOKEN}
    cdn_on_another_host(fake_hub)
    fake_hub.faults.drop_after_bytes = [MB]  # the resumed request must go without it too
    plan = dl.plan_download(tmp_path / "models", repo.repo_id, [file])
    (path,) = dl.download(HubClient(endpoint=fake_hub.url, token=TOKEN), plan,
                          lambda *_: None, lambda: False)
    assert path.read_bytes() == data
    asked = fake_hub.find_requests(path_contains=file.path, server="hub")
    assert asked and all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in asked)
    fetched = fake_hub.find_requests("GET", server="cdn")
    assert len(fetched) >= 2 and all("authorization" not in r.headers for r in fetched)
