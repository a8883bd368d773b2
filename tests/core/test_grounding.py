"""LM Studio's rule: attached files go in whole when they fit with room for the answer, else
the passages that best match the question, numbered, with their sources.

The index runs for real (SQLite, the chunker, the readers); the embedder is the hashing test
embedder, which shows the mechanics and proves nothing about retrieval quality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.chat.attachments import FAILED, RETRIEVED, WHOLE
from app.core.chat.grounding import Budget, ground
from app.core.errors import RetrievalError
from app.core.retrieval.chat_finder import ChatFinder
from app.core.retrieval.store import IndexStore
from tests.retrieval_embedders import HashingEmbedder

ONDOL = "Ondol is the floor heating of Korean houses: smoke from the kitchen fire warms stones."
FILLER = "Unrelated sentence about weather and tides in distant harbours. " * 40


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    short = tmp_path / "short.md"
    short.write_text(f"# Heating\n\n{ONDOL}\n", encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([FILLER] * 30 + [ONDOL] + [FILLER] * 30), encoding="utf-8")
    binary = tmp_path / "blob"  # no suffix: sniffed
    binary.write_bytes(b"\x00\x01\x02" * 100)
    return {"short": short, "long": long, "binary": binary}


@pytest.fixture
def finder(tmp_path: Path):
    with IndexStore(tmp_path / "index.sqlite3") as store:
        yield ChatFinder(store, HashingEmbedder(), chat_id=7)


def test_files_that_fit_go_in_whole(files: dict[str, Path], finder: ChatFinder) -> None:
    grounding = ground("What is Ondol?", [files["short"], files["binary"]], Budget(2000),
                       finder)
    assert grounding.mode == WHOLE and not grounding.sources
    short, binary = grounding.attachments
    assert (short.mode, short.tokens > 0) == (WHOLE, True)
    assert (binary.mode, binary.reason) == (FAILED, "binary")
    assert ONDOL in grounding.context and 'name="short.md"' in grounding.context
    assert not finder.has_passages()  # nothing was indexed


def test_a_file_too_big_is_searched_and_its_passages_cited(files: dict[str, Path],
                                                         finder: ChatFinder) -> None:
    grounding = ground("What warms the stones of Korean houses floor heating?",
                       [files["long"]], Budget(600), finder)
    assert grounding.mode == RETRIEVED
    assert [a.mode for a in grounding.attachments] == [RETRIEVED]
    assert grounding.sources and grounding.sources[0].number == 1
    assert ONDOL in grounding.sources[0].text
    assert grounding.sources[0].name == "long.txt"
    assert grounding.context.index("[1]") < grounding.context.index(ONDOL)
    assert Budget(600).count(grounding.context) <= 600
    # A later question in the chat searches the same attachments, without new files.
    again = ground("smoke from the kitchen fire", [], Budget(600), finder)
    assert again.mode == RETRIEVED and ONDOL in again.sources[0].text


def test_without_an_embedding_model_a_big_file_is_refused(files: dict[str, Path]) -> None:
    with pytest.raises(RetrievalError) as caught:
        ground("q", [files["long"]], Budget(100), None)
    assert caught.value.facts["reason"] == "no_embedding_model"


def test_the_budget_keeps_room_for_the_answer() -> None:
    assert Budget.of(4096, used=1000).tokens == 4096 - 1000 - 1024
    # A long chat: the files still get a quarter of the window (old turns make room).
    assert Budget.of(1024, used=900).tokens == 256
    assert Budget.of(8192, used=8000).tokens == 1024


def test_an_unreadable_file_stays_failed_beside_one_that_is_searched(
        files: dict[str, Path], finder: ChatFinder) -> None:
    grounding = ground("What warms the stones?", [files["long"], files["binary"]],
                       Budget(600), finder)
    long, binary = grounding.attachments
    assert (long.mode, binary.mode, binary.reason) == (RETRIEVED, FAILED, "binary")
