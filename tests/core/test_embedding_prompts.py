"""Which question and passage prefixes an embedding model gets, from its header or name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import NotAModelFileError
from app.core.retrieval.model_prompts import (
    EMBEDDING_GEMMA,
    NOMIC_EMBED,
    PLAIN,
    QWEN3_EMBEDDING,
    prompts_for,
    prompts_for_model,
)


@pytest.mark.parametrize(("architecture", "name", "file_name", "expected"), [
    ("gemma-embedding", "Embeddinggemma 300m", "", EMBEDDING_GEMMA),
    ("qwen3", "Qwen3-Embedding-0.6B", "Qwen3-Embedding-0.6B-Q8_0.gguf", QWEN3_EMBEDDING),
    ("qwen3", None, "qwen3-embedding-0.6b-q8_0.gguf", QWEN3_EMBEDDING),
    ("nomic-bert", "nomic-embed-text-v1.5", "", NOMIC_EMBED),
    ("bert", "bge-m3", "bge-m3-q8_0.gguf", PLAIN),
    ("bert", "all-MiniLM-L6-v2", "", PLAIN),
    ("qwen3", "Qwen3-0.6B", "", PLAIN),  # the chat model of the same architecture
    (None, None, "", PLAIN),
])
def test_families(architecture: str | None, name: str | None, file_name: str,
                  expected: object) -> None:
    assert prompts_for(architecture, name, file_name) == expected


def test_prefixes_go_before_the_text() -> None:
    assert EMBEDDING_GEMMA.for_query("q") == "task: search result | query: q"
    assert EMBEDDING_GEMMA.for_document("d") == "title: none | text: d"
    assert QWEN3_EMBEDDING.for_document("d") == "d"
    assert QWEN3_EMBEDDING.for_query("q").endswith("\nQuery: q")
    assert (NOMIC_EMBED.for_query("q"), NOMIC_EMBED.for_document("d")) == (
        "search_query: q", "search_document: d")
    assert PLAIN.for_query("q") == "q"


def test_a_gguf_is_known_by_its_header(egemma_path: Path) -> None:
    assert prompts_for_model(egemma_path) == EMBEDDING_GEMMA


def test_an_onnx_model_is_known_by_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "nomic-embed-text-v1.5"
    folder.mkdir()
    assert prompts_for_model(folder / "model.onnx") == NOMIC_EMBED
    assert prompts_for_model(tmp_path / "all-minilm" / "model.onnx") == PLAIN


def test_a_file_that_is_not_gguf_is_a_typed_error(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(NotAModelFileError):
        prompts_for_model(fake)
