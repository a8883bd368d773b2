"""The download manager: a queue of jobs, two at a time, with pause, resume, cancel and retry.

A job is one variant: every file of a split GGUF or an ONNX folder. Each running job is a
worker thread calling ``download`` with a ``cancelled`` callable that reads the job's stop flag;
the progress hook runs about every MiB, so a pause or a cancel takes effect within a chunk.
The list of jobs is saved on every state change, so a restart after a close or a crash picks
the downloads up again from their ``.part`` files (with an HTTP Range request).

Threads: one lock guards the job table. ``on_change`` is called on the caller's thread for
``add``/``pause``/... and on worker threads for progress and outcomes, never with the lock
held, in order per job (a stale snapshot is dropped rather than delivered late). A GUI must
marshal it to its own thread (a queued signal).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from app.core.catalog.download import bytes_on_disk, plan_download
from app.core.catalog.hub import HubClient
from app.core.catalog.jobs import (
    ACTIVE_STATES,
    Job,
    JobSnapshot,
    JobState,
    complete_files,
    discard_files,
    read_state,
    write_state,
)
from app.core.catalog.run import Outcome, Run, attempt
from app.core.catalog.variants import RepoFile

__all__ = ["DownloadManager", "JobSnapshot", "JobState"]

logger = logging.getLogger("ondol.downloads")

PROGRESS_INTERVAL_S = 0.1  # progress reaches on_change at most ~10 times a second per job

OnChange = Callable[[JobSnapshot], None]
Change = tuple[int, JobSnapshot]  # (the job's snapshot version, the snapshot)


class DownloadManager:
    """The queue of downloads into ``models_dir``, saved in ``state_file``.

    ``hub_factory`` is called for every attempt, on the worker thread, so a token added in the
    settings after a "gated" failure applies to the retry. ``on_change(snapshot)`` is called on
    every state change and for progress (see the module's notes on threads).
    ``resume_on_start=False`` keeps jobs that were queued or running when the app stopped as
    PAUSED instead of starting them.
    """

    def __init__(self, models_dir: Path, state_file: Path, hub_factory: Callable[[], HubClient],
                 max_parallel: int = 2, on_change: OnChange | None = None,
                 resume_on_start: bool = True) -> None:
        self._models_dir = Path(models_dir)
        self._state_file = Path(state_file)
        self._hub_factory = hub_factory
        self._max_parallel = max(1, max_parallel)
        self._on_change = on_change
        self._lock = threading.Lock()  # the job table, the runs, _closed
        self._save_lock = threading.Lock()  # one writer of the state file at a time
        self._emit_lock = threading.RLock()  # RLock: on_change may call pause() and so on
        self._emitted: dict[str, int] = {}
        self._jobs: dict[str, Job] = {}
        self._runs: set[Run] = set()  # every run whose thread has not finished
        self._closed = False
        for job in read_state(self._state_file, self._models_dir):
            if job.state in (JobState.RUNNING, JobState.QUEUED):
                # It was running when the app closed or crashed: continue from the part files.
                job.state = JobState.QUEUED if resume_on_start else JobState.PAUSED
            if job.state is not JobState.DONE:
                job.done_bytes = bytes_on_disk(job.plan)  # the parts grew after the last save
                job.total_bytes = max(job.total_bytes, job.plan.total_bytes)
            self._jobs[job.id] = job
        with self._lock:
            started = self._schedule_locked()
        self._save()
        self._emit(started)

    # ---- the public API ---------------------------------------------------------------------

    def add(self, repo_id: str, variant: str, files: list[RepoFile],
            revision: str | None = None) -> str:
        """Queue the download of ``files`` of ``repo_id`` as one job; returns its id. The files
        are fetched at ``revision`` (the commit they were listed at) when given.

        The same files of the same repo already queued, running or paused (or failed) are the
        same job: that job's id is returned, and a paused or failed one is queued again.

        Raises:
            UnsafePathError: a file name (or the repo id) would escape the models folder.
            ValueError: ``files`` is empty.
        """
        if not files:
            raise ValueError("a download needs at least one file")
        plan = plan_download(self._models_dir, repo_id, files, revision)  # refuses unsafe names
        job = Job(id=uuid.uuid4().hex[:12], repo_id=repo_id, variant=variant,
                  files=tuple(files), plan=plan, done_bytes=bytes_on_disk(plan),
                  total_bytes=plan.total_bytes, preexisting=complete_files(plan))
        with self._lock:
            same = next((j for j in self._jobs.values() if j.key == job.key
                         and (j.state in ACTIVE_STATES or j.state is JobState.FAILED)), None)
            if same is not None:
                job = same
                if job.state in (JobState.PAUSED, JobState.FAILED):
                    job.state, job.error = JobState.QUEUED, None
            else:
                self._jobs[job.id] = job
            changes = [self._snap_locked(job), *self._schedule_locked()]
        self._save()
        self._emit(changes)
        return job.id

    def pause(self, job_id: str) -> None:
        """Running or queued → paused; the part files are kept. Other states: no change.

        Raises:
            KeyError: no job with that id.
        """
        self._change(job_id, {JobState.RUNNING, JobState.QUEUED}, JobState.PAUSED, "pause")

    def resume(self, job_id: str) -> None:
        """Paused or failed → queued (it starts when a slot is free). Other states: no change.

        Raises:
            KeyError: no job with that id.
        """
        self._change(job_id, {JobState.PAUSED, JobState.FAILED}, JobState.QUEUED, None)

    def retry(self, job_id: str) -> None:
        """Failed → queued, from where the part files left off. Other states: no change.

        Raises:
            KeyError: no job with that id.
        """
        self._change(job_id, {JobState.FAILED}, JobState.QUEUED, None)

    def cancel(self, job_id: str) -> None:
        """Stop the job and delete what it wrote: its ``.part`` files, and the finished files
        of a multi-file job that this job downloaded. Files that were complete before the job
        began, and files another listed job (not cancelled) also downloads, are kept. A running
        job's files go once its thread stops (within a chunk). Done or cancelled: no change.

        Raises:
            KeyError: no job with that id.
        """
        self._change(job_id, {JobState.QUEUED, JobState.RUNNING, JobState.PAUSED,
                              JobState.FAILED}, JobState.CANCELLED, "cancel")

    def remove(self, job_id: str) -> None:
        """Forget a done, cancelled or failed job. The files of a done job stay (they are the
        model); a failed job's partial files are deleted as by ``cancel``. No event follows.

        Raises:
            KeyError: no job with that id.
            ValueError: the job is queued, running or paused (cancel it first).
        """
        with self._lock:
            job = self._job_locked(job_id)
            if job.state in ACTIVE_STATES:
                raise ValueError(f"job {job_id} is {job.state.value}; cancel it first")
            if job.state is JobState.FAILED:
                self._discard_locked(job)
            del self._jobs[job_id]
        with self._emit_lock:
            self._emitted.pop(job_id, None)
        self._save()

    def jobs(self) -> list[JobSnapshot]:
        """Every listed job, oldest first."""
        with self._lock:
            return [job.snapshot() for job in self._jobs.values()]

    def get(self, job_id: str) -> JobSnapshot:
        """One job.

        Raises:
            KeyError: no job with that id.
        """
        with self._lock:
            return self._job_locked(job_id).snapshot()

    def close(self, timeout: float = 2.0) -> None:
        """Stop every running job (saved as QUEUED so that the next start continues it; paused
        ones stay paused) and wait up to ``timeout`` seconds in all for the threads. After
        this the manager starts nothing; a second call does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            changes = []
            for job in self._jobs.values():
                if job.state is JobState.RUNNING:
                    job.run.stop = "close"
                    job.run, job.state = None, JobState.QUEUED
                    changes.append(self._snap_locked(job))
            threads = [run.thread for run in self._runs if run.thread is not None]
        self._save()
        self._emit(changes)
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # ---- state changes ----------------------------------------------------------------------

    def _change(self, job_id: str, sources: set[JobState], target: JobState,
                stop: str | None) -> None:
        with self._lock:
            job = self._job_locked(job_id)
            if job.state not in sources:
                return  # e.g. a pause that raced with the job finishing
            if job.run is not None:
                job.run.stop = stop or "pause"
                job.run = None  # detached: its thread winds down on its own
            job.state = target
            if target is JobState.QUEUED:
                job.error = None
            if target is JobState.CANCELLED:
                stopping = [run for run in self._runs if run.job is job]
                for run in stopping:
                    run.stop = "cancel"  # the thread deletes the files once it stopped writing
                if not stopping:
                    self._discard_locked(job)
            changes = [self._snap_locked(job), *self._schedule_locked()]
        self._save()
        self._emit(changes)

    def _schedule_locked(self) -> list[Change]:
        """Start queued jobs, oldest first, while fewer than ``max_parallel`` run."""
        if self._closed:
            return []
        running = sum(1 for job in self._jobs.values() if job.state is JobState.RUNNING)
        busy: set[Path] = set()
        for run in self._runs:
            busy |= run.paths
        started = []
        for job in self._jobs.values():
            if running >= self._max_parallel:
                break
            if job.state is not JobState.QUEUED or job.targets & busy:
                continue  # an earlier run of the same files is still stopping: it waits
            run = Run(job)
            job.run, job.state, job.error = run, JobState.RUNNING, None
            job.meter.reset()
            self._runs.add(run)
            busy |= run.paths
            running += 1
            run.thread = threading.Thread(target=self._work, args=(run,), daemon=True,
                                          name=f"ondol-download-{job.id}")
            run.thread.start()
            started.append(self._snap_locked(job))
        return started

    def _work(self, run: Run) -> None:
        """The worker thread: one attempt, then its outcome."""
        outcome = self._attempt(run)
        done = run.job.total_bytes
        # A file deleted by someone else at once: the listed size will do.
        with contextlib.suppress(OSError):
            if outcome[0] is JobState.DONE:
                done = sum(Path(p).stat().st_size for p in outcome[2])
        with self._lock:
            self._runs.discard(run)
            job = run.job
            if run.stop == "cancel":
                self._discard_locked(job)
            changes = []
            if job.run is run:  # not paused, cancelled or closed meanwhile
                job.run = None
                job.state, job.error, job.paths = outcome
                if job.state is JobState.DONE:
                    job.done_bytes = job.total_bytes = done
                changes.append(self._snap_locked(job))
            changes += self._schedule_locked()
        if changes:
            self._save()
            self._emit(changes)

    def _attempt(self, run: Run) -> Outcome:
        """Download the job's files; what went wrong becomes a state and an error dict."""
        return attempt(run, self._hub_factory,
                       lambda done, total: self._progress(run, done, total))

    def _progress(self, run: Run, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            job = run.job
            if job.run is not run:
                return
            job.done_bytes, job.total_bytes = done, max(job.total_bytes, total)
            job.meter.add(now, done)
            if now - job.last_emit < PROGRESS_INTERVAL_S:
                return
            job.last_emit = now
            change = self._snap_locked(job)
        self._emit([change])

    def _discard_locked(self, job: Job) -> None:
        """Delete the part files and the files this job itself finished (see ``cancel``)."""
        keep: set[Path] = set()
        for other in self._jobs.values():
            if other is not job and other.state is not JobState.CANCELLED:
                keep |= other.targets
        for run in self._runs:
            if run.job is not job:
                keep |= run.paths
        discard_files(job, keep, self._models_dir)

    # ---- helpers ----------------------------------------------------------------------------

    def _job_locked(self, job_id: str) -> Job:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise KeyError(f"no download job {job_id!r}") from None

    def _snap_locked(self, job: Job) -> Change:
        job.version += 1
        return job.version, job.snapshot()

    def _save(self) -> None:
        """Write the job list; a failure is logged (the downloads themselves go on)."""
        with self._save_lock:  # taken first, so the last write holds the latest table
            with self._lock:
                data = [job.to_dict() for job in self._jobs.values()]
            try:
                write_state(self._state_file, data)
            except OSError as err:
                logger.warning("could not save the download list %s: %s", self._state_file, err)

    def _emit(self, changes: list[Change]) -> None:
        if self._on_change is None:
            return
        for version, snapshot in changes:
            with self._emit_lock:
                if version <= self._emitted.get(snapshot.id, 0):
                    continue  # a newer snapshot of this job went out already
                self._emitted[snapshot.id] = version
                try:
                    self._on_change(snapshot)
                except Exception:
                    logger.exception("a download on_change handler failed")
