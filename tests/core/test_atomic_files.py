"""Files written whole or not at all, and damaged ones set aside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.core.files.atomic import move_aside, write_atomically


def test_a_private_file_is_never_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "keys.json"
    old = os.umask(0)
    try:
        write_atomically(target, "secret", private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "secret"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "settings.json.tmp").mkdir()  # in the way: the write cannot make its .tmp
    with pytest.raises(OSError):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"


def test_a_damaged_file_is_kept_beside_under_a_new_name(tmp_path: Path) -> None:
    target = tmp_path / "connections.json"
    target.write_text("{not json", encoding="utf-8")
    moved = move_aside(target, "connections", "bad JSON")
    assert moved is not None and moved.read_text(encoding="utf-8") == "{not json"
    assert not target.exists() and moved.name.startswith("connections.json.bad-")
    assert move_aside(target, "connections", "gone") is None  # nothing to move: no error
