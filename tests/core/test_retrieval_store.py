"""The index file: collections and documents survive a reopen, names are checked, and a file
that is not a usable index is refused and left byte for byte as it was."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from app.core.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    RetrievalError,
    StorageFullError,
)
from app.core.retrieval.schema import APPLICATION_ID, SCHEMA_VERSION
from app.core.retrieval.store import ChunkRow, IndexStore


def raw_db(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection, closed at the end of the block (autocommit)."""
    return closing(sqlite3.connect(path, isolation_level=None))


def rows(n: int, dims: int = 4) -> list[ChunkRow]:
    return [ChunkRow(ordinal=i, text=f"chunk {i}", page=i + 1, heading="Intro", offset=10 * i,
                     vector=np.eye(dims, dtype=np.float32)[i % dims]) for i in range(n)]


def index_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "index.sqlite3"


def test_collections_and_documents_survive_a_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    with IndexStore(index_path(tmp_path)) as store:
        notes = store.create_collection("  Notes ", folder)
        store.create_collection("chat:7", kind="attachments")
        store.set_model(notes.id, "hashing", 4)
        doc = store.begin_document(notes.id, folder / "a.txt", 12, 34)
        store.add_chunks(doc, rows(3))
        store.finish_document(doc)
        store.record_failure(notes.id, folder / "b.bin", 5, 6, "binary")
    with IndexStore(index_path(tmp_path)) as store:
        listed = {c.name: c for c in store.list_collections()}
        assert set(listed) == {"Notes", "chat:7"}
        assert listed["Notes"].folder == folder.resolve() and listed["chat:7"].folder is None
        assert (listed["Notes"].documents, listed["Notes"].failed, listed["Notes"].chunks) == (
            2, 1, 3)
        assert listed["Notes"].status == "errors" and listed["chat:7"].status == "empty"
        assert (listed["Notes"].model_id, listed["Notes"].dimensions) == ("hashing", 4)
        docs = store.documents(notes.id)
        assert [(d.path.name, d.status, d.error_reason, d.chunk_count) for d in docs] == [
            ("a.txt", "ok", None, 3), ("b.bin", "error", "binary", 0)]
        assert (docs[0].size, docs[0].mtime_ns) == (12, 34)
        store.delete_collection("Notes")
        assert [c.name for c in store.list_collections()] == ["chat:7"]
        with raw_db(index_path(tmp_path)) as raw:  # cascades removed every row
            assert raw.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0


def test_reindexing_a_path_replaces_it_only_when_finished(tmp_path: Path) -> None:
    with IndexStore(index_path(tmp_path)) as store:
        info = store.create_collection("c", kind="attachments")
        first = store.begin_document(info.id, Path("/x/a.txt"), 1, 1)
        store.add_chunks(first, rows(2))
        store.finish_document(first)
        second = store.begin_document(info.id, Path("/x/a.txt"), 2, 2)
        store.add_chunks(second, rows(4))
        assert [d.chunk_count for d in store.documents(info.id)] == [2]  # old one still there
        generation = store.collection("c").generation
        store.finish_document(second)
        assert [(d.size, d.chunk_count) for d in store.documents(info.id)] == [(2, 4)]
        assert store.collection("c").generation > generation
        third = store.begin_document(info.id, Path("/x/a.txt"), 3, 3)
        store.add_chunks(third, rows(1))
        store.discard_document(third)
        assert [(d.size, d.chunk_count) for d in store.documents(info.id)] == [(2, 4)]


def test_rows_half_written_by_a_crash_are_dropped_on_open(tmp_path: Path) -> None:
    with IndexStore(index_path(tmp_path)) as store:
        info = store.create_collection("c", kind="attachments")
        store.add_chunks(store.begin_document(info.id, Path("/x/a.txt"), 1, 1), rows(2))
    with IndexStore(index_path(tmp_path)) as store, store.db.reading() as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0


@pytest.mark.parametrize(("name", "reason"), [("", "bad_name"), ("   ", "bad_name"),
                                              ("a\nb", "bad_name"), ("x" * 201, "bad_name")])
def test_bad_names_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    with IndexStore(index_path(tmp_path)) as store, pytest.raises(RetrievalError) as caught:
        store.create_collection(name, kind="attachments")
    assert caught.value.facts["reason"] == reason


def test_names_folders_and_missing_collections_give_their_reasons(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with IndexStore(index_path(tmp_path)) as store:
        store.create_collection("docs", kind="attachments")
        cases = [
            (lambda: store.create_collection("docs", kind="attachments"), "name_taken"),
            (lambda: store.create_collection("f", a_file), "not_a_folder"),
            (lambda: store.create_collection("g", tmp_path / "missing"), "not_a_folder"),
            (lambda: store.create_collection("h", None, kind="folder"), "not_a_folder"),
            (lambda: store.create_collection("i", tmp_path, kind="attachments"),
             "not_a_folder"),
            (lambda: store.collection("nope"), "no_collection"),
            (lambda: store.delete_collection("nope"), "no_collection"),
        ]
        for call, reason in cases:
            with pytest.raises(RetrievalError) as caught:
                call()
            assert caught.value.facts["reason"] == reason
        assert [c.name for c in store.list_collections()] == ["docs"]


def test_another_model_is_refused_once_one_is_set(tmp_path: Path) -> None:
    with IndexStore(index_path(tmp_path)) as store:
        info = store.create_collection("c", kind="attachments")
        store.set_model(info.id, "model-a", 4)
        store.set_model(info.id, "model-a", 4)
        with pytest.raises(RetrievalError) as caught:
            store.set_model(info.id, "model-b", 4)
        assert caught.value.facts["reason"] == "embedding_changed"
        assert store.collection("c").model_id == "model-a"


def test_an_empty_file_becomes_a_current_index(tmp_path: Path) -> None:
    path = index_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"")
    IndexStore(path).close()
    with raw_db(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def refused_untouched(path: Path, error: type[Exception], reason: str) -> None:
    before = path.read_bytes()
    with pytest.raises(error) as caught:
        IndexStore(path)
    assert caught.value.facts["reason"] == reason  # type: ignore[attr-defined]
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_a_newer_index_is_refused_untouched(tmp_path: Path) -> None:
    path = index_path(tmp_path)
    IndexStore(path).close()
    with raw_db(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    refused_untouched(path, DatabaseTooNewError, "index_too_new")


def test_other_sqlite_files_are_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite3"
    with raw_db(foreign) as raw:
        raw.execute("CREATE TABLE t (x)")
    refused_untouched(foreign, CorruptDatabaseError, "index_not_ondol")
    versioned = tmp_path / "chats.sqlite3"  # a versioned file of another kind (no marker)
    with raw_db(versioned) as raw:
        raw.execute("CREATE TABLE chats (x)")
        raw.execute("PRAGMA user_version = 1")
    refused_untouched(versioned, CorruptDatabaseError, "index_not_ondol")


def test_damaged_files_are_refused_untouched(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    refused_untouched(garbage, CorruptDatabaseError, "index_damaged")
    damaged = tmp_path / "damaged.sqlite3"
    IndexStore(damaged).close()
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, past the valid header
    damaged.write_bytes(bytes(data))
    refused_untouched(damaged, CorruptDatabaseError, "index_damaged")


def test_a_full_disk_is_a_typed_error_and_keeps_what_was_saved(tmp_path: Path) -> None:
    with IndexStore(index_path(tmp_path)) as store:
        info = store.create_collection("c", kind="attachments")
        doc = store.begin_document(info.id, Path("/x/a.txt"), 1, 1)
        with store.db.reading() as conn:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the disk fills up
        big = [ChunkRow(ordinal=i, text="x" * 4000, page=None, heading=None, offset=0,
                        vector=np.ones(4, dtype=np.float32)) for i in range(20)]
        with pytest.raises(StorageFullError) as caught:
            store.add_chunks(doc, big)
        assert caught.value.facts["reason"] == "index_db"
        with store.db.reading() as conn:
            assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
        assert store.collection("c").name == "c"
