"""Fixtures of the core tests: a chat store in a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.store import ChatStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "chats.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[ChatStore]:
    with ChatStore(db_path) as opened:
        yield opened
