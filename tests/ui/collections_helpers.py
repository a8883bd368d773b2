"""Shared pieces of the Collections dialog tests: a folder of small documents, a window whose
collections index with the hashing embedder, and gates that hold indexing at a chosen batch."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.retrieval_embedders import HashingEmbedder

TEXTS = {
    "ondol.md": "# Ondol\n\nOndol is a floor heating system of Korean houses.",
    "kimchi.txt": "Kimchi is fermented cabbage with chili, garlic and ginger.",
    "hangul.md": "# Hangul\n\nHangul was created in 1443 by King Sejong.",
}


def write_folder(folder: Path, texts: dict[str, str] | None = None) -> Path:
    """A folder of small text documents (one passage, one batch each) and a binary one."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or TEXTS).items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)  # cannot be read
    return folder


def use_embedder(window: Any, embedder: HashingEmbedder) -> Any:
    """Make the window's collections index with ``embedder`` (its model key follows it)."""
    entry = window.collections
    entry.embedder = lambda: embedder
    entry.key_source = lambda: embedder.model_id
    return entry


class Gate:
    """A ``before_batch`` hook that holds the indexing thread at batch ``at`` until opened."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.reached = threading.Event()
        self.opened = threading.Event()

    def __call__(self, batch: int) -> None:
        if batch == self.at:
            self.reached.set()
            if not self.opened.wait(30):
                raise TimeoutError("the gate was never opened")


def add_folder(qtbot: QtBot, dialog: Any, name: str, folder: Path) -> None:
    """Fill the Add folder form and press Add, as a user would."""
    qtbot.mouseClick(dialog.add_button, _left())
    dialog.form.name.setText(name)
    dialog.form.folder.setText(str(folder))
    qtbot.mouseClick(dialog.form.add, _left())


def wait_idle(qtbot: QtBot, entry: Any) -> None:
    """Until the indexing queue is empty and its thread has ended."""
    qtbot.waitUntil(lambda: not entry.indexer.busy and not entry.indexer.queued,
                    timeout=30_000)


def row(dialog: Any, name: str) -> Any:
    """The dialog's row of ``name``."""
    return next(r for r in dialog.rows if r.info.name == name)


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
