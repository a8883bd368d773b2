"""Passages of plain text, source code and Markdown files, streamed."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

from app.core.documents.decoding import text_blocks
from app.core.documents.paragraphs import split_paragraphs
from app.core.documents.passage import Passage

FRONT_MATTER_CHARS = 64 * 1024  # a front matter block longer than this is taken as text
_FRONT_MATTER_END = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|$)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def plain_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """Paragraphs of a text or source file (split at blank lines; no headings).

    Raises:
        DocumentError: see ``decoding.text_blocks``.
    """
    for offset, text in split_paragraphs(text_blocks(path, cancel)):
        yield Passage(text, offset=offset)


def markdown_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """Paragraphs of a Markdown file: ``#`` heading lines are passages of their own and name the
    heading of what follows; a YAML front matter block at the top is skipped; ``#`` lines in
    fenced code are not headings.

    Raises:
        DocumentError: see ``decoding.text_blocks``.
    """
    blocks, start = _skip_front_matter(text_blocks(path, cancel))
    heading: str | None = None
    in_fence: str | None = None
    for offset, text in split_paragraphs(blocks, start):
        pending: list[str] = []
        pending_offset = offset
        position = offset
        for line in text.split("\n"):
            fence = _FENCE.match(line)
            if fence and (in_fence is None or fence.group(1)[0] == in_fence):
                in_fence = fence.group(1)[0] if in_fence is None else None
            found = None if in_fence or fence else _HEADING.match(line)
            title = (found.group(2) or "").rstrip("#").strip() if found else ""
            if found and title:
                if pending:
                    yield Passage("\n".join(pending), heading=heading, offset=pending_offset)
                heading = title
                yield Passage(line.strip(), heading=heading, offset=position)
                pending = []
                pending_offset = position + len(line) + 1
            else:
                pending.append(line)
            position += len(line) + 1
        while pending and not pending[0].strip():
            pending_offset += len(pending.pop(0)) + 1
        if pending and "".join(pending).strip():
            yield Passage("\n".join(pending).rstrip(), heading=heading, offset=pending_offset)


def _skip_front_matter(blocks: Iterator[str]) -> tuple[Iterator[str], int]:
    """The blocks without a leading ``---`` front matter block, and the offset they start at."""
    first = next(blocks, "")
    skip = 0
    if first.startswith("---\n"):
        end = _FRONT_MATTER_END.search(first, 3, FRONT_MATTER_CHARS)
        if end is not None:
            skip = end.end()

    def rest() -> Iterator[str]:
        yield first[skip:]
        yield from blocks

    return rest(), skip
