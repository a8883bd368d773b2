"""Passages packed into overlapping chunks for embedding: a heading starts a new chunk,
paragraphs fill a chunk up to a token budget, and each chunk repeats the tail of the one before
(whole sentences) so an answer cut at a boundary is still found."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from app.core.documents.passage import Passage

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def estimate_tokens(text: str) -> int:
    """A cheap token count that errs high, which keeps "it fits" safe: about 4 ASCII
    letters or spaces a token, half a token for each digit or sign (Qwen's tokenizer splits
    numbers digit by digit; code and tables are dense with signs), and a token for every
    other character (Hangul, CJK; generous for accented Latin)."""
    ascii_chars = len(text.encode("ascii", "ignore"))
    dense = sum(1 for c in text if c.isascii() and not (c.isalpha() or c.isspace()))
    return math.ceil((ascii_chars - dense) / 4 + dense / 2) + (len(text) - ascii_chars)


@dataclass(frozen=True)
class Chunk:
    """A piece of a document to embed and retrieve; ``page`` and ``offset`` are where it
    starts, ``ordinal`` its place among the document's chunks (from 0)."""

    text: str
    page: int | None
    heading: str | None
    ordinal: int
    offset: int


@dataclass(frozen=True)
class _Piece:
    text: str
    offset: int
    page: int | None
    tokens: int
    heading_only: bool


def _sentences(text: str, offset: int) -> Iterator[tuple[int, str]]:
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if text[start:end.start()].strip():
            yield offset + start, text[start:end.start()]
        start = end.end()
    if text[start:].strip():
        yield offset + start, text[start:]


def _fit(text: str, budget: int, count: Callable[[str], int]) -> int:
    """The longest prefix length of ``text`` that counts at most ``budget`` tokens (at least
    one character), moved back to a space when one is in its second half."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if count(text[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", low // 2, low)
    return space + 1 if space > 0 and low < len(text) else low


def _pieces(passage: Passage, budget: int, count: Callable[[str], int]) -> Iterator[_Piece]:
    """The passage as one piece, or cut at sentences (then words) to fit ``budget``."""
    tokens = count(passage.text)
    heading_only = passage.heading is not None and (
        passage.text.lstrip("#").strip() == passage.heading)
    if tokens <= budget:
        yield _Piece(passage.text, passage.offset, passage.page, tokens, heading_only)
        return
    for at, sentence in _sentences(passage.text, passage.offset):
        while sentence:
            cut = _fit(sentence, budget, count) if count(sentence) > budget else len(sentence)
            part = sentence[:cut].strip()
            if part:
                yield _Piece(part, at, passage.page, count(part), False)
            at += cut
            sentence = sentence[cut:]


def _tail(pieces: list[_Piece], overlap: int, count: Callable[[str], int]) -> list[_Piece]:
    """The last whole pieces of a chunk within ``overlap`` tokens; when even the last piece is
    larger, its last whole sentences within it."""
    kept: list[_Piece] = []
    used = 0
    for piece in reversed(pieces):
        if used + piece.tokens + 1 > overlap:
            break
        kept.insert(0, piece)
        used += piece.tokens + 1
    if kept or not pieces or overlap <= 0:
        return kept
    last = pieces[-1]
    # Only the end of the piece can hold the tail (a token is rarely over 16 characters).
    start = max(0, len(last.text) - overlap * 16)
    found = list(_sentences(last.text[start:], last.offset + start))
    if start > 0:
        found = found[1:]  # the first one may be cut
    for at, sentence in reversed(found):
        tokens = count(sentence)
        if used + tokens + 1 > overlap:
            break
        kept.insert(0, _Piece(sentence.strip(), at, last.page, tokens, False))
        used += tokens + 1
    return kept


def _chunk(pieces: list[_Piece], heading: str | None, ordinal: int) -> Chunk:
    text = "\n\n".join(piece.text for piece in pieces)
    if heading and heading not in text:
        text = f"{heading}\n\n{text}"
    return Chunk(text, pieces[0].page, heading, ordinal, pieces[0].offset)


def chunk_passages(passages: Iterable[Passage], max_tokens: int = 350,
                   overlap_tokens: int = 50,
                   count: Callable[[str], int] = estimate_tokens) -> Iterator[Chunk]:
    """Chunks of at most about ``max_tokens`` (as ``count`` counts; exactly at most with
    ``estimate_tokens`` and headings under half of it), the heading in front of each chunk's
    text when the text lacks it.

    A change of heading ends a chunk, with no overlap across it. Within a section, a chunk
    starts with its predecessor's last paragraphs or sentences up to ``overlap_tokens``
    (capped at half of ``max_tokens``). A chunk's ``page`` is the page where it starts; a
    section with only its heading gives no chunk of its own (unless the document has nothing
    else).

    Raises:
        ValueError: ``max_tokens`` under 8 or ``overlap_tokens`` negative.
    """
    if max_tokens < 8 or overlap_tokens < 0:
        raise ValueError(f"max_tokens {max_tokens} / overlap_tokens {overlap_tokens}")
    overlap = min(overlap_tokens, max_tokens // 2)
    ordinal = 0
    current: list[_Piece] = []
    used = 0
    heading: str | None = None
    budget = max_tokens
    skipped: tuple[list[_Piece], str | None] = ([], None)
    for passage in passages:
        if passage.heading != heading or not current:
            if current and not all(p.heading_only for p in current):
                yield _chunk(current, heading, ordinal)
                ordinal += 1
            elif current:
                skipped = (current, heading)
            current, used, heading = [], 0, passage.heading
            # Room for the heading put in front of the text.
            budget = max(max_tokens - (count(heading) + 1 if heading else 0), max_tokens // 2)
        for piece in _pieces(passage, budget, count):
            if current and used + piece.tokens > budget:
                yield _chunk(current, heading, ordinal)
                ordinal += 1
                current = _tail(current, overlap, count)
                used = sum(p.tokens + 1 for p in current)
                if used + piece.tokens > budget:
                    current, used = [], 0
            current.append(piece)
            used += piece.tokens + 1  # and the blank line joining it to the next
    if current and (ordinal == 0 or not all(p.heading_only for p in current)):
        yield _chunk(current, heading, ordinal)
    elif ordinal == 0 and skipped[0]:
        yield _chunk(skipped[0], skipped[1], ordinal)
