"""The downloads list: progress, speed and time left per job; pause, resume, cancel, retry.

The manager reports from its download threads; ``DownloadsBridge`` turns those reports into a
queued Qt signal, and the table updates only the row that changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from app.ui.browser.tables import lay_out_panel, make_table
from app.ui.icons import set_icon
from app.ui.words.errors import error_text
from app.ui.words.sizes import format_duration, format_size, format_speed

# The states from which each button's action changes something (as the manager has them).
ACTIONS_FROM = {"pause": ("running", "queued"), "resume": ("paused", "failed"),
                "cancel": ("queued", "running", "paused", "failed"), "retry": ("failed",)}


class DownloadsBridge(QObject):
    """Carries manager reports (from any thread) to the GUI thread."""

    changed = Signal(object)  # JobSnapshot

    def report(self, snapshot: Any) -> None:
        """Called by the manager on its threads; the signal is queued to the GUI."""
        self.changed.emit(snapshot)


class DownloadsPanel(QWidget):
    """One row per job."""

    finished = Signal(object)  # JobSnapshot of a job that just completed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager: Any = None
        self._rows: dict[str, int] = {}
        self._states: dict[str, str] = {}
        self.table = make_table([self.tr("Model"), self.tr("State"), self.tr("Progress"),
                                 self.tr("Speed · time left")], self.tr("Downloads"), self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 220)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        for button, name in ((self.pause_button, "pause"), (self.resume_button, "play"),
                             (self.cancel_button, "x"), (self.retry_button, "refresh-cw")):
            set_icon(button, name)
        lay_out_panel(self, self.table, self.message, [
            self.pause_button, self.resume_button, self.cancel_button, self.retry_button])
        self.pause_button.clicked.connect(lambda: self._act("pause"))
        self.resume_button.clicked.connect(lambda: self._act("resume"))
        self.cancel_button.clicked.connect(lambda: self._act("cancel"))
        self.retry_button.clicked.connect(lambda: self._act("retry"))
        self.table.itemSelectionChanged.connect(self._show_selected_error)
        self.table.itemSelectionChanged.connect(self._enable_actions)
        self._enable_actions()

    def attach(self, manager: Any, bridge: DownloadsBridge) -> None:
        """Show ``manager``'s jobs and follow its reports."""
        self.manager = manager
        bridge.changed.connect(self.update_job)
        for snapshot in manager.jobs():
            self.update_job(snapshot)

    def _state_text(self, state: str) -> str:
        return {"queued": self.tr("Waiting"), "running": self.tr("Downloading"),
                "paused": self.tr("Paused"), "failed": self.tr("Failed"),
                "done": self.tr("Done"), "cancelled": self.tr("Cancelled")}.get(state, state)

    def update_job(self, job: Any) -> None:
        """Update (or add) the row of one job."""
        row = self._rows.get(job.id)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[job.id] = row
            bar = QProgressBar()
            bar.setRange(0, 1000)
            self.table.setCellWidget(row, 2, bar)
        state = str(getattr(job.state, "value", job.state))
        self.table.setItem(row, 0, QTableWidgetItem(f"{job.repo_id} · {job.variant}"))
        self.table.setItem(row, 1, QTableWidgetItem(self._state_text(state)))
        bar = self.table.cellWidget(row, 2)
        if isinstance(bar, QProgressBar):
            bar.setValue(int(1000 * job.done_bytes / job.total_bytes) if job.total_bytes else 0)
            bar.setFormat(f"{format_size(job.done_bytes)} / {format_size(job.total_bytes)}")
        speed = (f"{format_speed(job.speed_bytes_per_s)} · {format_duration(job.eta_seconds)}"
                 if state == "running" else "")
        self.table.setItem(row, 3, QTableWidgetItem(speed))
        if job.error:
            self.table.item(row, 1).setToolTip(error_text(job.error))
        previous = self._states.get(job.id)
        self._states[job.id] = state
        if state == "done" and previous != "done":
            self.finished.emit(job)
        if job.error and state in ("failed", "paused"):
            self.message.setText(error_text(job.error))
        if job.id == self.selected_id():
            self._enable_actions()

    def selected_id(self) -> str | None:
        """The job of the selected row."""
        row = self.table.currentRow()
        return next((job_id for job_id, r in self._rows.items() if r == row), None)

    def _enable_actions(self) -> None:
        """Only what can change the selected job is enabled (nothing without a selection)."""
        job_id = self.selected_id()
        state = self._states.get(job_id, "") if job_id is not None else ""
        for action, button in (("pause", self.pause_button), ("resume", self.resume_button),
                               ("cancel", self.cancel_button), ("retry", self.retry_button)):
            button.setEnabled(state in ACTIONS_FROM[action])

    def _act(self, action: str) -> None:
        job_id = self.selected_id()
        if job_id is not None and self.manager is not None:
            getattr(self.manager, action)(job_id)

    def _show_selected_error(self) -> None:
        job_id = self.selected_id()
        if job_id is None or self.manager is None:
            return
        error = self.manager.get(job_id).error
        self.message.setText(error_text(error) if error else "")
