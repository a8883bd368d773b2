"""A document's text as a stream of located, paragraph-sized passages, whatever its kind."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from app.core.documents.docx_reader import docx_passages
from app.core.documents.html_reader import html_passages
from app.core.documents.kinds import document_kind
from app.core.documents.passage import Passage
from app.core.documents.pdf_reader import pdf_passages
from app.core.documents.text_readers import markdown_passages, plain_passages
from app.core.errors import DocumentError

__all__ = ["Passage", "read_passages"]

_READERS: dict[str, Callable[[Path, threading.Event | None], Iterator[Passage]]] = {
    "text": plain_passages,
    "code": plain_passages,
    "markdown": markdown_passages,
    "pdf": pdf_passages,
    "docx": docx_passages,
    "html": html_passages,
}


def read_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """The passages of the document at ``path``, in order, read as they are asked for: memory
    stays bounded for any size of plain text, Markdown, code, HTML or PDF (a Word file's XML is
    parsed whole, up to a limit).

    Errors come from the first ``next()`` (or later, for a fault further in the file). When
    ``cancel`` is set the iteration simply ends, raising nothing: the caller that set it knows.

    Raises:
        DocumentError: ``reason`` ``not_found``, ``unreadable``, ``unsupported``, ``binary``,
            ``no_text_layer``, ``encrypted``, ``broken``, ``too_large`` (see the readers), or
            ``empty`` (no text at all: an empty file, only whitespace, an HTML page with no
            visible text).
    """
    kind = document_kind(path)
    found = False
    for passage in _READERS[kind](path, cancel):
        found = True
        yield passage
    if not found and (cancel is None or not cancel.is_set()):
        raise DocumentError(f"{path} has no text.", path=str(path), reason="empty")
