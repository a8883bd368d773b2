"""The visible text of an HTML file, with the standard library's ``html.parser``: scripts,
styles and the head skipped, ``h1``-``h6`` as headings, block elements ending paragraphs."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from app.core.documents.decoding import text_blocks
from app.core.documents.paragraphs import MAX_PARAGRAPH_CHARS, cut_long
from app.core.documents.passage import Passage

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(str.split(
    "p div br li ul ol dl dt dd tr td th table thead tbody tfoot caption section article "
    "header footer nav main aside figure figcaption blockquote pre hr form fieldset details "
    "summary address body html title option"
)) | _HEADINGS


class _TextParser(HTMLParser):
    """Collects ``Passage`` objects in ``ready`` as the HTML is fed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ready: deque[Passage] = deque()
        self.heading: str | None = None
        self.skip_depth = 0
        self.words: list[str] = []
        self.size = 0
        self.text_offset = 0
        self.in_heading = False
        self.in_head = False  # ends at </head> or at <body>, which often comes without it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "body"):
            self.in_head = tag == "head"
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag in _BLOCKS:
            self.end_paragraph()
            self.in_heading = tag in _HEADINGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # <br/>, <hr/>
            self.end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.in_head:
            return
        words = data.split()
        if not words:
            return
        self.words.extend(words)
        self.size += sum(len(w) + 1 for w in words)
        if self.size > MAX_PARAGRAPH_CHARS:
            self.end_paragraph()

    def end_paragraph(self) -> None:
        """The words gathered so far become a passage (a heading's also name the heading)."""
        text = " ".join(self.words)
        self.words = []
        self.size = 0
        if not text:
            self.in_heading = False
            return
        if self.in_heading:
            self.heading = text[:MAX_PARAGRAPH_CHARS]
            self.in_heading = False
        for at, piece in cut_long(text, self.text_offset):
            self.ready.append(Passage(piece, heading=self.heading, offset=at))
        self.text_offset += len(text) + 2


def html_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """Paragraphs of an HTML file's visible text, decoded with its byte-order mark or
    ``<meta charset>``, else UTF-8 (or cp949); streamed block by block.

    Raises:
        DocumentError: see ``decoding.text_blocks``.
    """
    parser = _TextParser()
    for block in text_blocks(path, cancel, hint_from_head=True):
        parser.feed(block)
        while parser.ready:
            yield parser.ready.popleft()
    if cancel is not None and cancel.is_set():
        return
    parser.close()
    parser.end_paragraph()
    while parser.ready:
        yield parser.ready.popleft()
