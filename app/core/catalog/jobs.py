"""The download manager's job model: states, snapshots, a speed meter and the state file.

The state file is what lets a download continue after the app was closed or crashed: it lists
every job (not its speed) and is replaced atomically on every state change. The bytes
themselves live in the ``.part`` files beside the targets (see ``download``).
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from app.core.catalog.download import CheckedFiles, DownloadPlan, discard_part, plan_download
from app.core.catalog.variants import RepoFile
from app.core.errors import StorageError

logger = logging.getLogger("ondol.downloads")

STATE_VERSION = 1
SPEED_WINDOW_S = 3.0  # the speed is the rate over about the last few seconds


class JobState(str, Enum):
    """Where a job is. Only QUEUED jobs are started; RUNNING ones have a worker thread."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    FAILED = "failed"
    DONE = "done"
    CANCELLED = "cancelled"


# A job in one of these states still wants its files; an identical new job is the same job.
ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING, JobState.PAUSED})


@dataclass(frozen=True)
class JobSnapshot:
    """One job as the UI sees it, at one moment (immutable; safe to pass between threads)."""

    id: str
    repo_id: str
    variant: str
    files: tuple[RepoFile, ...]
    state: JobState
    done_bytes: int
    total_bytes: int
    speed_bytes_per_s: float
    eta_seconds: float | None
    error: dict[str, Any] | None  # OndolError.to_dict() of the last failure (code, message, facts)
    paths: tuple[str, ...]  # the finished files, when DONE


class SpeedMeter:
    """Bytes per second over the last ``SPEED_WINDOW_S`` seconds of progress reports."""

    def __init__(self) -> None:
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        """Forget the samples (a new run: resumed bytes are not speed)."""
        self._samples.clear()

    def add(self, now: float, done: int) -> None:
        """Record that ``done`` bytes were done at monotonic time ``now``."""
        self._samples.append((now, done))
        # Keep two samples at least, so a slow trickle still has a rate.
        while len(self._samples) > 2 and now - self._samples[0][0] > SPEED_WINDOW_S:
            self._samples.popleft()

    @property
    def speed(self) -> float:
        """The rate, or 0.0 before there are two samples a little apart."""
        if len(self._samples) < 2:
            return 0.0
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return max(0.0, (d1 - d0) / (t1 - t0)) if t1 - t0 > 0.01 else 0.0


@dataclass(eq=False)
class Job:
    """The manager's mutable record of one job; only touched under the manager's lock."""

    id: str
    repo_id: str
    variant: str
    files: tuple[RepoFile, ...]
    plan: DownloadPlan
    state: JobState = JobState.QUEUED
    done_bytes: int = 0
    total_bytes: int = 0
    error: dict[str, Any] | None = None
    paths: tuple[str, ...] = ()
    # Repo paths that were complete files before this job began: cancel never deletes them.
    preexisting: frozenset[str] = frozenset()
    run: Any = None  # the manager's current run (a worker thread) while RUNNING
    meter: SpeedMeter = field(default_factory=SpeedMeter)
    version: int = 0  # bumped for every snapshot, so a stale one is never delivered late
    # Complete files hashed in this job: its retries do not read them again (not saved: a
    # restart of the app checks them once more).
    checked: CheckedFiles = field(default_factory=CheckedFiles)
    last_emit: float = 0.0

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        """What makes two jobs the same download: the repo and the set of files."""
        return self.repo_id, frozenset(f.path for f in self.files)

    @cached_property
    def targets(self) -> frozenset[Path]:
        """Where the files land (their ``.part`` files are beside them)."""
        return frozenset(self.plan.target(f) for f in self.files)

    def snapshot(self) -> JobSnapshot:
        """An immutable copy; speed and ETA only while running."""
        running = self.state is JobState.RUNNING
        speed = self.meter.speed if running else 0.0
        left = max(0, self.total_bytes - self.done_bytes)
        eta = left / speed if running and speed > 0 else None
        error = json.loads(json.dumps(self.error, default=str)) if self.error else None
        return JobSnapshot(self.id, self.repo_id, self.variant, self.files, self.state,
                           self.done_bytes, self.total_bytes, speed, eta, error, self.paths)

    def to_dict(self) -> dict[str, Any]:
        """The persisted form (no speed, no thread)."""
        return {
            "id": self.id, "repo_id": self.repo_id, "variant": self.variant,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
            "state": self.state.value, "done_bytes": self.done_bytes,
            "total_bytes": self.total_bytes, "error": self.error, "paths": list(self.paths),
            "preexisting": sorted(self.preexisting), "revision": self.plan.revision,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], models_dir: Path) -> Job:
        """Rebuild a job from the state file; its names are checked again (the file is data).

        Raises:
            KeyError, TypeError, ValueError: a field is missing or malformed.
            UnsafePathError: a file name would escape the models folder.
        """
        files = tuple(RepoFile(str(f["path"]), _opt_int(f.get("size")),
                               _opt_str(f.get("sha256"))) for f in data["files"])
        if not files:
            raise ValueError("a job without files")
        repo_id = str(data["repo_id"])
        error = data.get("error")
        if error is not None and not isinstance(error, dict):
            raise TypeError("error must be an object")
        return cls(
            id=str(data["id"]), repo_id=repo_id, variant=str(data.get("variant", "")),
            files=files, plan=plan_download(models_dir, repo_id, list(files),
                                            _opt_str(data.get("revision"))),
            state=JobState(data["state"]), done_bytes=int(data.get("done_bytes", 0)),
            total_bytes=int(data.get("total_bytes", 0)), error=error,
            paths=tuple(str(p) for p in data.get("paths", [])),
            preexisting=frozenset(str(p) for p in data.get("preexisting", [])))


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def write_state(path: Path, jobs: list[dict[str, Any]]) -> None:
    """Replace the state file atomically (a ``.tmp`` beside it, then ``os.replace``).

    Raises:
        OSError: the folder cannot be written (the old file is left intact).
    """
    text = json.dumps({"version": STATE_VERSION, "jobs": jobs}, indent=1, default=str) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())  # the rename must not land before the bytes do
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def read_state(path: Path, models_dir: Path) -> list[Job]:
    """The jobs saved in ``path``; none when it is missing.

    A damaged file (not JSON, a wrong shape, an unknown version, an unsafe name) is moved
    aside as ``<name>.bad`` with a warning, and the manager starts empty: a broken list of
    downloads must never stop the app from starting.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as err:
        logger.warning("cannot read the download list %s: %s; starting empty", path, err)
        return []
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError(f"unknown format (version {data.get('version')!r})"
                             if isinstance(data, dict) else "not an object")
        jobs = [Job.from_dict(item, models_dir) for item in data["jobs"]]
        if len({job.id for job in jobs}) != len(jobs):
            raise ValueError("duplicate job ids")
        return jobs
    except Exception as err:  # any damage at all: set it aside, never crash the app on it
        bad = path.with_name(path.name + ".bad")
        try:
            os.replace(path, bad)
            logger.warning("the download list %s is damaged (%s); kept as %s, starting empty",
                           path, err, bad)
        except OSError as move_err:
            logger.warning("the download list %s is damaged (%s) and could not be moved aside "
                           "(%s); starting empty", path, err, move_err)
        return []


# ---- the files of a job -------------------------------------------------------------------------


def complete_files(plan: DownloadPlan) -> frozenset[str]:
    """Repo paths whose target is already a complete file (an earlier download)."""
    found = set()
    for file in plan.files:
        target = plan.target(file)
        if target.is_file() and (file.size is None or target.stat().st_size == file.size):
            found.add(file.path)
    return frozenset(found)


def discard_files(job: Job, keep: set[Path], models_dir: Path) -> None:
    """Delete the job's ``.part`` files and the files it finished itself (not those complete
    before it began, nor any target in ``keep``), then the folders this left empty."""
    for file in job.files:
        target = job.plan.target(file)
        if target in keep:
            continue
        try:
            discard_part(target)
            if file.path not in job.preexisting:
                target.unlink(missing_ok=True)
        except OSError as err:
            logger.warning("could not delete %s: %s", target, err)
    for start in sorted({job.plan.target(f).parent for f in job.files},
                        key=lambda p: len(p.parts), reverse=True):
        folder = start
        while folder != models_dir and models_dir in folder.parents:
            try:
                folder.rmdir()  # only succeeds when empty
            except OSError:
                break
            folder = folder.parent


def storage_error(job: Job, err: OSError) -> dict[str, Any]:
    """The error dict for a local file-system failure (permissions, a read-only disk, ...)."""
    return StorageError(f"Could not write the download of {job.repo_id}: "
                        f"{err.strerror or err}", path=str(job.plan.target_dir),
                        errno=err.errno, reason="download_write", repo_id=job.repo_id,
                        detail=err.strerror or str(err)).to_dict()
