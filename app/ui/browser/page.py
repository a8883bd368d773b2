"""The Models page: Discover (search and a repository's page), Downloads, and My models."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

from app.core.errors import OndolError
from app.ui.background import Background
from app.ui.browser.downloads_panel import DownloadsPanel
from app.ui.browser.hub_worker import HubWorker
from app.ui.browser.library_panel import LibraryPanel
from app.ui.browser.repo_panel import RepoPanel
from app.ui.browser.search_panel import SearchPanel
from app.ui.icons import set_tab_icons
from app.ui.threads import wait_for_thread
from app.ui.words.errors import error_text


class ModelsPage(QTabWidget):
    """Owns the hub worker's thread; ``shutdown`` ends it."""

    searchRequested = Signal(int, str, str, str)
    moreRequested = Signal(int)
    repoRequested = Signal(int, str)
    downloadRequested = Signal(str, object, object)  # repo id, Variant, commit (or None)

    def __init__(self, worker: HubWorker, models_dir: Path, background: Background,
                 measured: Callable[[], Mapping[str, Any]] = dict,
                 parent: QWidget | None = None) -> None:
        """``measured``: per library name, the speed each model measured here
        (``speed.measured_here``), read when a panel shows it."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Models"))
        self.search = SearchPanel()
        self.repo = RepoPanel(measured)
        self.discover = QStackedWidget()
        self.discover.addWidget(self.search)
        self.discover.addWidget(self.repo)
        self.downloads = DownloadsPanel()
        self.local = LibraryPanel(models_dir, background, measured)
        self.addTab(self.discover, self.tr("Discover"))
        self.addTab(self.downloads, self.tr("Downloads"))
        self.addTab(self.local, self.tr("My models"))
        set_tab_icons(self, ["search", "download", "hard-drive"])
        self._ids = itertools.count(1)
        self._search_id = 0
        self._repo_id = 0
        self.worker = worker
        self.thread_ = QThread(self)
        self.thread_.setObjectName("ondol-hub-worker")
        worker.moveToThread(self.thread_)
        self.searchRequested.connect(worker.search)
        self.moreRequested.connect(worker.more)
        self.repoRequested.connect(worker.repo)
        worker.results.connect(self._on_results)
        worker.repoReady.connect(self._on_repo)
        worker.failed.connect(self._on_failed)
        self.thread_.start()
        self.search.searchRequested.connect(self._search)
        self.search.moreRequested.connect(lambda: self.moreRequested.emit(self._search_id))
        self.search.repoChosen.connect(self.open_repo)
        self.repo.back.connect(lambda: self.discover.setCurrentWidget(self.search))
        self.repo.downloadRequested.connect(self.downloadRequested)
        self.repo.searchRequested.connect(self._search_for)

    def _search(self, query: str, fmt: str, sort: str) -> None:
        self._search_id = next(self._ids)
        self.searchRequested.emit(self._search_id, query, fmt, sort)

    def _search_for(self, query: str, fmt: str) -> None:
        self.discover.setCurrentWidget(self.search)
        self.search.query.setText(query)
        self.search.format.setCurrentIndex(max(0, self.search.format.findData(fmt)))
        self.search.start()

    def open_repo(self, repo_id: str) -> None:
        """Show a repository's page (loaded off the GUI thread)."""
        self._repo_id = next(self._ids)
        self.repo.loading(repo_id)
        self.discover.setCurrentWidget(self.repo)
        self.repoRequested.emit(self._repo_id, repo_id)

    def _on_results(self, request_id: int, models: list[Any], more: bool) -> None:
        if request_id == self._search_id:
            self.search.add_results(models, more)

    def _on_repo(self, request_id: int, report: Any) -> None:
        if request_id == self._repo_id:
            self.repo.show_report(report)

    def _on_failed(self, request_id: int, error: OndolError) -> None:
        if request_id == self._search_id:
            self.search.show_error(error_text(error))
        elif request_id == self._repo_id:
            self.repo.show_error(error_text(error))

    def shutdown(self, milliseconds: int = 3000) -> None:
        """End the hub worker's thread without blocking Qt's event loop for long."""
        self.thread_.quit()
        wait_for_thread(self.thread_, milliseconds)
