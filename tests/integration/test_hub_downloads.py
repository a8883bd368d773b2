"""Search, choose and download through the real huggingface_hub client against the fake hub on
127.0.0.1 (tests/fakehub), then load what was downloaded and chat with it."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from app.core.catalog import download as dl
from app.core.catalog.checksum import sha256_file
from app.core.catalog.choose import describe_repo, pick_variant
from app.core.catalog.hub import HubClient
from app.core.catalog.library import scan_library
from app.core.catalog.starter import SMOLLM2
from app.core.catalog.variants import RepoFile
from app.core.errors import (
    DiskSpaceError,
    DownloadCancelledError,
    DownloadIntegrityError,
    HubAuthError,
    HubOfflineError,
    HubTimeoutError,
    UnsafePathError,
)
from app.core.hardware.probe import probe_hardware
from app.core.planning.words import english
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO
from tests.integration.conftest import collect

fake_hub = fixtures.fake_hub


def starter_plan(models: Path) -> dl.DownloadPlan:
    return dl.plan_download(models, STARTER_REPO,
                            [RepoFile(STARTER_FILE, SMOLLM2.size_bytes, SMOLLM2.sha256)])


def test_search_and_the_repo_page(fake_hub: FakeHub) -> None:
    fake_hub.add(FakeRepo("someone/Other-7B-GGUF", downloads=5, tags=["gguf"]))
    hub = HubClient(endpoint=fake_hub.url)
    found = list(hub.search("smol", fmt="gguf", sort="downloads", limit=10))
    assert found[0].repo_id == STARTER_REPO and found[0].architecture == "llama"
    report = describe_repo(hub, STARTER_REPO, probe_hardware())
    (row,) = report.rows
    assert (row.name, row.size_bytes, row.recommended) == ("Q4_1", SMOLLM2.size_bytes, True)
    assert english(row.label) == "Fits in RAM (CPU)" and report.advice is None


def test_download_with_progress_then_load_and_chat(fake_hub: FakeHub, tmp_path: Path) -> None:
    hub = HubClient(endpoint=fake_hub.url)
    variant = pick_variant(hub, STARTER_REPO, None, probe_hardware())
    plan = dl.plan_download(tmp_path / "models", STARTER_REPO, list(variant.files))
    seen: list[int] = []
    (path,) = dl.download(hub, plan, lambda done, total: seen.append(done), lambda: False)
    assert path == tmp_path / "models" / STARTER_REPO / STARTER_FILE
    assert seen and seen[-1] == SMOLLM2.size_bytes and len(seen) > 20  # about every MiB
    assert sha256_file(path) == SMOLLM2.sha256
    assert [m.name for m in scan_library(tmp_path / "models")] == [f"{STARTER_REPO}/{STARTER_FILE}"]
    with RuntimeClient() as client:
        client.load(str(path), LoadParams(n_ctx=512, n_threads=2))
        _deltas, done = collect(client, SamplingParams(temperature=0, max_tokens=4), prompt="Hi")
        assert done.stats.generated_tokens == 4


def test_cancel_then_resume_with_a_range_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    hub = HubClient(endpoint=fake_hub.url)
    plan = starter_plan(tmp_path / "models")
    progress: list[int] = []
    with pytest.raises(DownloadCancelledError):
        dl.download(hub, plan, lambda done, _t: progress.append(done),
                    cancelled=lambda: bool(progress) and progress[-1] > 30_000_000)
    part = dl.part_path(plan.target(plan.files[0]))
    kept = part.stat().st_size
    assert 25_000_000 <= kept < SMOLLM2.size_bytes and not plan.target(plan.files[0]).exists()
    # A new manager (the app restarted) picks the part file up again.
    (path,) = dl.download(HubClient(endpoint=fake_hub.url), plan, lambda *_: None, lambda: False)
    ranges = [r.headers.get("range") for r in fake_hub.requests if r.server == "cdn"]
    assert f"bytes={kept}-" in ranges
    assert sha256_file(path) == SMOLLM2.sha256 and not part.exists()


def test_connection_dropped_five_times_still_completes(fake_hub: FakeHub, tmp_path: Path
                                                       ) -> None:
    rng = random.Random(7)
    fake_hub.faults.drop_after_bytes = sorted(rng.randrange(2_000_000, 15_000_000)
                                              for _ in range(5))
    (path,) = dl.download(HubClient(endpoint=fake_hub.url), starter_plan(tmp_path / "m"),
                          lambda *_: None, lambda: False)
    assert sha256_file(path) == SMOLLM2.sha256
    assert len([r for r in fake_hub.requests if r.server == "cdn" and r.method == "GET"]) >= 6


def test_a_corrupted_byte_is_caught_and_nothing_is_listed(fake_hub: FakeHub, tmp_path: Path
                                                          ) -> None:
    fake_hub.faults.corrupt_byte_at = 5_000_000
    plan = starter_plan(tmp_path / "models")
    with pytest.raises(DownloadIntegrityError, match="integrity check") as info:
        dl.download(HubClient(endpoint=fake_hub.url), plan, lambda *_: None, lambda: False)
    assert info.value.facts["expected_sha256"] == SMOLLM2.sha256
    assert scan_library(tmp_path / "models") == []
    assert not dl.part_path(plan.target(plan.files[0])).exists()


def test_gated_repo_asks_for_the_licence_and_a_token(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add(FakeRepo("meta/Gated-GGUF", gated=True,
                          files=[FakeFile("gated.Q4_0.gguf", data=b"GGUF" + b"\0" * 4096)]))
    plan = dl.plan_download(tmp_path, "meta/Gated-GGUF", [RepoFile("gated.Q4_0.gguf", 4100)])
    with pytest.raises(HubAuthError, match="accept the licence"):
        dl.download(HubClient(endpoint=fake_hub.url), plan, lambda *_: None, lambda: False)
    fake_hub.faults.tokens = {"hf_secret"}
    hub = HubClient(endpoint=fake_hub.url, token="hf_secret")
    (path,) = dl.download(hub, plan, lambda *_: None, lambda: False)
    assert path.stat().st_size == 4100


def test_hub_down_is_one_clear_error_within_five_seconds(fake_hub: FakeHub) -> None:
    hub = HubClient(endpoint=fake_hub.url)
    fake_hub.faults.down = True
    started = time.monotonic()
    with pytest.raises(HubOfflineError, match="cannot be reached"):
        list(hub.search("smol"))
    assert time.monotonic() - started < 5


def test_a_stalled_hub_times_out(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.catalog import hub as hub_module

    monkeypatch.setattr(hub_module, "READ_TIMEOUT", 1.0)
    monkeypatch.setattr(hub_module, "CONNECT_TIMEOUT", 1.0)
    hub_module.configure_http(force=True)  # a fresh shared client with the short timeouts
    hub = HubClient(endpoint=fake_hub.url)
    fake_hub.faults.stall = True
    started = time.monotonic()
    with pytest.raises(HubTimeoutError):
        hub.repo(STARTER_REPO)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ["../evil.gguf", "/etc/passwd", "a\\b.gguf", "C:/x.gguf",
                                  "ok/../../x.gguf"])
def test_untrusted_file_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePathError):
        dl.plan_download(tmp_path, "someone/repo", [RepoFile(name, 10)])
    assert list(tmp_path.iterdir()) == []


def test_not_enough_disk_is_refused_before_starting(fake_hub: FakeHub, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(dl.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 50_000_000,
                                                                  50_000_000))
    with pytest.raises(DiskSpaceError) as info:
        dl.download(HubClient(endpoint=fake_hub.url), starter_plan(tmp_path), lambda *_: None,
                    lambda: False)
    assert info.value.facts["bytes_needed"] > info.value.facts["bytes_available"]
    assert not fake_hub.find_requests("GET", STARTER_FILE)


def test_cli_search_files_download_and_rm(fake_hub: FakeHub, ondol_home: Path) -> None:
    import json
    import subprocess
    import sys

    def ondol(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                              text=True, timeout=300, input="y\n")

    search = ondol("models", "search", "smol", "--json")
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout.splitlines()[0])["repo_id"] == STARTER_REPO
    files = ondol("models", "files", STARTER_REPO)
    assert files.returncode == 0 and "Q4_1" in files.stdout and "recommended" in files.stdout
    got = ondol("models", "download", STARTER_REPO)
    assert got.returncode == 0, got.stderr
    path = Path(got.stdout.strip())
    assert path == ondol_home / "data" / "models" / STARTER_REPO / STARTER_FILE
    assert "100%" in got.stderr  # the progress bar ran to the end
    removed = ondol("models", "rm", STARTER_FILE)
    assert removed.returncode == 0 and not path.exists()
    fake_hub.faults.down = True
    offline = ondol("models", "search", "smol")
    assert offline.returncode == 1 and "cannot be reached" in offline.stderr
