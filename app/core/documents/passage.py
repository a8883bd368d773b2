"""One located piece of a document's text (see ``passages.read_passages``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized piece of a document's text and where it came from.

    ``offset`` counts characters in the document's text as Ondol reads it: for plain text,
    Markdown and code the decoded file with line ends made ``\\n`` (a byte-order mark not
    counted); for PDF, Word and HTML the extracted text, passages (and PDF pages) joined by a
    blank line.
    """

    text: str
    page: int | None = None  # 1-based PDF page
    heading: str | None = None  # the nearest heading above
    offset: int = 0
