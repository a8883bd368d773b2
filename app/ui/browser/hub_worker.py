"""Hub calls off the GUI thread: search (paged on demand) and a repository's page.

Every call can wait seconds on the network, so all of them run on this worker's thread; each
result carries the request id it answers, and the page ignores answers it no longer wants.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.core.errors import HubOfflineError
from app.ui.background import guarded

PAGE = 20


class HubWorker(QObject):
    """Owns a ``HubClient`` (made lazily: importing huggingface_hub takes a moment)."""

    results = Signal(int, list, bool)  # request id, HubModel list (this page), more to come
    repoReady = Signal(int, object)  # request id, RepoReport
    failed = Signal(int, object)  # request id, OndolError

    def __init__(self, make_hub: Callable[[], Any], profile: Callable[[], Any],
                 bandwidth: Callable[[], Any] = dict) -> None:
        super().__init__()
        self._make_hub = make_hub
        self._profile = profile
        self._bandwidth = bandwidth  # measured speeds decide between GGUF and ONNX builds
        self._hub: Any = None
        self._pages: dict[int, Iterator[Any]] = {}

    def _client(self) -> Any:
        if self._hub is None:
            self._hub = self._make_hub()
        return self._hub

    def reset_client(self) -> None:
        """Forget the client (e.g. a new token): the next call makes a fresh one."""
        self._hub = None

    def _attempt(self, request_id: int, call: Callable[[], Any]) -> tuple[bool, Any]:
        """Run ``call``; on failure report it for ``request_id`` (a bug too: the page must not
        stay "Searching…" for ever)."""
        ok, value = guarded(call, lambda err: HubOfflineError(
            f"Unexpected error: {err!r}", reason="unexpected", detail=repr(err)))
        if not ok:
            self.failed.emit(request_id, value)
            return False, None
        return True, value

    @Slot(int, str, str, str)
    def search(self, request_id: int, query: str, fmt: str, sort: str) -> None:
        """Start a search and send its first page."""
        self._pages.clear()
        ok, pages = self._attempt(request_id, lambda: self._client().search(
            query, fmt=None if fmt == "all" else fmt, sort=sort, limit=1000))
        if ok:
            self._pages[request_id] = pages
            self.more(request_id)

    @Slot(int)
    def more(self, request_id: int) -> None:
        """The next page of a search (called when the list is scrolled to its end)."""
        pages = self._pages.get(request_id)
        if pages is None:
            return
        ok, batch = self._attempt(request_id, lambda: list(itertools.islice(pages, PAGE)))
        if not ok:
            return
        more = len(batch) == PAGE
        if not more:
            self._pages.pop(request_id, None)
        self.results.emit(request_id, batch, more)

    @Slot(int, str)
    def repo(self, request_id: int, repo_id: str) -> None:
        """A repository's variants, fit labels, recommendation and model card."""
        from app.core.catalog.choose import describe_repo

        def call() -> Any:
            hub = self._client()
            report = describe_repo(hub, repo_id, self._profile(), self._bandwidth())
            report.card = hub.card(repo_id)
            return report

        ok, report = self._attempt(request_id, call)
        if ok:
            self.repoReady.emit(request_id, report)
