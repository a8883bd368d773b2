"""Passages packed into chunks: token budget, headings, overlap, pages, offsets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.core.documents.chunks import Chunk, chunk_passages, estimate_tokens
from app.core.documents.passage import Passage
from app.core.documents.passages import read_passages
from tests import document_files


def sentences(prefix: str, count: int) -> str:
    return " ".join(f"{prefix} sentence number {n} is here." for n in range(count))


def test_estimate_tokens() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 10) == 10
    assert estimate_tokens("한국어") == 3
    assert estimate_tokens("ab 한") == 2


def test_small_document_is_one_chunk() -> None:
    chunks = list(chunk_passages([Passage("One."), Passage("Two.", offset=6)]))
    assert chunks == [Chunk("One.\n\nTwo.", None, None, 0, 0)]


def test_budget_is_kept_and_everything_is_covered() -> None:
    passages = [Passage(sentences(f"P{n}", 6), offset=n * 1000) for n in range(30)]
    chunks = list(chunk_passages(passages, max_tokens=120, overlap_tokens=30))
    assert len(chunks) > 5
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert all(estimate_tokens(c.text) <= 120 for c in chunks)
    joined = "\n".join(c.text for c in chunks)
    assert all(p.text in joined for p in passages)


def test_consecutive_chunks_overlap_with_whole_sentences() -> None:
    passages = [Passage(sentences(f"P{n}", 4), offset=n * 1000) for n in range(12)]
    chunks = list(chunk_passages(passages, max_tokens=100, overlap_tokens=40))
    for before, after in itertools.pairwise(chunks):
        first_piece = after.text.split("\n\n")[0]
        assert first_piece in before.text  # the new chunk starts with the old one's tail
        assert first_piece.endswith(".")
        assert estimate_tokens(first_piece) <= 40
        assert after.offset > before.offset


def test_no_overlap_when_asked() -> None:
    passages = [Passage(sentences(f"P{n}", 4), offset=n * 1000) for n in range(12)]
    chunks = list(chunk_passages(passages, max_tokens=100, overlap_tokens=0))
    pieces = [piece for c in chunks for piece in c.text.split("\n\n")]
    assert len(pieces) == len(set(pieces))


def test_heading_starts_a_chunk_and_leads_its_text() -> None:
    passages = [
        Passage("Intro text.", offset=0),
        Passage("# Install", heading="Install", offset=13),
        Passage("Run it.", heading="Install", offset=24),
        Passage(sentences("Long", 30), heading="Install", offset=33),
        Passage("Use it.", heading="Usage", offset=2000),
    ]
    chunks = list(chunk_passages(passages, max_tokens=80, overlap_tokens=20))
    assert chunks[0].text == "Intro text." and chunks[0].heading is None
    assert chunks[1].text.startswith("# Install\n\nRun it.")
    install = [c for c in chunks if c.heading == "Install"]
    assert len(install) > 2
    assert all(c.text.startswith(("# Install", "Install\n\n")) for c in install)
    assert chunks[-1] == Chunk("Usage\n\nUse it.", None, "Usage", len(chunks) - 1, 2000)
    # No overlap crosses a heading: the Usage chunk holds nothing of Install.
    assert "Long" not in chunks[-1].text


def test_section_with_only_a_heading_gives_no_chunk() -> None:
    passages = [Passage("Guide", heading="Guide"), Passage("Setup", heading="Setup", offset=7),
                Passage("Do this.", heading="Setup", offset=14)]
    chunks = list(chunk_passages(passages))
    assert [c.text for c in chunks] == ["Setup\n\nDo this."]
    only = list(chunk_passages([Passage("Title", heading="Title")]))
    assert [c.text for c in only] == ["Title"]


def test_page_is_where_the_chunk_starts() -> None:
    passages = [Passage(sentences(f"Page{n}", 5), page=n, offset=n * 500) for n in range(1, 9)]
    chunks = list(chunk_passages(passages, max_tokens=90, overlap_tokens=30))
    for chunk in chunks:
        first = chunk.text.split("\n\n")[0]
        assert first.startswith(f"Page{chunk.page} ")


def test_long_unbroken_text_is_cut_to_budget() -> None:
    korean = "가" * 1000
    chunks = list(chunk_passages([Passage(korean)], max_tokens=100, overlap_tokens=10))
    assert all(estimate_tokens(c.text) <= 100 for c in chunks)
    assert "".join(c.text for c in chunks).count("가") >= 1000


def test_custom_counter() -> None:
    words = lambda text: len(text.split())  # noqa: E731
    passages = [Passage(" ".join(["w"] * 10), offset=n * 30) for n in range(10)]
    chunks = list(chunk_passages(passages, max_tokens=25, overlap_tokens=0, count=words))
    assert all(words(c.text) <= 25 for c in chunks)
    assert len(chunks) == 5


def test_bad_budgets() -> None:
    with pytest.raises(ValueError):
        list(chunk_passages([Passage("x")], max_tokens=2))
    with pytest.raises(ValueError):
        list(chunk_passages([Passage("x")], overlap_tokens=-1))


def test_chunks_of_a_real_pdf_and_markdown(tmp_path: Path) -> None:
    pdf = document_files.write_text_pdf(tmp_path, 12)
    chunks = list(chunk_passages(read_passages(pdf), max_tokens=40, overlap_tokens=10))
    assert [c.page for c in chunks] == [1, 4, 7, 10]  # three pages fit in 40 tokens
    assert document_files.page_text(12) in chunks[-1].text
    markdown = tmp_path / "a.md"
    markdown.write_text("# 설치\n\n설치 방법이에요.\n\n# 사용\n\n사용 방법이에요.\n",
                        encoding="utf-8")
    texts = [(c.heading, c.text) for c in chunk_passages(read_passages(markdown))]
    assert texts == [("설치", "# 설치\n\n설치 방법이에요."), ("사용", "# 사용\n\n사용 방법이에요.")]
