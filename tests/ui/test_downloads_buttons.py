"""The downloads list enables only the actions that change the selected job, and follows the
job's state as the manager reports it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from types import SimpleNamespace
from typing import Any

from pytestqt.qtbot import QtBot

from app.ui.browser.downloads_panel import DownloadsBridge, DownloadsPanel


class Manager:
    """Stands in for the download manager: its jobs, and the actions asked of it."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def jobs(self) -> list[Any]:
        return []

    def get(self, job_id: str) -> Any:
        return SimpleNamespace(error=None)

    def __getattr__(self, action: str) -> Any:
        return lambda job_id: self.asked.append((action, job_id))


def _job(state: str) -> SimpleNamespace:
    return SimpleNamespace(id="j1", repo_id="org/model-GGUF", variant="Q4_K_M", state=state,
                           done_bytes=10, total_bytes=100, speed_bytes_per_s=5.0,
                           eta_seconds=18.0, error=None)


def _enabled(panel: DownloadsPanel) -> set[str]:
    buttons = {"pause": panel.pause_button, "resume": panel.resume_button,
               "cancel": panel.cancel_button, "retry": panel.retry_button}
    return {name for name, button in buttons.items() if button.isEnabled()}


def test_buttons_follow_the_selected_jobs_state(qtbot: QtBot) -> None:
    panel = DownloadsPanel()
    qtbot.addWidget(panel)
    manager = Manager()
    panel.attach(manager, DownloadsBridge())
    assert _enabled(panel) == set()  # nothing selected
    panel.update_job(_job("running"))
    panel.table.selectRow(0)
    assert _enabled(panel) == {"pause", "cancel"}
    panel.pause_button.click()
    assert manager.asked == [("pause", "j1")]
    panel.update_job(_job("paused"))
    assert _enabled(panel) == {"resume", "cancel"}
    panel.update_job(_job("failed"))
    assert _enabled(panel) == {"resume", "cancel", "retry"}
    panel.update_job(_job("done"))
    assert _enabled(panel) == set()
