"""Writing a file so that a crash or a full disk never leaves half of it, and moving a damaged
file aside (kept for the user, never deleted) so that a store can start afresh.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from datetime import datetime
from pathlib import Path

logger = logging.getLogger(__name__)


def write_atomically(path: Path, text: str, private: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a ``.tmp`` beside it, flushed to the disk
    before ``os.replace`` puts it in place. ``private``: the file is created readable by the
    user only (0600) and never exists with a wider mode; a stale ``.tmp`` is not reused.

    Raises:
        OSError: the folder cannot be made or written, or the disk is full; the old file is
            intact and no ``.tmp`` is left behind.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if private:
            tmp.unlink(missing_ok=True)  # O_EXCL below: a stale or planted file is not reused
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        else:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # the rename must not land before the bytes do
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def move_aside(path: Path, what: str, why: str) -> Path | None:
    """Rename the damaged ``path`` to ``<name>.bad-<time>`` beside it (its mode kept) and log
    it as ``what`` (e.g. "settings"); the new path, or None when it could not be moved.

    Raises:
        nothing: a file that cannot be moved is logged and left where it is.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    try:
        os.replace(path, target)
    except OSError as exc:
        logger.warning("%s %s are damaged (%s) and could not be moved aside (%s)", what, path,
                       why, exc.strerror or exc)
        return None
    logger.warning("%s %s are damaged (%s); kept as %s", what, path, why, target)
    return target
