"""Search over stored vectors: exact cosine order, several collections, the cache following
every change, and vectors of another model refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.errors import RetrievalError
from app.core.retrieval.search import search, search_text
from app.core.retrieval.store import ChunkRow, IndexStore
from tests.retrieval_embedders import HashingEmbedder


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    with IndexStore(tmp_path / "index.sqlite3") as opened:
        yield opened  # type: ignore[misc]


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def add(store: IndexStore, collection: str, path: str, vectors: list[np.ndarray],
        model_id: str = "m") -> None:
    try:
        info = store.collection(collection)
    except RetrievalError:
        info = store.create_collection(collection, kind="attachments")
    store.set_model(info.id, model_id, len(vectors[0]))
    doc = store.begin_document(info.id, Path(path), 1, 1)
    store.add_chunks(doc, [ChunkRow(ordinal=i, text=f"{path}#{i}", page=i, heading=f"h{i}",
                                    offset=100 * i, vector=v) for i, v in enumerate(vectors)])
    store.finish_document(doc)


def test_hits_come_in_exact_cosine_order_with_their_place(store: IndexStore) -> None:
    add(store, "c", "/d/a.txt", [unit(1, 0, 0), unit(1, 1, 0), unit(0, 1, 0), unit(-1, 0, 0)])
    hits = search(store, ["c"], np.array([2.0, 0.5, 0.0]), k=3)
    assert [h.text for h in hits] == ["/d/a.txt#0", "/d/a.txt#1", "/d/a.txt#2"]
    query = unit(2.0, 0.5, 0.0)
    expected = [float(unit(1, 0, 0) @ query), float(unit(1, 1, 0) @ query),
                float(unit(0, 1, 0) @ query)]
    assert [h.score for h in hits] == pytest.approx(expected, abs=1e-6)
    best = hits[0]
    assert (best.path, best.page, best.heading, best.offset, best.collection, best.ordinal) == (
        Path("/d/a.txt"), 0, "h0", 0, "c", 0)
    assert len(search(store, ["c"], unit(1, 0, 0), k=10)) == 4


def test_several_collections_are_ranked_together(store: IndexStore) -> None:
    add(store, "one", "/a", [unit(1, 0), unit(0, 1)])
    add(store, "two", "/b", [unit(1, 0.1), unit(-1, 0)])
    store.create_collection("empty", kind="attachments")
    hits = search(store, ["one", "two", "empty"], unit(1, 0), k=3)
    assert [(h.collection, h.text) for h in hits] == [("one", "/a#0"), ("two", "/b#0"),
                                                     ("one", "/a#1")]


def test_the_cached_matrix_follows_every_change(store: IndexStore) -> None:
    add(store, "c", "/a", [unit(0, 1)])
    assert [h.text for h in search(store, ["c"], unit(1, 0), k=1)] == ["/a#0"]
    add(store, "c", "/b", [unit(1, 0)])
    assert [h.text for h in search(store, ["c"], unit(1, 0), k=1)] == ["/b#0"]
    info = store.collection("c")
    store.remove_documents(info.id, [Path("/b")])
    assert [h.text for h in search(store, ["c"], unit(1, 0), k=5)] == ["/a#0"]
    store.delete_collection("c")
    with pytest.raises(RetrievalError) as caught:
        search(store, ["c"], unit(1, 0))
    assert caught.value.facts["reason"] == "no_collection"


def test_a_second_store_on_the_same_file_sees_the_changes(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with IndexStore(path) as writer, IndexStore(path) as reader:
        add(writer, "c", "/a", [unit(0, 1)])
        assert len(search(reader, ["c"], unit(1, 0))) == 1
        add(writer, "c", "/b", [unit(1, 0)])
        assert [h.text for h in search(reader, ["c"], unit(1, 0))] == ["/b#0", "/a#0"]


def test_vectors_of_another_model_are_refused(store: IndexStore) -> None:
    add(store, "c", "/a", [unit(1, 0, 0)], model_id="model-a")
    for query, model in ((unit(1, 0), None), (unit(1, 0, 0), "model-b")):
        with pytest.raises(RetrievalError) as caught:
            search(store, ["c"], query, model_id=model)
        assert caught.value.facts["reason"] == "embedding_changed"
        assert caught.value.facts["model_id"] == "model-a"
    assert len(search(store, ["c"], unit(1, 0, 0), model_id="model-a")) == 1


def test_a_stored_vector_of_the_wrong_size_is_a_broken_index(store: IndexStore) -> None:
    add(store, "c", "/a", [unit(1, 0, 0), unit(0, 1, 0)])
    with store.db.reading() as conn:
        conn.execute("UPDATE chunks SET vector = x'0000803f' WHERE ordinal = 1")
        conn.execute("UPDATE collections SET generation = generation + 1")
    with pytest.raises(RetrievalError) as caught:
        search(store, ["c"], unit(1, 0, 0))
    assert caught.value.facts["reason"] == "index_broken"


def test_search_text_embeds_the_question_with_the_collections_model(store: IndexStore) -> None:
    embedder = HashingEmbedder()
    info = store.create_collection("c", kind="attachments")
    store.set_model(info.id, embedder.model_id, embedder.dimensions)
    doc = store.begin_document(info.id, Path("/notes.txt"), 1, 1)
    texts = ["the cat sat on the mat", "stock prices fell sharply", "a recipe for bread"]
    store.add_chunks(doc, [ChunkRow(i, t, None, None, 0, v) for i, (t, v) in
                           enumerate(zip(texts, embedder.embed_documents(texts), strict=True))])
    store.finish_document(doc)
    assert search_text(store, ["c"], embedder, "bread recipe", k=1)[0].text == texts[2]
    with pytest.raises(RetrievalError):
        search_text(store, ["c"], HashingEmbedder(model_id="other"), "bread", k=1)
