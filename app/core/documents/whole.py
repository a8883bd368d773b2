"""A whole document's text, when it fits in a token budget (so it can go to the model as it is,
rather than in retrieved chunks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.documents.chunks import estimate_tokens
from app.core.documents.decoding import text_blocks
from app.core.documents.kinds import document_kind
from app.core.documents.passages import read_passages
from app.core.documents.pdf_reader import page_texts
from app.core.errors import DocumentError


@dataclass(frozen=True)
class WholeText:
    """A document's whole text, its token count, and its number of pages (PDF only)."""

    text: str
    tokens: int
    pages: int | None


def page_marker(page: int) -> str:
    """The line that starts a PDF page's text in a whole document, so the model can cite it."""
    return f"[page {page}]"


def read_whole(path: Path, max_tokens: int,
               count: Callable[[str], int] = estimate_tokens) -> WholeText | None:
    """The text of the document at ``path`` if it counts at most ``max_tokens``, else None;
    reading stops as soon as the budget is passed, so memory stays bounded by it.

    Plain text, Markdown and code come as they are in the file; a PDF's pages each start with
    a line ``[page N]``; Word and HTML passages are joined by blank lines.

    Raises:
        DocumentError: as ``passages.read_passages`` does (``empty`` for a file with no text).
    """
    kind = document_kind(path)
    pages: list[int] = []
    parts: list[str] = []
    tokens = 0
    reader = _parts(path, kind, pages)
    try:
        for part in reader:
            tokens += count(part)
            if tokens > max_tokens:
                return None
            parts.append(part)
    finally:
        reader.close()  # the file is closed now, not when the generator is collected
    text = "".join(parts).strip()
    if not text:
        raise DocumentError(f"{path} has no text.", path=str(path), reason="empty")
    tokens = count(text)
    if tokens > max_tokens:
        return None
    return WholeText(text, tokens, len(pages) if kind == "pdf" else None)


def _parts(path: Path, kind: str, pages: list[int]) -> Iterator[str]:
    if kind in ("text", "code", "markdown"):
        yield from text_blocks(path)
    elif kind == "pdf":
        for page, text in page_texts(path):
            pages.append(page)
            yield f"{page_marker(page)}\n{text.strip()}\n\n"
    else:
        for passage in read_passages(path):
            yield passage.text + "\n\n"
