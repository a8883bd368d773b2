"""The Models page's logic: the hub client, the download manager, the Hugging Face token."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from app.core.context import AppContext
from app.core.errors import OndolError
from app.core.selection.service import VariantSelector
from app.ui.background import Background
from app.ui.browser.downloads_panel import DownloadsBridge
from app.ui.browser.hub_worker import HubWorker
from app.ui.browser.page import ModelsPage
from app.ui.words.errors import error_text


def make_hub() -> Any:
    """A hub client with the saved token (made on the thread that uses it)."""
    from app.core.catalog.hub import HubClient
    from app.core.catalog.token import load_token

    return HubClient(token=load_token())


class BrowserController(QObject):
    """Owns the Models page's workers; ``close`` stops them (downloads resume next start)."""

    status = Signal(str)  # a sentence for the status line
    libraryChanged = Signal()  # a model was imported, deleted or downloaded: scan again

    def __init__(self, ctx: AppContext, background: Background) -> None:
        super().__init__()
        self.ctx = ctx
        selector = VariantSelector(ctx)

        def measured() -> dict[str, Any]:
            """Per library name, what each model run here measured (a small file's read)."""
            from app.core.planning.speed import measured_here, speed_store

            return measured_here(speed_store(ctx.paths.data_dir), selector.machine,
                                 max(1, ctx.profile.physical_cores))

        self.page = ModelsPage(HubWorker(make_hub, ctx.current_profile, selector.bandwidth),
                               ctx.paths.models_dir, background, measured)
        self.page.local.changed.connect(self.libraryChanged)
        self.bridge = DownloadsBridge()
        self.downloads: Any = None  # the DownloadManager, made once the window is shown

    def start(self) -> None:
        """The download manager: restores its jobs and resumes unfinished ones."""
        from app.core.catalog.manager import DownloadManager

        self.downloads = DownloadManager(
            self.ctx.paths.models_dir, self.ctx.paths.data_dir / "downloads.json",
            hub_factory=make_hub, on_change=self.bridge.report)
        self.page.downloads.attach(self.downloads, self.bridge)
        self.page.downloads.finished.connect(lambda _job: self.libraryChanged.emit())
        self.page.downloadRequested.connect(self.download)

    def download(self, repo_id: str, variant: Any, revision: str | None = None) -> None:
        """Queue a variant (one job, however many files), pinned to the commit it was listed
        at: a file changed on the hub since is not mixed in."""
        try:
            self.downloads.add(repo_id, variant.name, variant.download_files, revision=revision)
        except OndolError as err:
            self.status.emit(error_text(err))
            return
        self.page.setCurrentWidget(self.page.downloads)
        self.status.emit(self.tr("Downloading {name}…").format(name=f"{repo_id} {variant.name}"))

    def set_token(self) -> None:
        """Ask for the Hugging Face token (for gated models) and save it."""
        from app.core.catalog.token import load_token, save_token

        token, ok = QInputDialog.getText(
            self.page.window(), self.tr("Hugging Face token"),
            self.tr("Token for gated models (from huggingface.co → Settings → Access Tokens); "
                    "empty to remove:"), QLineEdit.EchoMode.Password, load_token() or "")
        if not ok:
            return
        try:
            save_token(token)
        except OndolError as err:
            QMessageBox.warning(self.page.window(), self.tr("Hugging Face token"),
                                error_text(err))
            return
        self.page.worker.reset_client()
        self.status.emit(self.tr("Token saved.") if token.strip() else self.tr("Token removed."))

    def close(self) -> None:
        """Pause running downloads (they resume at the next start) and end the hub thread."""
        if self.downloads is not None:
            self.downloads.close(timeout=1.0)
        self.page.shutdown()
