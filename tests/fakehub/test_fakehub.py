"""The fake hub against the real huggingface_hub client (2.4.0): no mocks."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from huggingface_hub import (
    HfApi,
    constants,
    get_hf_file_metadata,
    hf_hub_download,
    hf_hub_url,
    set_client_factory,
)
from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.file_download import http_get
from huggingface_hub.hf_api import RepoFile, RepoFolder
from huggingface_hub.utils import get_session
from huggingface_hub.utils._http import default_client_factory, hf_request_event_hook

from app.core.catalog.starter import SMOLLM2, find_packaged_file
from tests.fakehub import FakeFile, FakeHub, FakeRepo, fixtures
from tests.fakehub.fixtures import STARTER_FILE, STARTER_REPO

fake_hub = fixtures.fake_hub  # until tests/conftest.py registers it

EXPAND = ["downloads", "likes", "lastModified", "tags", "gguf", "pipeline_tag", "library_name"]
BLOB = bytes(range(256)) * 8192  # 2 MiB, served as an LFS file
BLOB_SHA = hashlib.sha256(BLOB).hexdigest()


def blob_repo(repo_id: str = "fake/blob", **kwargs: object) -> FakeRepo:
    return FakeRepo(repo_id, files=[FakeFile("blob.gguf", data=BLOB)], **kwargs)  # type: ignore[arg-type]


def blob_location(hub: FakeHub, repo_id: str = "fake/blob", **kwargs: object) -> str:
    meta = get_hf_file_metadata(hf_hub_url(repo_id, "blob.gguf", endpoint=hub.url), **kwargs)  # type: ignore[arg-type]
    assert meta.location.startswith(hub.cdn_url)
    return meta.location


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@pytest.fixture
def timeout_client() -> Iterator[None]:
    """huggingface_hub's shared client, but every request without a timeout gets 0.5 s."""

    def hook(request: httpx2.Request) -> None:
        hf_request_event_hook(request)
        if all(v is None for v in request.extensions.get("timeout", {}).values()):
            request.extensions["timeout"] = httpx2.Timeout(0.5).as_dict()

    set_client_factory(
        lambda: httpx2.Client(event_hooks={"request": [hook]}, follow_redirects=True, timeout=0.5)
    )
    try:
        yield
    finally:
        set_client_factory(default_client_factory)


def test_list_models_search_sort_expand_filter(fake_hub: FakeHub) -> None:
    fake_hub.add(FakeRepo("other/smol-onnx", downloads=10, likes=900, tags=["onnx"]))
    fake_hub.add(FakeRepo("other/big-llama", downloads=10**6, tags=["gguf"]))
    api = HfApi(endpoint=fake_hub.url)

    found = list(api.list_models(search="smol", sort="downloads", expand=EXPAND, limit=10))
    assert [m.id for m in found] == [STARTER_REPO, "other/smol-onnx"]
    starter = found[0]
    assert (starter.downloads, starter.likes) == (52_310, 84)
    assert starter.gguf["total"] == 134515008 and starter.gguf["architecture"] == "llama"
    assert starter.last_modified.year == 2024 and "gguf" in starter.tags
    assert (starter.pipeline_tag, starter.library_name) == ("text-generation", "gguf")
    sent = fake_hub.find_requests("GET", "/api/models")[-1].query
    assert sent == {"search": ["smol"], "sort": ["downloads"], "limit": ["10"], "expand": EXPAND}

    by_likes = list(api.list_models(search="smol", sort="likes", expand=["likes"]))
    assert [m.id for m in by_likes] == ["other/smol-onnx", STARTER_REPO]
    assert [m.id for m in api.list_models(filter="onnx")] == ["other/smol-onnx"]
    assert {m.id for m in api.list_models(filter="gguf", author="other")} == {"other/big-llama"}
    list(api.list_models(sort="last_modified"))
    assert fake_hub.requests[-1].query["sort"] == ["lastModified"]


def test_pagination_follows_link_headers(fake_hub: FakeHub) -> None:
    for i in range(5):
        fake_hub.add(FakeRepo(f"pages/model-{i}", downloads=100 - i))
    fake_hub.page_size = 2
    api = HfApi(endpoint=fake_hub.url)

    found = [m.id for m in api.list_models(search="pages/", sort="downloads")]
    assert found == [f"pages/model-{i}" for i in range(5)]
    pages = fake_hub.find_requests("GET", "/api/models")
    assert len(pages) == 3
    assert [p.query.get("cursor") for p in pages] == [None, ["2"], ["4"]]
    assert all(p.query["search"] == ["pages/"] for p in pages)

    # With limit=, the client stops after `limit` results: one page, no further request.
    assert len(list(api.list_models(search="pages/", limit=2))) == 2
    assert len(fake_hub.find_requests("GET", "/api/models")) == 4


def test_model_info_siblings_carry_the_lfs_sha256(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    info = api.model_info(STARTER_REPO, files_metadata=True)
    assert fake_hub.requests[-1].query == {"blobs": ["true"]}
    siblings = {s.rfilename: s for s in info.siblings}
    assert set(siblings) == {".gitattributes", "README.md", STARTER_FILE}
    gguf = siblings[STARTER_FILE]
    assert gguf.size == SMOLLM2.size_bytes
    assert gguf.lfs.sha256 == SMOLLM2.sha256 and gguf.lfs.size == SMOLLM2.size_bytes
    assert siblings["README.md"].lfs is None
    assert info.gated is False and info.gguf["context_length"] == 8192
    assert info.card_data["license"] == "apache-2.0" and info.sha

    assert api.model_info(STARTER_REPO, revision=info.sha).sha == info.sha
    assert api.model_info(STARTER_REPO, expand=["likes"]).downloads is None
    with pytest.raises(RevisionNotFoundError):
        api.model_info(STARTER_REPO, revision="no-such-branch")


def test_list_repo_tree_recursive_with_folders(fake_hub: FakeHub) -> None:
    fake_hub.add(
        FakeRepo(
            "onnx-community/tiny",
            files=[
                FakeFile("config.json", data=b"{}"),
                FakeFile("onnx/model_q4.onnx", data=b"q4" * 100),
                FakeFile("onnx/model_int8.onnx", data=b"i8" * 100),
            ],
        )
    )
    fake_hub.tree_page_size = 2
    api = HfApi(endpoint=fake_hub.url)

    tree = list(api.list_repo_tree("onnx-community/tiny", recursive=True))
    assert fake_hub.requests[-1].query["recursive"] == ["true"]
    assert len(fake_hub.find_requests("GET", "/tree/main")) == 3  # 5 entries, pages of 2
    folders = [e.path for e in tree if isinstance(e, RepoFolder)]
    files = {e.path: e for e in tree if isinstance(e, RepoFile)}
    assert folders == ["onnx"]
    assert set(files) == {
        ".gitattributes",
        "config.json",
        "onnx/model_int8.onnx",
        "onnx/model_q4.onnx",
    }
    q4 = files["onnx/model_q4.onnx"]
    assert q4.size == 200 and q4.lfs.sha256 == hashlib.sha256(b"q4" * 100).hexdigest()
    assert files["config.json"].lfs is None

    top = {e.path for e in api.list_repo_tree("onnx-community/tiny")}
    assert top == {".gitattributes", "config.json", "onnx"}
    inside = {e.path for e in api.list_repo_tree("onnx-community/tiny", path_in_repo="onnx")}
    assert inside == {"onnx/model_int8.onnx", "onnx/model_q4.onnx"}
    starter = list(api.list_repo_tree(STARTER_REPO, recursive=True))
    assert {e.path: e.lfs and e.lfs.sha256 for e in starter}[STARTER_FILE] == SMOLLM2.sha256


def test_file_metadata_points_at_the_cdn(fake_hub: FakeHub) -> None:
    url = hf_hub_url(STARTER_REPO, STARTER_FILE, endpoint=fake_hub.url)
    meta = get_hf_file_metadata(url)
    info = HfApi(endpoint=fake_hub.url).model_info(STARTER_REPO)
    assert (meta.size, meta.etag, meta.commit_hash) == (
        SMOLLM2.size_bytes,
        SMOLLM2.sha256,
        info.sha,
    )
    assert meta.location.startswith(fake_hub.cdn_url + "/") and meta.xet_file_data is None
    head = fake_hub.find_requests("HEAD", "/resolve/main/")[-1]
    assert head.headers["accept-encoding"] == "identity"

    readme = get_hf_file_metadata(hf_hub_url(STARTER_REPO, "README.md", endpoint=fake_hub.url))
    assert readme.location.startswith(fake_hub.url + "/") and readme.size > 100
    assert len(readme.etag) == 40  # a git blob id, not a sha256


def test_http_get_resumes_the_real_model_with_a_range_request(
    fake_hub: FakeHub, tmp_path: Path
) -> None:
    meta = get_hf_file_metadata(hf_hub_url(STARTER_REPO, STARTER_FILE, endpoint=fake_hub.url))
    part = tmp_path / "model.gguf.part"
    resume = 12_345_678
    with find_packaged_file().open("rb") as src:
        part.write_bytes(src.read(resume))
    with part.open("ab") as out:
        http_get(meta.location, out, resume_size=resume, expected_size=meta.size)
    cdn = fake_hub.find_requests("GET", server="cdn")
    assert len(cdn) == 1 and cdn[0].headers["range"] == f"bytes={resume}-"
    assert "authorization" not in cdn[0].headers
    assert part.stat().st_size == SMOLLM2.size_bytes and sha256(part) == SMOLLM2.sha256


def test_dropped_connection_fails_a_plain_get_and_a_resume_completes(
    fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.add(blob_repo())
    location = blob_location(fake_hub)
    fake_hub.faults.drop_after_bytes = [300_000]
    part = tmp_path / "blob.part"
    with part.open("wb") as out, pytest.raises(httpx2.RemoteProtocolError):  # noqa: SIM117
        with get_session().stream("GET", location) as response:
            for chunk in response.iter_bytes():
                out.write(chunk)
    assert part.stat().st_size == 300_000
    with part.open("ab") as out:
        http_get(location, out, resume_size=300_000, expected_size=len(BLOB))
    assert fake_hub.requests[-1].headers["range"] == "bytes=300000-"
    assert sha256(part) == BLOB_SHA

    # http_get itself resumes after a drop (sleeps 1 s, then sends a Range request) from the
    # last whole DOWNLOAD_CHUNK_SIZE chunk: a partial chunk is lost (10 MiB by default).
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 64 * 1024)
    fake_hub.faults.drop_after_bytes = [1_000_000]
    again = tmp_path / "again.part"
    with again.open("wb") as out:
        http_get(location, out, expected_size=len(BLOB))
    assert fake_hub.requests[-1].headers["range"] == f"bytes={1_000_000 // 65536 * 65536}-"
    assert sha256(again) == BLOB_SHA and not fake_hub.faults.drop_after_bytes


def test_corrupt_byte_changes_the_hash_not_the_size(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add(blob_repo())
    fake_hub.faults.corrupt_byte_at = 1_500_000
    path = Path(
        hf_hub_download("fake/blob", "blob.gguf", endpoint=fake_hub.url, cache_dir=tmp_path)
    )
    assert path.stat().st_size == len(BLOB) and sha256(path) != BLOB_SHA
    assert path.read_bytes()[1_500_000] == BLOB[1_500_000] ^ 0xFF


def test_ignored_range_and_throttle(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add(blob_repo())
    location = blob_location(fake_hub)
    fake_hub.faults.ignore_range = True
    part = tmp_path / "blob.part"
    part.write_bytes(BLOB[:1000])
    with part.open("ab") as out:  # the client sees 200 instead of 206 and starts over
        http_get(location, out, resume_size=1000, expected_size=len(BLOB))
    assert sha256(part) == BLOB_SHA

    fake_hub.faults.ignore_range = False
    fake_hub.faults.throttle_bytes_per_s = 1_000_000
    began = time.monotonic()
    with part.open("r+b") as out:
        out.seek(len(BLOB) - 400_000)
        out.truncate()
        http_get(location, out, resume_size=len(BLOB) - 400_000, expected_size=len(BLOB))
    assert 0.3 < time.monotonic() - began < 2
    assert sha256(part) == BLOB_SHA


def test_gated_repo_needs_a_valid_token(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add(blob_repo("meta-llama/gated", gated="manual", card="# Gated"))
    fake_hub.faults.tokens = {"hf_good"}
    url = hf_hub_url("meta-llama/gated", "blob.gguf", endpoint=fake_hub.url)
    with pytest.raises(GatedRepoError) as no_token:
        get_hf_file_metadata(url)
    assert no_token.value.response.status_code == 401
    with pytest.raises(GatedRepoError) as bad_token:
        get_hf_file_metadata(url, token="hf_wrong")
    assert bad_token.value.response.status_code == 403

    assert HfApi(endpoint=fake_hub.url).model_info("meta-llama/gated").gated == "manual"
    assert get_hf_file_metadata(url, token="hf_good").size == len(BLOB)
    assert fake_hub.requests[-1].headers["authorization"] == "Bearer hf_good"
    path = hf_hub_download(
        "meta-llama/gated", "blob.gguf", endpoint=fake_hub.url, cache_dir=tmp_path, token="hf_good"
    )
    assert sha256(Path(path)) == BLOB_SHA
    readme = hf_hub_url("meta-llama/gated", "README.md", endpoint=fake_hub.url)
    assert get_hf_file_metadata(readme).size == len("# Gated")


def test_unknown_repo_and_file(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    with pytest.raises(RepositoryNotFoundError) as missing:
        api.model_info("nobody/nothing")
    assert not isinstance(missing.value, GatedRepoError)
    with pytest.raises(RepositoryNotFoundError):
        get_hf_file_metadata(hf_hub_url("nobody/nothing", "x.gguf", endpoint=fake_hub.url))
    with pytest.raises(EntryNotFoundError):
        get_hf_file_metadata(hf_hub_url(STARTER_REPO, "missing.gguf", endpoint=fake_hub.url))


def test_hub_down_is_a_quick_connection_error_and_comes_back(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    assert api.model_info(STARTER_REPO).id == STARTER_REPO  # a pooled keep-alive connection
    fake_hub.faults.down = True
    began = time.monotonic()
    with pytest.raises(httpx2.ConnectError):
        api.model_info(STARTER_REPO)
    with pytest.raises(httpx2.ConnectError):
        get_hf_file_metadata(hf_hub_url(STARTER_REPO, STARTER_FILE, endpoint=fake_hub.url))
    assert time.monotonic() - began < 2
    fake_hub.faults.down = False
    assert api.model_info(STARTER_REPO).id == STARTER_REPO


def test_stalled_hub_times_out_with_a_client_timeout(
    fake_hub: FakeHub, timeout_client: None
) -> None:
    fake_hub.faults.stall = True
    began = time.monotonic()
    with pytest.raises(httpx2.TimeoutException):
        HfApi(endpoint=fake_hub.url).model_info(STARTER_REPO)  # sends timeout=None itself
    assert time.monotonic() - began < 2
    assert fake_hub.requests[-1].path.endswith(STARTER_REPO)


def test_stop_is_quick_while_a_request_stalls() -> None:
    hub = FakeHub([blob_repo()])
    hub.start()
    hub.faults.stall = True
    errors: list[BaseException] = []

    def call() -> None:
        try:
            httpx2.get(f"{hub.url}/api/models", timeout=10)
        except httpx2.HTTPError as exc:
            errors.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    deadline = time.monotonic() + 2
    while not hub.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    began = time.monotonic()
    hub.stop()
    thread.join(timeout=2)
    assert time.monotonic() - began < 1 and not thread.is_alive() and errors
