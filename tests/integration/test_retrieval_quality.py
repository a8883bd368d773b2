"""Retrieval quality on a small shipped corpus (six English and six Korean documents, 24
questions, some asked in the other language): each document chunked by the real chunker,
chunks and questions embedded by a real model in the real runtime host, documents ranked by
their best chunk's cosine similarity. Prints the hit rates and timings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from app.core.documents.chunks import chunk_passages
from app.core.documents.passages import read_passages
from app.core.retrieval.runtime_embedder import RuntimeEmbedder, load_for_embedding
from app.core.runtime.client import RuntimeClient

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "retrieval"


@dataclass(frozen=True)
class Question:
    text: str
    language: str
    document: str


def load_questions() -> list[Question]:
    raw = json.loads((CORPUS / "questions.json").read_text(encoding="utf-8"))["questions"]
    return [Question(q["question"], q["language"], q["document"]) for q in raw]


def chunked_corpus() -> tuple[list[str], list[str]]:
    """(document name of each chunk, chunk text), every document of the corpus."""
    names: list[str] = []
    texts: list[str] = []
    for path in sorted((CORPUS / "documents").iterdir()):
        for chunk in chunk_passages(read_passages(path)):
            names.append(path.name)
            texts.append(chunk.text)
    return names, texts


@dataclass(frozen=True)
class HitRates:
    top1: float
    top3: float
    misses: list[tuple[str, list[str]]]


def hit_rates(embedder: RuntimeEmbedder, questions: list[Question], label: str) -> HitRates:
    """Rank the corpus's documents for every question; print and return the hit rates."""
    names, texts = chunked_corpus()
    started = time.perf_counter()
    chunks = embedder.embed_documents(texts)
    chunk_seconds = time.perf_counter() - started
    started = time.perf_counter()
    queries = np.stack([embedder.embed_query(q.text) for q in questions])
    query_seconds = time.perf_counter() - started
    documents = sorted(set(names))
    owner = np.array([documents.index(n) for n in names])
    scores = queries @ chunks.T
    top1 = top3 = 0
    misses = []
    for question, row in zip(questions, scores, strict=True):
        best = np.array([row[owner == d].max() for d in range(len(documents))])
        ranked = [documents[d] for d in np.argsort(-best)[:3]]
        top1 += ranked[0] == question.document
        top3 += question.document in ranked
        if question.document not in ranked:
            misses.append((question.text, ranked))
    n = len(questions)
    print(f"\n{label}: {len(texts)} chunks in {chunk_seconds:.1f} s, {n} questions in "
          f"{query_seconds:.1f} s; top-1 {top1}/{n} = {top1 / n:.0%}, "
          f"top-3 {top3}/{n} = {top3 / n:.0%}; misses: {misses}")
    return HitRates(top1 / n, top3 / n, misses)


@pytest.fixture(scope="module")
def egemma(egemma_path: Path) -> Iterator[RuntimeEmbedder]:
    with RuntimeClient() as client:
        yield load_for_embedding(client, egemma_path, n_threads=2, n_ctx=1024)


@pytest.fixture(scope="module")
def minilm(minilm_onnx_path: Path) -> Iterator[RuntimeEmbedder]:
    with RuntimeClient() as client:
        yield load_for_embedding(client, minilm_onnx_path, n_threads=2, n_ctx=512)


def test_the_corpus_is_what_the_questions_expect() -> None:
    questions = load_questions()
    names, _ = chunked_corpus()
    assert len(set(names)) == 12 and len(questions) >= 20
    assert {q.document for q in questions} <= set(names)
    assert sum(q.language == "ko" for q in questions) == len(questions) // 2
    assert any(q.language != q.document[:2] for q in questions)  # asked across languages


def test_embeddinggemma_finds_the_right_document(egemma: RuntimeEmbedder) -> None:
    rates = hit_rates(egemma, load_questions(), "EmbeddingGemma-300M q8_0")
    assert rates.top3 >= 0.9, rates.misses


def test_minilm_finds_english_answers(minilm: RuntimeEmbedder) -> None:
    english = [q for q in load_questions()
               if q.language == "en" and q.document.startswith("en_")]
    rates = hit_rates(minilm, english, "all-MiniLM-L6-v2 int8 (English only)")
    # MiniLM is an English model and far smaller: a lower bar than EmbeddingGemma's
    assert rates.top3 >= 0.75, rates.misses
