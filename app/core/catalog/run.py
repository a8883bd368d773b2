"""One attempt at a download job by a worker thread, and its outcome (a state, an error)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from app.core.catalog.download import OnProgress, check_disk_space, download
from app.core.catalog.hub import HubClient
from app.core.catalog.jobs import Job, JobState, storage_error
from app.core.errors import DiskSpaceError, DownloadCancelledError, OndolError

logger = logging.getLogger("ondol.downloads")

Outcome = tuple[JobState, dict[str, Any] | None, tuple[str, ...]]  # state, error, paths


class Run:
    """One attempt at a job by one worker thread. ``stop`` is its flag: None, or why it stops
    ("pause", "cancel", "close"). A stopped run is detached from its job at once (the job's
    state changes immediately) and only cleans up when its thread ends."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.paths = job.targets
        self.stop: str | None = None
        self.thread: threading.Thread | None = None


def attempt(run: Run, hub_factory: Callable[[], HubClient], on_progress: OnProgress) -> Outcome:
    """Download the job's files; map what went wrong to a state and an error dict (never
    raises: every failure is an outcome)."""
    job = run.job
    if run.stop is not None:
        return JobState.PAUSED, None, ()
    try:
        check_disk_space(job.plan)  # refused before anything is fetched: FAILED
    except DiskSpaceError as err:
        return JobState.FAILED, err.to_dict(), ()
    except OSError as err:
        return JobState.FAILED, storage_error(job, err), ()
    try:
        paths = download(hub_factory(), job.plan, on_progress, lambda: run.stop is not None,
                         job.checked)
    except DownloadCancelledError:
        return JobState.PAUSED, None, ()  # only reached by a stopped (detached) run
    except DiskSpaceError as err:
        # The disk filled up mid-file: keep the part and wait for the user to free space.
        return JobState.PAUSED, err.to_dict(), ()
    except OndolError as err:
        # Integrity (the bad part is gone), gated, not found, offline, timed out.
        return JobState.FAILED, err.to_dict(), ()
    except OSError as err:
        return JobState.FAILED, storage_error(job, err), ()
    except Exception as err:
        logger.exception("download of %s failed unexpectedly", job.repo_id)
        return JobState.FAILED, OndolError(
            f"The download of {job.repo_id} failed: {err}",
            repo_id=job.repo_id, error_type=type(err).__name__, reason="download_failed",
            detail=str(err)).to_dict(), ()
    return JobState.DONE, None, tuple(str(p) for p in paths)
