"""Resumable, verified downloads into the model library.

Each file is written to ``<file>.part`` beside its target, continued with an HTTP Range request
after a pause, a dropped connection or a restart of the app, checked against the hub's sha256,
and only then renamed into place: a file that failed its check never appears as a model.
``hf_hub_download`` cannot do this (it deletes its partial file on any failure), so the hub
client only finds the file (size, sha256, location) and ``transfer.fetch`` moves the bytes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core.catalog.checksum import sha256_file
from app.core.catalog.hub import HubClient
from app.core.catalog.transfer import WriteError, fetch
from app.core.catalog.transfer_watch import unless_stopped
from app.core.catalog.variants import RepoFile, safe_relative_path
from app.core.errors import (
    DiskSpaceError,
    DownloadCancelledError,
    DownloadIntegrityError,
)

DISK_MARGIN_BYTES = 512 * 1024 * 1024  # never fill the disk to the last byte

# Called with (bytes done, bytes total) as a download advances.
OnProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class DownloadPlan:
    """The files of one job and where they go."""

    repo_id: str
    files: tuple[RepoFile, ...]
    target_dir: Path  # models/<publisher>/<repo>
    revision: str | None = None  # the commit the files were chosen at (None: the newest)

    @property
    def total_bytes(self) -> int:
        """Sum of the files' sizes (unknown sizes count as 0)."""
        return sum(f.size or 0 for f in self.files)

    def target(self, file: RepoFile) -> Path:
        """Where ``file`` lands; its name is untrusted and checked.

        Raises:
            UnsafePathError: the name would escape the target folder.
        """
        return self.target_dir.joinpath(*safe_relative_path(file.path).parts)


def plan_download(models_dir: Path, repo_id: str, files: list[RepoFile],
                  revision: str | None = None) -> DownloadPlan:
    """The LM Studio layout: ``models/<publisher>/<repo>/<file>``; the files are fetched at
    ``revision`` (a commit sha) when given, so the bytes are those of what the user browsed.

    Raises:
        UnsafePathError: the repo id or a file name would escape the models folder.
    """
    repo_parts = safe_relative_path(repo_id).parts
    plan = DownloadPlan(repo_id, tuple(files), models_dir.joinpath(*repo_parts), revision)
    for file in files:
        plan.target(file)  # refuse a bad name before anything is written
    return plan


def part_path(target: Path) -> Path:
    """The partial file beside ``target``."""
    return target.with_name(target.name + ".part")


def bytes_on_disk(plan: DownloadPlan) -> int:
    """What is already there: finished files plus the partial ones."""
    done = 0
    for file in plan.files:
        target = plan.target(file)
        if target.is_file():
            done += target.stat().st_size
        elif part_path(target).is_file():
            done += part_path(target).stat().st_size
    return done


def free_space(folder: Path) -> int:
    """Bytes free on the disk that holds ``folder``.

    Raises:
        OSError: the folder cannot be inspected.
    """
    return shutil.disk_usage(folder).free


class CheckedFiles:
    """The complete files already hashed to the hub's sha256 during one job (path, size,
    mtime): a retry of the job trusts them as they are instead of reading gigabytes again.
    A file changed since (another size or mtime) is hashed again. Safe between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[tuple[str, int, int, str]] = set()

    @staticmethod
    def _key(path: Path, sha256: str) -> tuple[str, int, int, str]:
        stat = path.stat()
        return str(path), stat.st_size, stat.st_mtime_ns, sha256

    def has(self, path: Path, sha256: str) -> bool:
        """True when ``path``, unchanged, was found to hash to ``sha256`` in this job."""
        try:
            key = self._key(path, sha256)
        except OSError:
            return False
        with self._lock:
            return key in self._seen

    def add(self, path: Path, sha256: str) -> None:
        """Remember that ``path`` (as it is now) hashes to ``sha256``."""
        with contextlib.suppress(OSError):  # a file gone at once is simply checked next time
            key = self._key(path, sha256)
            with self._lock:
                self._seen.add(key)


def check_disk_space(plan: DownloadPlan) -> None:
    """Refuse before starting when the rest of the download will not fit.

    Raises:
        DiskSpaceError: with the bytes needed and free.
    """
    plan.target_dir.mkdir(parents=True, exist_ok=True)
    needed = max(0, plan.total_bytes - bytes_on_disk(plan)) + DISK_MARGIN_BYTES
    free = free_space(plan.target_dir)
    if needed > free:
        raise DiskSpaceError(
            f"Not enough disk space for {plan.repo_id}: it needs {needed / 2**30:.1f} GiB "
            f"(with a safety margin) and {free / 2**30:.1f} GiB is free.",
            path=str(plan.target_dir), bytes_needed=needed, bytes_available=free,
            reason="download", repo_id=plan.repo_id)


class _Progress:
    """Counts bytes for the job's progress; raising from ``update`` stops the download."""

    def __init__(self, done_before: int, total: int, on_progress: OnProgress,
                 cancelled: Callable[[], bool]) -> None:
        self.done = done_before
        self.total = total
        self._on_progress = on_progress
        self._cancelled = cancelled

    def update(self, n: int) -> None:
        self.done += n
        self._on_progress(self.done, self.total)
        if self._cancelled():
            raise DownloadCancelledError("The download was stopped.")



class _HashingWriter:
    """The part file, hashed as it is written: no second read of a large file at the end."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.digest = _hash_file(path)  # what a resumed part already holds

    def write(self, data: bytes | memoryview) -> int:
        self.digest.update(data)
        view = memoryview(data)
        written = 0
        while written < len(view):  # an unbuffered write may take only part of the data
            count = self.handle.write(view[written:])
            if not count:
                raise OSError(errno.EIO, "The file took no more data", str(self.path))
            written += count
        return written

    def tell(self) -> int:
        return self.handle.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)

    def truncate(self, size: int | None = None) -> int:
        result = self.handle.truncate(size)
        self.handle.flush()
        self.digest = _hash_file(self.path)  # rare (a server ignored Range): hash what is left
        return result


def _hash_file(path: Path) -> Any:
    digest = hashlib.sha256()
    if path.is_file():
        with open(path, "rb") as handle:
            while block := handle.read(4 * 1024 * 1024):
                digest.update(block)
    return digest


def etag_path(target: Path) -> Path:
    """Beside the part file: the ETag its first bytes came with (sent as ``If-Range``)."""
    return target.with_name(target.name + ".etag.part")


def _read_etag(target: Path) -> str | None:
    try:
        text = etag_path(target).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return None
    # If-Range needs a strong validator; a weak or odd one is not sent.
    return text if text.startswith('"') and text.endswith('"') and len(text) < 200 else None


def _write_etag(target: Path, etag: str) -> None:
    # A failure only costs the check: the sha256 still guards an LFS file.
    with contextlib.suppress(OSError):
        etag_path(target).write_text(etag, encoding="utf-8")


def discard_part(target: Path) -> None:
    """Delete the part file of ``target`` and what is kept beside it.

    Raises:
        OSError: a file could not be deleted.
    """
    part_path(target).unlink(missing_ok=True)
    etag_path(target).unlink(missing_ok=True)


def _already_done(target: Path, file: RepoFile, checked: CheckedFiles) -> bool:
    """A complete file is trusted only once it hashes to the hub's sha256 (when known): a file
    of the right size may still be damaged, or another version of the file. Hashed once per
    job: ``checked`` remembers it for the job's next attempts."""
    if not target.is_file() or (file.size is not None and target.stat().st_size != file.size):
        return False
    if file.sha256 is None or checked.has(target, file.sha256):
        return True
    if sha256_file(target) != file.sha256:
        return False
    checked.add(target, file.sha256)
    return True


def _room_for(folder: Path, resume: int) -> int:
    """The most a file of unknown size may grow to: what it has plus the free space, less the
    margin kept free (a server that never ends stops there instead of filling the disk).

    Raises:
        OSError: the folder cannot be inspected.
    """
    return resume + max(0, free_space(folder) - DISK_MARGIN_BYTES)


def download_file(hub: HubClient, plan: DownloadPlan, file: RepoFile,
                  on_progress: OnProgress, cancelled: Callable[[], bool],
                  done_before: int = 0, checked: CheckedFiles | None = None) -> Path:
    """Fetch one file of ``plan`` (resuming its ``.part``), verify it, move it into place.

    The file is located at ``plan.revision`` (the commit the user chose) when it is known.
    A file already in place is kept only when it matches the hub's sha256; otherwise it is
    downloaded again and replaced once the new one is verified. ``checked`` carries what was
    hashed in earlier attempts of the same job. A file whose size neither the listing nor the
    hub states may only grow as far as the free space allows (less the margin).

    Raises:
        DownloadCancelledError: ``cancelled()`` turned true (the part file is kept).
        DiskSpaceError: the disk filled up (the part file is kept, so the job can resume).
        DownloadIntegrityError: size or sha256 does not match, or the server sent more than
            the file's size, or more than there is room for when it has no stated size (the
            bad part file is removed).
        HubOfflineError, HubTimeoutError, HubAuthError, HubNotFoundError: from the hub.
    """
    target = plan.target(file)
    checked = checked if checked is not None else CheckedFiles()
    if _already_done(target, file, checked):
        return target  # finished earlier
    target.parent.mkdir(parents=True, exist_ok=True)
    location = unless_stopped(
        lambda: hub.locate(plan.repo_id, file.path, revision=plan.revision), cancelled)
    size = location.size if location.size is not None else file.size
    expected_sha = file.sha256 or location.sha256
    part = part_path(target)
    resume = part.stat().st_size if part.is_file() else 0
    if size is not None and resume > size:
        discard_part(target)  # not the file we are downloading any more
        resume = 0
    room = _room_for(target.parent, resume) if size is None else None
    total = done_before + (size or 0)
    progress = _Progress(done_before + resume, max(total, plan.total_bytes), on_progress,
                         cancelled)
    try:
        # Unbuffered: a full disk is reported by the write that hits it, inside this try.
        with open(part, "ab", buffering=0) as handle:
            writer = _HashingWriter(handle, part)  # type: ignore[arg-type]
            fetch(location.url, writer, resume=resume, expected_size=size,  # type: ignore[arg-type]
                  headers=hub.auth_headers(location), on_bytes=progress.update,
                  stopped=cancelled, if_range=_read_etag(target) if resume else None,
                  on_etag=lambda etag: _write_etag(target, etag), max_bytes=room)
    except WriteError as err:
        if err.error.errno == errno.ENOSPC:
            raise DiskSpaceError(
                f"The disk is full while downloading {file.path}; the download is paused and "
                "keeps what it has. Free some space, then resume.",
                path=str(part), bytes_needed=size, bytes_available=0,
                reason="full_while_downloading", file=file.path) from err.error
        raise err.error from None
    except DownloadIntegrityError as err:
        discard_part(target)  # what that server sent is not the file: start again next time
        err.facts.setdefault("file", file.path)
        raise
    try:
        _verify(part, size, expected_sha, file.path, writer.digest.hexdigest())
    except DownloadIntegrityError:
        if not part.exists():
            etag_path(target).unlink(missing_ok=True)
        raise
    os.replace(part, target)
    etag_path(target).unlink(missing_ok=True)
    if expected_sha is not None:
        checked.add(target, expected_sha)  # hashed as it was written
    return target


def _verify(part: Path, size: int | None, sha256: str | None, name: str, actual: str) -> None:
    actual_size = part.stat().st_size
    if size is not None and actual_size != size:
        raise DownloadIntegrityError(
            f"{name} arrived with {actual_size} bytes instead of {size}; it will be downloaded "
            "again.", path=str(part), expected_bytes=size, actual_bytes=actual_size,
            reason="size", file=name)
    if sha256 is not None and actual != sha256:
        part.unlink()  # a corrupt part cannot be resumed: start again next time
        raise DownloadIntegrityError(
            f"{name} failed its integrity check (sha256 differs from the hub's); it was "
            "deleted and is not offered as a model.", path=str(part), expected_sha256=sha256,
            actual_sha256=actual, reason="sha256", file=name)


def download(hub: HubClient, plan: DownloadPlan, on_progress: OnProgress,
             cancelled: Callable[[], bool], checked: CheckedFiles | None = None) -> list[Path]:
    """All files of ``plan`` in order (a split GGUF or an ONNX folder is one job).
    ``checked``: the job's memory of files already hashed (kept across its attempts).

    Raises:
        DiskSpaceError: before starting (not enough room), or when the disk fills up.
        DownloadCancelledError, DownloadIntegrityError, Hub*Error: as ``download_file``.
    """
    check_disk_space(plan)
    paths: list[Path] = []
    done = 0
    for file in plan.files:
        paths.append(download_file(hub, plan, file, on_progress, cancelled, done_before=done,
                                   checked=checked))
        done += file.size or paths[-1].stat().st_size
    return paths
