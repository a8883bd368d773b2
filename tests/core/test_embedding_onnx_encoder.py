"""ONNX sentence encoders in embedding mode: mean pooling over the attention mask, padded
batches, the window, and the graphs and folders that are refused (tiny graphs whose output
is known by hand: token i's vector is row i of a table)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer, models, pre_tokenizers

from app.core.backends.onnx.ort_embed import SentenceEncoder, embed_with, find_encoder_files
from app.core.backends.onnx.ort_loop import OrtLoopBackend
from app.core.errors import (
    ContextOverflowError,
    GenerationCancelledError,
    InvalidParameterError,
    ModelNotFoundError,
    NoModelLoadedError,
    UnsupportedArchitectureError,
)
from app.core.types.params import LoadParams

GRAPHS = Path(__file__).resolve().parent.parent / "fixtures" / "retrieval" / "graphs"
WORDS = ["[UNK]", "a", "b", "c", "d", "e", "f", "g"]
TABLE = np.arange(8 * 4, dtype=np.float64).reshape(8, 4) / 10.0  # as make_graphs.py writes


def encoder_folder(tmp_path: Path, graph: str) -> Path:
    """``graph`` copied as model.onnx beside a word-level tokenizer.json (a..g are ids 1..7)."""
    folder = tmp_path / graph
    folder.mkdir()
    shutil.copy(GRAPHS / f"{graph}.onnx", folder / "model.onnx")
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def rows(embeddings: object) -> np.ndarray:
    data = embeddings.data  # type: ignore[attr-defined]
    count, dims = embeddings.count, embeddings.dimensions  # type: ignore[attr-defined]
    return np.frombuffer(data, dtype="<f4").reshape(count, dims)


def test_mean_pooling_ignores_padding_and_keeps_order(tmp_path: Path) -> None:
    encoder = SentenceEncoder(encoder_folder(tmp_path, "token_rows"), n_threads=1, n_ctx=64)
    texts = ["a b c d e f g", "b", "c d"]  # one batch, padded to seven tokens
    out = rows(encoder.embed(texts, None, lambda: False, truncate=False))
    expected = [unit(TABLE[1:8].mean(0)), unit(TABLE[2]), unit(TABLE[[3, 4]].mean(0))]
    np.testing.assert_allclose(out, np.array(expected), atol=1e-6)
    alone = rows(encoder.embed(["c d"], None, lambda: False, truncate=False))
    np.testing.assert_allclose(alone[0], out[2], atol=1e-6)


def test_many_inputs_go_in_several_batches_in_order(tmp_path: Path) -> None:
    encoder = SentenceEncoder(encoder_folder(tmp_path, "token_rows"), n_threads=1, n_ctx=64)
    texts = [" ".join(WORDS[1:1 + i % 7 + 1]) for i in range(40)]
    out = rows(encoder.embed(texts, None, lambda: False, truncate=False))
    for text, row in zip(texts, out, strict=True):
        ids = [WORDS.index(w) for w in text.split()]
        np.testing.assert_allclose(row, unit(TABLE[ids].mean(0)), atol=1e-6)


def test_the_window_refuses_or_truncates(tmp_path: Path) -> None:
    encoder = SentenceEncoder(encoder_folder(tmp_path, "token_rows"), n_threads=1, n_ctx=3)
    with pytest.raises(ContextOverflowError) as caught:
        encoder.embed(["a b", "a b c d"], None, lambda: False, truncate=False)
    assert caught.value.facts["index"] == 1
    cut = rows(encoder.embed(["a b c d"], None, lambda: False, truncate=True))
    np.testing.assert_allclose(cut[0], unit(TABLE[[1, 2, 3]].mean(0)), atol=1e-6)


def test_empty_input_bad_ids_and_cancel_are_typed(tmp_path: Path) -> None:
    encoder = SentenceEncoder(encoder_folder(tmp_path, "token_rows"), n_threads=1, n_ctx=8)
    with pytest.raises(InvalidParameterError, match="empty"):
        encoder.embed([""], None, lambda: False, truncate=False)
    with pytest.raises(InvalidParameterError) as caught:
        encoder.embed([[1, 99]], None, lambda: False, truncate=False)
    assert caught.value.facts["value"] == 99
    with pytest.raises(GenerationCancelledError):
        encoder.embed(["a"], None, lambda: True, truncate=False)


def test_graph_file_path_and_onnx_subfolder_find_the_tokenizer(tmp_path: Path) -> None:
    folder = encoder_folder(tmp_path, "token_rows")
    assert find_encoder_files(folder / "model.onnx").tokenizer == folder / "tokenizer.json"
    (folder / "onnx").mkdir()
    (folder / "model.onnx").rename(folder / "onnx" / "model.onnx")
    files = find_encoder_files(folder)
    assert (files.graph, files.tokenizer) == (folder / "onnx" / "model.onnx",
                                              folder / "tokenizer.json")


def test_missing_files_are_named(tmp_path: Path) -> None:
    folder = encoder_folder(tmp_path, "token_rows")
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelNotFoundError) as caught:
        SentenceEncoder(folder, n_threads=1, n_ctx=8)
    assert caught.value.facts["missing"] == "tokenizer"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelNotFoundError) as nothing:
        SentenceEncoder(empty, n_threads=1, n_ctx=8)
    assert nothing.value.facts["missing"] == "graph"


@pytest.mark.parametrize(("graph", "reason"), [("extra_input", "unknown_inputs"),
                                               ("rank_four", "not_an_encoder")])
def test_graphs_that_are_not_sentence_encoders_are_refused(tmp_path: Path, graph: str,
                                                           reason: str) -> None:
    with pytest.raises(UnsupportedArchitectureError) as caught:
        SentenceEncoder(encoder_folder(tmp_path, graph), n_threads=1, n_ctx=8)
    assert caught.value.facts["reason"] == reason


def test_the_backend_loads_an_encoder_in_embedding_mode_only(tmp_path: Path) -> None:
    backend = OrtLoopBackend()
    assert backend.capabilities().embeddings
    with pytest.raises(NoModelLoadedError):
        backend.embed(["a"])
    graph = encoder_folder(tmp_path, "token_rows") / "model.onnx"
    model = backend.load(str(graph), LoadParams(n_ctx=16, n_threads=1, embedding=True),
                         lambda fraction: True)
    assert (model.n_ctx, model.params["dimensions"], model.params["embedding"]) == (16, 4, True)
    out = rows(backend.embed(["a b"], dimensions=2))
    np.testing.assert_allclose(out[0], unit(TABLE[[1, 2]].mean(0)[:2]), atol=1e-6)
    backend.unload()
    with pytest.raises(NoModelLoadedError):
        backend.embed(["a"])


def test_a_chat_model_is_not_an_embedding_model() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        embed_with(None, True, ["a"], None, lambda: False, False)
    assert caught.value.facts["reason"] == "not_loaded_for_embedding"
