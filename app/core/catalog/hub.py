"""Talking to the Hugging Face Hub through ``huggingface_hub``, with timeouts and typed errors.

``huggingface_hub`` passes ``timeout=None`` for listing calls and would wait for ever on a server
that accepts and never answers, so Ondol installs its own HTTP client with timeouts. Its errors
(and raw ``httpx2`` ones, which are not ``OSError``) become Ondol's: offline, timed out, gated,
not found. Imported lazily: the window opens without loading it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from app.core.catalog.variants import RepoFile
from app.core.errors import (
    HubAuthError,
    HubNotFoundError,
    HubOfflineError,
    HubTimeoutError,
    OndolError,
)

CONNECT_TIMEOUT = 5.0  # an unreachable hub is reported within about this long
READ_TIMEOUT = 15.0  # a server that stops answering mid-request

SORTS = {"downloads": "downloads", "likes": "likes", "updated": "lastModified"}
EXPAND = ["downloads", "likes", "lastModified", "tags", "gguf", "pipeline_tag", "library_name",
          "gated"]

T = TypeVar("T")


def _client_with_timeouts() -> Any:
    """An httpx client like huggingface_hub's own, whose requests always have timeouts.

    Some calls pass ``timeout=None`` per request, which overrides a client-wide timeout, so a
    request hook fills in ours wherever none was given. The timeouts are read when the client
    is made (tests shorten them).
    """
    import httpx2
    from huggingface_hub.utils import _http

    timeout = httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)

    def with_timeout(request: Any) -> None:
        _http.hf_request_event_hook(request)
        if all(v is None for v in request.extensions.get("timeout", {}).values()):
            request.extensions["timeout"] = timeout.as_dict()

    return httpx2.Client(event_hooks={"request": [with_timeout]}, follow_redirects=True,
                         timeout=timeout)


def configure_http(force: bool = False) -> None:
    """Install the client factory with timeouts, unless it is installed already (replacing it
    closes the shared session, which would break downloads running on other threads)."""
    from huggingface_hub.utils import _http

    if force or _http._GLOBAL_CLIENT_FACTORY is not _client_with_timeouts:
        _http.set_client_factory(_client_with_timeouts)


@dataclass(frozen=True)
class HubModel:
    """One search result."""

    repo_id: str
    author: str | None
    downloads: int
    likes: int
    updated: str | None
    gated: bool
    architecture: str | None = None
    parameters: int | None = None
    context_length: int | None = None
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None


@dataclass(frozen=True)
class RepoDetails:
    """A repository's files (with sizes and LFS sha256) and what the hub says about it."""

    repo_id: str
    revision: str | None
    gated: bool
    files: list[RepoFile] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    gguf: dict[str, Any] | None = None


@dataclass(frozen=True)
class FileLocation:
    """Where a file's bytes are, how many, and their sha256 (for LFS files)."""

    url: str
    size: int | None
    sha256: str | None
    commit: str | None
    same_host: bool  # False for a CDN: no auth header goes there


def hub_error(err: BaseException, what: str) -> OndolError | None:
    """The Ondol error for a failure of a hub call, or None when it is not a hub failure."""
    import httpx2
    from huggingface_hub import errors as hf

    if isinstance(err, hf.GatedRepoError):
        return HubAuthError(
            f"{what} is gated: accept the licence on the model page on huggingface.co, then add "
            "a Hugging Face token in Settings.", reason="gated", what=what)
    if isinstance(err, hf.RepositoryNotFoundError):
        return HubNotFoundError(f"{what} was not found on Hugging Face (or it is private).",
                                reason="repo", what=what)
    if isinstance(err, hf.EntryNotFoundError):
        return HubNotFoundError(f"{what}: that file is not in the repository.",
                                reason="file", what=what)
    if isinstance(err, hf.HfHubHTTPError):
        status = getattr(getattr(err, "response", None), "status_code", None)
        if status in (401, 403):
            return HubAuthError(
                f"{what}: access denied. Accept the licence on the model page, then add a token "
                "in Settings.", reason="denied", status=status, what=what)
        return HubOfflineError(f"Hugging Face answered with an error ({status}) for {what}.",
                               reason="http_status", status=status, what=what)
    if isinstance(err, httpx2.TimeoutException):
        return HubTimeoutError(f"Hugging Face did not answer in time ({what}).",
                               reason="hub", what=what)
    if isinstance(err, (httpx2.TransportError, ConnectionError)):
        return HubOfflineError(
            "Hugging Face cannot be reached: you may be offline, or the hub is down. The models "
            "you already have keep working.", reason="unreachable")
    return None


def _translate(call: Callable[[], T], what: str) -> T:
    """Run a hub call; turn its failures into Ondol's typed errors."""
    try:
        return call()
    except OndolError:
        raise
    except Exception as err:
        typed = hub_error(err, what)
        if typed is None:
            raise
        raise typed from err


def _same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (the token never goes to a CDN, nor over plain http)."""
    def key(url: str) -> tuple[str, str, int]:
        parts = urlsplit(url)
        return (parts.scheme, (parts.hostname or "").lower(),
                parts.port or (443 if parts.scheme == "https" else 80))

    return key(a) == key(b)


class HubClient:
    """Search, list files, and locate downloads (one per app; thread-safe like HfApi)."""

    def __init__(self, endpoint: str | None = None, token: str | None = None) -> None:
        configure_http()
        from huggingface_hub import HfApi, constants

        self.endpoint = (endpoint or constants.ENDPOINT).rstrip("/")
        self.token = token
        self._api = HfApi(endpoint=self.endpoint, token=token or False)

    def search(self, query: str = "", fmt: str | None = None, sort: str = "downloads",
               limit: int = 30) -> Iterator[HubModel]:
        """Models matching ``query`` (``fmt``: "gguf", "onnx" or None for all), best first.

        The iterator pages on demand as it is consumed.

        Raises:
            HubOfflineError, HubTimeoutError: the hub cannot be reached or stops answering.
        """
        # list_models retries for about 23 s on a dead hub; one quick request says so first.
        self.ping()
        results = _translate(lambda: iter(self._api.list_models(
            search=query or None, filter=fmt or None, sort=SORTS.get(sort, sort), limit=limit,
            expand=EXPAND)), "the search")
        while True:
            info = _translate(lambda: next(results, None), "the search")
            if info is None:
                return
            gguf = getattr(info, "gguf", None) or {}
            yield HubModel(
                repo_id=info.id, author=getattr(info, "author", None) or info.id.split("/")[0],
                downloads=getattr(info, "downloads", 0) or 0, likes=getattr(info, "likes", 0) or 0,
                updated=str(info.last_modified) if getattr(info, "last_modified", None) else None,
                gated=bool(getattr(info, "gated", False)), architecture=gguf.get("architecture"),
                parameters=gguf.get("total"), context_length=gguf.get("context_length"),
                tags=tuple(getattr(info, "tags", None) or ()),
                pipeline_tag=getattr(info, "pipeline_tag", None))

    def ping(self) -> None:
        """Fail fast (seconds, not a retry loop) when the hub is unreachable.

        Raises:
            HubOfflineError, HubTimeoutError: it cannot be reached or does not answer.
        """
        from huggingface_hub.utils import get_session

        def call() -> None:
            get_session().get(f"{self.endpoint}/api/models", params={"limit": 1},
                              timeout=CONNECT_TIMEOUT)

        _translate(call, "Hugging Face")

    def repo(self, repo_id: str) -> RepoDetails:
        """A repository's files with sizes and sha256.

        Raises:
            HubNotFoundError, HubAuthError, HubOfflineError, HubTimeoutError.
        """
        info = _translate(lambda: self._api.model_info(repo_id, files_metadata=True), repo_id)
        files = []
        for sibling in info.siblings or []:
            lfs = getattr(sibling, "lfs", None)
            sha = (lfs.sha256 if lfs is not None and hasattr(lfs, "sha256")
                   else (lfs or {}).get("sha256") if isinstance(lfs, dict) else None)
            files.append(RepoFile(sibling.rfilename, getattr(sibling, "size", None), sha))
        return RepoDetails(repo_id, getattr(info, "sha", None), bool(getattr(info, "gated", False)),
                           files, tuple(getattr(info, "tags", None) or ()),
                           getattr(info, "gguf", None))

    def locate(self, repo_id: str, path: str, revision: str | None = None) -> FileLocation:
        """Size, sha256, commit and the real download URL (often a CDN) of one file.

        Raises:
            HubNotFoundError, HubAuthError, HubOfflineError, HubTimeoutError.
        """
        from huggingface_hub import get_hf_file_metadata, hf_hub_url

        url = hf_hub_url(repo_id, path, revision=revision, endpoint=self.endpoint)
        meta = _translate(lambda: get_hf_file_metadata(url, token=self.token or False,
                                                       endpoint=self.endpoint),
                          f"{repo_id}/{path}")
        location = meta.location or url
        etag = meta.etag or ""
        sha = etag if len(etag) == 64 and all(c in "0123456789abcdef" for c in etag) else None
        return FileLocation(location, meta.size, sha, meta.commit_hash,
                            same_host=_same_origin(location, self.endpoint))

    def card(self, repo_id: str) -> str:
        """The model card (README.md), or "" when the repository has none.

        Raises:
            HubAuthError, HubOfflineError, HubTimeoutError: from the hub.
        """
        from huggingface_hub import hf_hub_url
        from huggingface_hub.utils import get_session

        url = hf_hub_url(repo_id, "README.md", endpoint=self.endpoint)
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}

        def call() -> str:
            response = get_session().get(url, headers=headers)
            return response.text if response.status_code == 200 else ""

        return _translate(call, repo_id)

    def auth_headers(self, location: FileLocation) -> dict[str, str]:
        """The token goes to the hub itself, never to another host (a CDN)."""
        if self.token and location.same_host:
            return {"authorization": f"Bearer {self.token}"}
        return {}
