"""The Collections dialog for the screenshots, in a process of its own.

    python -m tests.ui.drive_collections OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-collections-<THEME>-<LANGUAGE>.png: two collections, one ready
        (with a file that could not be read) and one being indexed, held at its sixth file;
        then prints each row's status and "ok".

The hashing embedder stands in for the embedding model: the picture is about the dialog.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.retrieval_embedders import HashingEmbedder
from tests.ui.collections_helpers import Gate, use_embedder, write_folder
from tests.ui.driving import pump, start_window, wait

RESEARCH = {f"chapter-{i:02d}.md": f"# Chapter {i}\n\nNotes on floor heating, part {i}."
            for i in range(1, 13)}


def collections_screenshot(out: Path, theme: str, language: str) -> None:
    from tests.fake_runtime import FakeRuntime

    window = start_window(theme, language, client=FakeRuntime(), size=(1280, 800))
    home = Path(os.environ["ONDOL_HOME"]).parent / "Documents"
    gate = Gate(at=6)  # Notes takes batches 0-2; Research is held at its fourth file
    entry = use_embedder(window, HashingEmbedder(before_batch=gate))
    names = ("메모", "연구 자료") if language == "ko" else ("Notes", "Research")
    entry.add_folder(names[0], str(write_folder(home / names[0])))
    entry.add_folder(names[1], str(write_folder(home / names[1], RESEARCH)))
    wait(gate.reached.is_set)
    wait(lambda: entry.indexer.running is not None and entry.indexer.running[1] > 0)
    dialog = entry.open()
    dialog.resize(980, 600)
    dialog.table.selectRow(0 if dialog.rows[0].info.name == names[0] else 1)
    dialog.table.setFocus()
    pump(0.4)
    out.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out / f"ondol-collections-{theme}-{language}.png"))
    for i in range(dialog.table.rowCount()):
        print(f"{dialog.table.item(i, 0).text()}: {dialog.table.item(i, 6).text()}", flush=True)
    gate.opened.set()
    wait(lambda: not entry.indexer.busy and not entry.indexer.queued)
    dialog.reject()
    window.close()
    pump(0.3)
    print("ok", flush=True)


if __name__ == "__main__":
    collections_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
