"""Hub calls off the GUI thread: search (paged on demand) and a repository's page.

Every call can wait seconds on the network, so all of them run on this worker's thread; each
result carries the request id it answers, and the page ignores answers it no longer wants.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.core.errors import HubOfflineError
from app.ui.background import guarded

PAGE = 20
KOREAN = "korean"  # the sort that lists the shipped families that handle Korean well
PER_FAMILY = 4  # results kept from each family's search


@dataclass(frozen=True)
class KoreanPick:
    """A search result from a family the shipped list says handles Korean well."""

    model: Any  # HubModel
    family: str
    reason: str  # the list's reason code

    @property
    def repo_id(self) -> str:
        """The repository's id, as a plain result has it."""
        return str(self.model.repo_id)


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
        """Start a search and send its first page (with ``KOREAN`` as the sort: every page at
        once, of the families that handle Korean well)."""
        self._pages.clear()
        if sort == KOREAN:
            self._korean(request_id, fmt)
            return
        ok, pages = self._attempt(request_id, lambda: self._client().search(
            query, fmt=None if fmt == "all" else fmt, sort=sort, limit=1000))
        if ok:
            self._pages[request_id] = pages
            self.more(request_id)

    def _korean(self, request_id: int, fmt: str) -> None:
        """A few of each good family's most downloaded repositories, merged, most downloaded
        first; a result the family's rule leaves out (a coder build) is dropped."""
        from app.core.inspect.korean import korean_models

        picks: list[KoreanPick] = []
        for family in (f for f in korean_models().good if f.search):
            ok, found = self._attempt(request_id, lambda f=family: [
                m for m in itertools.islice(self._client().search(
                    f.search, fmt=None if fmt == "all" else fmt, sort="downloads",
                    limit=PER_FAMILY * 5), PER_FAMILY * 5) if f.matches(m.repo_id)])
            if not ok:
                return
            picks += [KoreanPick(m, family.family, family.reason) for m in found[:PER_FAMILY]]
        picks.sort(key=lambda p: -p.model.downloads)
        self.results.emit(request_id, picks, False)

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
