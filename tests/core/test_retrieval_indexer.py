"""Indexing files: progress, cancel between batches, per-file errors recorded while the rest
goes on, a failing model, and batches that keep memory bounded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.core.errors import RetrievalError, RuntimeCrashedError
from app.core.retrieval.indexer import BATCH, index_files
from app.core.retrieval.search import search_text
from app.core.retrieval.store import IndexStore
from tests.retrieval_embedders import HashingEmbedder, crash_at


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    with IndexStore(tmp_path / "index.sqlite3") as opened:
        opened.create_collection("c", kind="attachments")
        yield opened  # type: ignore[misc]


def long_text(topic: str, paragraphs: int) -> str:
    return "\n\n".join(f"Paragraph {i} about {topic}. " + f"More words on {topic} here. " * 30
                       for i in range(paragraphs))


def indexing_rows(store: IndexStore) -> int:
    with store.db.reading() as conn:
        return conn.execute("SELECT count(*) FROM documents WHERE status = 'indexing'"
                            ).fetchone()[0]


def test_files_are_indexed_with_progress_and_found(store: IndexStore, tmp_path: Path) -> None:
    (tmp_path / "cats.txt").write_text("Cats purr and sleep in the sun.", encoding="utf-8")
    (tmp_path / "bread.md").write_text("# Baking\n\nKnead the bread dough with flour.",
                                       encoding="utf-8")
    (tmp_path / "long.txt").write_text(long_text("volcanoes", 40), encoding="utf-8")
    calls: list[tuple[int, int, int]] = []
    embedder = HashingEmbedder()
    report = index_files(store, "c", [tmp_path / "cats.txt", tmp_path / "bread.md",
                                      tmp_path / "long.txt"], embedder,
                         progress=lambda *a: calls.append(a))
    assert len(report.indexed) == 3 and not report.failed
    assert calls[-1] == (3, 3, report.chunks) and report.chunks > BATCH
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert [c[2] for c in calls] == sorted(c[2] for c in calls)
    assert store.collection("c").chunks == report.chunks
    hit = search_text(store, ["c"], embedder, "knead bread flour", k=1)[0]
    assert hit.path.name == "bread.md" and hit.heading == "Baking"


def test_chunks_are_embedded_in_bounded_batches(store: IndexStore, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(long_text("rivers", 200), encoding="utf-8")
    sizes: list[int] = []
    embedder = HashingEmbedder()
    original = embedder.embed_documents
    embedder.embed_documents = lambda texts: (sizes.append(len(texts)),  # type: ignore[method-assign]
                                              original(texts))[1]
    report = index_files(store, "c", [big], embedder)
    assert len(sizes) > 2 and max(sizes) <= BATCH and sum(sizes) == report.chunks


def test_cancel_keeps_finished_files_and_drops_the_one_under_way(
        store: IndexStore, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("A short first file about owls.", encoding="utf-8")
    second.write_text(long_text("glaciers", 120), encoding="utf-8")
    cancel = threading.Event()
    embedder = HashingEmbedder(before_batch=lambda n: cancel.set() if n == 2 else None)
    with pytest.raises(RetrievalError) as caught:
        index_files(store, "c", [first, second, tmp_path / "third.txt"], embedder,
                    cancel=cancel)
    assert caught.value.facts["reason"] == "cancelled"
    assert caught.value.facts["done_files"] == 1
    info = store.collection("c")
    assert [d.path for d in store.documents(info.id)] == [first]
    assert info.chunks == 1 and indexing_rows(store) == 0


def test_a_cancel_set_before_the_start_indexes_nothing(store: IndexStore,
                                                      tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("words", encoding="utf-8")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(RetrievalError) as caught:
        index_files(store, "c", [tmp_path / "a.txt"], HashingEmbedder(), cancel=cancel)
    assert caught.value.facts["reason"] == "cancelled"
    assert store.documents(store.collection("c").id) == []


def test_unreadable_files_are_recorded_and_the_rest_is_indexed(store: IndexStore,
                                                             tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Readable words about tea.", encoding="utf-8")
    binary = tmp_path / "blob.dat"
    binary.write_bytes(bytes(range(256)) * 64)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    folder = tmp_path / "a-folder.txt"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    report = index_files(store, "c", [binary, good, empty, folder, missing], HashingEmbedder())
    assert report.indexed == [good]
    assert report.failed == {binary: "binary", empty: "empty", folder: "unreadable",
                             missing: "not_found"}
    docs = {d.path: d for d in store.documents(store.collection("c").id)}
    assert {p: (d.status, d.error_reason) for p, d in docs.items()} == {
        good: ("ok", None), binary: ("error", "binary"), empty: ("error", "empty"),
        folder: ("error", "unreadable"), missing: ("error", "not_found")}
    assert store.collection("c").status == "errors"


def test_a_failing_model_stops_the_run_and_leaves_no_half_file(store: IndexStore,
                                                               tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Owls hunt at night.", encoding="utf-8")
    second.write_text(long_text("deserts", 120), encoding="utf-8")
    with pytest.raises(RuntimeCrashedError):
        index_files(store, "c", [first, second], HashingEmbedder(before_batch=crash_at(3)))
    assert [d.path for d in store.documents(store.collection("c").id)] == [first]
    assert indexing_rows(store) == 0 and store.collection("c").chunks == 1


def test_another_model_is_refused_before_anything_is_read(store: IndexStore,
                                                          tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("words", encoding="utf-8")
    index_files(store, "c", [text], HashingEmbedder())
    other = HashingEmbedder(dimensions=32, model_id="hashing-32")
    with pytest.raises(RetrievalError) as caught:
        index_files(store, "c", [text], other)
    assert caught.value.facts["reason"] == "embedding_changed"
    assert other.batches == 0 and store.collection("c").chunks == 1


def test_a_collection_deleted_while_indexing_stops_the_run(store: IndexStore,
                                                            tmp_path: Path) -> None:
    text = tmp_path / "long.txt"
    text.write_text(long_text("comets", 60), encoding="utf-8")
    embedder = HashingEmbedder(before_batch=lambda n: store.delete_collection("c")
                               if n == 1 else None)
    with pytest.raises(RetrievalError) as caught:
        index_files(store, "c", [text], embedder)
    assert caught.value.facts["reason"] == "no_collection"
    with store.db.reading() as conn:
        assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    assert store.list_collections() == []
