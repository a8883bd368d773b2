"""SHA-256 of large files, and a small cache so a verified file is not hashed on every start."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

_CHUNK = 4 * 1024 * 1024


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 4 MiB chunks.

    Raises:
        OSError: when the file cannot be read.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


class VerifiedFiles:
    """Remembers (path, size, mtime) → sha256 for files already hashed, in one JSON file."""

    def __init__(self, store: Path) -> None:
        self._store = store

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self._store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _fingerprint(path: Path) -> dict[str, object]:
        stat = path.stat()
        return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    def is_verified(self, path: Path, sha256: str) -> bool:
        """True when this exact file (same size and mtime) was hashed to ``sha256`` before."""
        entry = self._load().get(str(path))
        try:
            return entry is not None and entry == {**self._fingerprint(path), "sha256": sha256}
        except OSError:
            return False

    def remember(self, path: Path, sha256: str) -> None:
        """Record that ``path`` hashes to ``sha256`` (best effort: failing only costs time)."""
        data = self._load()
        data[str(path)] = {**self._fingerprint(path), "sha256": sha256}
        self._store.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._store.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(tmp, self._store)
        except OSError:
            tmp.unlink(missing_ok=True)
