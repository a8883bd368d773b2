"""Text split into paragraphs at blank lines, streamed block by block; a paragraph longer than
``MAX_PARAGRAPH_CHARS`` is cut into pieces, so memory stays bounded whatever the input."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MAX_PARAGRAPH_CHARS = 4000
_BLANK = re.compile(r"\n(?:[ \t\f\v]*\n)+")


def cut_long(text: str, offset: int, limit: int = MAX_PARAGRAPH_CHARS
             ) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of ``text`` of at most ``limit`` characters, cut after a line
    end or a space when there is one in the second half of the piece. Whitespace-only pieces
    are dropped; each piece keeps its indentation and loses trailing whitespace."""
    start = 0
    while start < len(text):
        end = _cut_point(text, start, limit)
        piece = text[start:end]
        if piece.strip():
            yield offset + start, piece.rstrip()
        start = end


def _cut_point(text: str, start: int, limit: int) -> int:
    if len(text) - start <= limit:
        return len(text)
    window_end = start + limit
    for mark in ("\n", " "):
        cut = text.rfind(mark, start + limit // 2, window_end)
        if cut != -1:
            return cut + 1
    return window_end


def split_paragraphs(blocks: Iterable[str], start: int = 0,
                     limit: int = MAX_PARAGRAPH_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` for the text made of ``blocks``: paragraphs end at blank lines;
    ``start`` is the offset of the first block in the document."""
    buffer = ""
    buffer_offset = start
    for block in blocks:
        buffer += block
        done = 0
        for blank in _BLANK.finditer(buffer):
            if blank.end() == len(buffer):  # more blank lines may follow in the next block
                break
            yield from cut_long(buffer[done:blank.start()], buffer_offset + done, limit)
            done = blank.end()
        # An unfinished paragraph longer than the bound goes out in pieces now.
        while len(buffer) - done > limit:
            end = _cut_point(buffer, done, limit)
            yield from cut_long(buffer[done:end], buffer_offset + done, limit)
            done = end
        buffer = buffer[done:]
        buffer_offset += done
    yield from cut_long(buffer, buffer_offset, limit)
