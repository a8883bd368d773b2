"""Folder collections: what the walk takes and skips, sync after changes, a folder removed
meanwhile, and rebuilding for another embedding model while the old index stays usable."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from app.core.errors import RetrievalError
from app.core.retrieval.folders import collection_needs_rebuild, rebuild, sync_folder
from app.core.retrieval.search import search_text
from app.core.retrieval.store import IndexStore
from tests.retrieval_embedders import HashingEmbedder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "cats.txt").write_text("Cats purr and sleep in the sun.", encoding="utf-8")
    (root / "sub" / "bread.md").write_text("# Baking\n\nKnead the bread dough.",
                                           encoding="utf-8")
    (root / ".secret.txt").write_text("hidden words", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("hidden folder", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)  # not read, not said
    (root / "blob.dat").write_bytes(bytes(range(256)) * 16)  # binary: recorded
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.txt").write_text("outside words", encoding="utf-8")
    (root / "link.txt").symlink_to(outside / "elsewhere.txt")
    (root / "linked-folder").symlink_to(outside, target_is_directory=True)
    (root / "inner-link.txt").symlink_to(root / "cats.txt")
    return root.resolve()


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    with IndexStore(tmp_path / "index.sqlite3") as opened:
        yield opened  # type: ignore[misc]


def state(store: IndexStore, name: str = "notes") -> dict[str, tuple[str, str | None]]:
    root = store.collection(name).folder
    assert root is not None
    return {d.path.relative_to(root).as_posix(): (d.status, d.error_reason)
            for d in store.documents(store.collection(name).id)}


def test_the_walk_takes_documents_and_skips_the_rest(store: IndexStore, folder: Path) -> None:
    store.create_collection("notes", folder)
    report = sync_folder(store, "notes", HashingEmbedder())
    assert state(store) == {"cats.txt": ("ok", None), "sub/bread.md": ("ok", None),
                            "inner-link.txt": ("ok", None), "blob.dat": ("error", "binary")}
    assert len(report.indexed) == 3 and report.failed == {folder / "blob.dat": "binary"}


def test_sync_follows_changes_and_reads_only_what_changed(store: IndexStore,
                                                          folder: Path) -> None:
    store.create_collection("notes", folder)
    sync_folder(store, "notes", HashingEmbedder())
    (folder / "cats.txt").write_text("Cats chase mice at dawn, tails high.", encoding="utf-8")
    stat = (folder / "cats.txt").stat()
    os.utime(folder / "cats.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    (folder / "sub" / "bread.md").unlink()
    (folder / "new.txt").write_text("Tea leaves steep in hot water.", encoding="utf-8")
    embedder = HashingEmbedder()
    report = sync_folder(store, "notes", embedder)
    # The link inside the folder shows its target's new size and time: read again too.
    assert sorted(p.name for p in report.indexed) == ["cats.txt", "inner-link.txt", "new.txt"]
    assert report.removed == [folder / "sub" / "bread.md"]
    assert "sub/bread.md" not in state(store) and "new.txt" in state(store)
    assert search_text(store, ["notes"], embedder, "mice dawn", k=1)[0].path.name == "cats.txt"
    again = HashingEmbedder()
    nothing = sync_folder(store, "notes", again)
    assert (nothing.indexed, nothing.removed, again.batches) == ([], [], 0)


def test_a_folder_removed_meanwhile_keeps_the_index(store: IndexStore, folder: Path) -> None:
    store.create_collection("notes", folder)
    sync_folder(store, "notes", HashingEmbedder())
    before = state(store)
    shutil.rmtree(folder)
    with pytest.raises(RetrievalError) as caught:
        sync_folder(store, "notes", HashingEmbedder())
    assert caught.value.facts["reason"] == "folder_gone"
    assert caught.value.facts["path"] == str(folder)
    assert state(store) == before


def test_an_attachments_collection_has_no_folder_to_sync(store: IndexStore) -> None:
    store.create_collection("chat:1", kind="attachments")
    with pytest.raises(RetrievalError) as caught:
        sync_folder(store, "chat:1", HashingEmbedder())
    assert caught.value.facts["reason"] == "not_a_folder"


def test_a_new_model_needs_a_rebuild_and_the_old_index_serves_until_it_is_done(
        store: IndexStore, folder: Path) -> None:
    old, new = HashingEmbedder(), HashingEmbedder(dimensions=96, model_id="hashing-96")
    store.create_collection("notes", folder)
    sync_folder(store, "notes", old)
    assert not collection_needs_rebuild(store, "notes", old)
    assert collection_needs_rebuild(store, "notes", new)
    for call in (lambda: search_text(store, ["notes"], new, "bread"),
                 lambda: sync_folder(store, "notes", new)):
        with pytest.raises(RetrievalError) as caught:
            call()
        assert caught.value.facts["reason"] == "embedding_changed"

    cancel = threading.Event()
    new.before_batch = lambda n: cancel.set() if n == 1 else None
    with pytest.raises(RetrievalError) as caught:
        rebuild(store, "notes", new, cancel=cancel)
    assert caught.value.facts["reason"] == "cancelled"
    assert [c.name for c in store.list_collections()] == ["notes"]
    assert search_text(store, ["notes"], old, "knead bread", k=1)[0].path.name == "bread.md"

    new.before_batch = None
    report = rebuild(store, "notes", new)
    assert len(report.indexed) == 3
    assert (store.collection("notes").model_id, store.collection("notes").dimensions) == (
        "hashing-96", 96)
    assert not collection_needs_rebuild(store, "notes", new)
    assert state(store)["blob.dat"] == ("error", "binary")
    assert search_text(store, ["notes"], new, "knead bread", k=1)[0].path.name == "bread.md"
    with pytest.raises(RetrievalError) as caught:
        search_text(store, ["notes"], old, "bread")
    assert caught.value.facts["reason"] == "embedding_changed"
    assert [c.name for c in store.list_collections()] == ["notes"]


def test_an_attachments_collection_is_rebuilt_from_its_files(store: IndexStore,
                                                             tmp_path: Path) -> None:
    from app.core.retrieval.indexer import index_files

    note = tmp_path / "note.txt"
    note.write_text("Lanterns glow along the harbour.", encoding="utf-8")
    store.create_collection("chat:2", kind="attachments")
    index_files(store, "chat:2", [note], HashingEmbedder())
    new = HashingEmbedder(dimensions=48, model_id="hashing-48")
    rebuild(store, "chat:2", new)
    assert search_text(store, ["chat:2"], new, "harbour lanterns")[0].path == note


def test_pdf_and_word_files_are_indexed_with_their_pages_and_failures(
        store: IndexStore, tmp_path: Path) -> None:
    from tests import document_files

    root = tmp_path / "papers"
    root.mkdir()
    pdf = document_files.write_text_pdf(root, pages=["Owls hunt mice at night.\n" * 120,
                                                     "Tides follow the moon.\n" * 120])
    document_files.write_docx(root)
    document_files.write_drawing_pdf(root)
    document_files.write_broken_pdf(root)
    store.create_collection("papers", root)
    embedder = HashingEmbedder()
    sync_folder(store, "papers", embedder)
    assert state(store, "papers") == {
        "text.pdf": ("ok", None), "report.docx": ("ok", None),
        "scan.pdf": ("error", "no_text_layer"), "broken.pdf": ("error", "broken")}
    hit = search_text(store, ["papers"], embedder, "tides moon", k=1)[0]
    assert (hit.path, hit.page) == (pdf.resolve(), 2)
