"""The embedder retrieval uses, on a real sentence encoder (all-MiniLM-L6-v2 int8 ONNX) in the
real runtime host: vectors through the pipe, batching, truncation, and its model id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.core.errors import ContextOverflowError, InvalidParameterError, RetrievalError
from app.core.retrieval.model_prompts import PLAIN
from app.core.retrieval.runtime_embedder import RuntimeEmbedder, load_for_embedding
from app.core.runtime.client import RuntimeClient

SENTENCES = ["The cat sits on the mat.", "A kitten is resting on a rug.",
             "Interest rates rose again this quarter.", "The central bank lifted its rates.",
             "Water the fern when the soil is dry."]


@pytest.fixture(scope="module")
def minilm(minilm_onnx_path: Path) -> Iterator[tuple[RuntimeClient, RuntimeEmbedder]]:
    with RuntimeClient() as client:
        yield client, load_for_embedding(client, minilm_onnx_path, n_threads=2, n_ctx=256)


def test_vectors_are_unit_rows_and_related_texts_are_closer(
        minilm: tuple[RuntimeClient, RuntimeEmbedder]) -> None:
    _, embedder = minilm
    rows = embedder.embed_documents(SENTENCES)
    assert rows.shape == (5, 384) and rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    similar = rows @ rows.T
    assert similar[0, 1] > similar[0, 2] + 0.2
    assert similar[2, 3] > similar[2, 4] + 0.2
    query = embedder.embed_query("Where does the cat sleep?")
    assert query.shape == (384,) and int(np.argmax(rows @ query)) == 0


def test_batches_give_the_same_vectors_as_one_call(
        minilm: tuple[RuntimeClient, RuntimeEmbedder]) -> None:
    client, embedder = minilm
    small = RuntimeEmbedder(client, batch_size=2)
    np.testing.assert_allclose(small.embed_documents(SENTENCES),
                               embedder.embed_documents(SENTENCES), atol=1e-5)
    assert embedder.embed_documents([]).shape == (0, 384)


def test_model_id_and_prompts(minilm: tuple[RuntimeClient, RuntimeEmbedder],
                              minilm_onnx_path: Path) -> None:
    _, embedder = minilm
    size = minilm_onnx_path.stat().st_size
    assert embedder.model_id == f"all-minilm-l6-v2-int8/model.onnx:{size}:384"
    assert embedder.dimensions == 384 and embedder.prompts == PLAIN


def test_a_long_passage_is_cut_to_the_window_not_refused(
        minilm: tuple[RuntimeClient, RuntimeEmbedder]) -> None:
    client, embedder = minilm
    long_text = "word " * 2000
    with pytest.raises(ContextOverflowError):
        client.embeddings([long_text])
    row = embedder.embed_documents([long_text])
    np.testing.assert_allclose(np.linalg.norm(row), 1.0, atol=1e-5)


def test_runtime_errors_come_through_typed(minilm: tuple[RuntimeClient, RuntimeEmbedder]
                                           ) -> None:
    client, _ = minilm
    with pytest.raises(InvalidParameterError, match="empty"):
        client.embeddings(["fine", []])
    with pytest.raises(InvalidParameterError) as caught:
        client.embeddings(["x"], dimensions=1000)
    assert caught.value.facts["parameter"] == "dimensions"


def test_no_embedding_model_loaded_is_a_retrieval_error() -> None:
    with pytest.raises(RetrievalError) as caught:
        RuntimeEmbedder(RuntimeClient())
    assert caught.value.facts["reason"] == "no_embedding_model"
