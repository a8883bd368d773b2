"""Paragraphs, headings and table cells of a Word ``.docx`` file, with ``python-docx``."""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

from app.core.documents.decoding import unreadable_error
from app.core.documents.paragraphs import cut_long
from app.core.documents.passage import Passage
from app.core.errors import DocumentError

MAX_DOCUMENT_XML_BYTES = 256 * 1024 * 1024  # word/document.xml uncompressed; python-docx
# parses it whole in memory, so a larger one (or a zip bomb) is refused before.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected .docx is an OLE file
_HEADING_STYLE = re.compile(r"^(?:heading [1-6]|title)$", re.I)


def _broken(path: Path, detail: str) -> DocumentError:
    return DocumentError(f"{path} is a damaged Word file ({detail}).", path=str(path),
                         reason="broken", detail=detail[:200])


def _check_package(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
        if magic == _OLE_MAGIC:
            raise DocumentError(f"{path} is protected by a password.", path=str(path),
                                reason="encrypted")
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
    except DocumentError:
        raise
    except KeyError as exc:
        raise _broken(path, "no word/document.xml") from exc
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _broken(path, f"not a zip package: {exc}") from exc
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    if info.file_size > MAX_DOCUMENT_XML_BYTES:
        raise DocumentError(f"{path} is too large to read ({info.file_size} bytes of text).",
                            path=str(path), reason="too_large", limit=MAX_DOCUMENT_XML_BYTES,
                            limit_bytes=MAX_DOCUMENT_XML_BYTES)


def docx_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """The body of a ``.docx`` in order: paragraphs (a Heading 1-6 or Title style makes a
    heading), and each table as one passage, a line per row with its cells joined by `` | ``.
    Stops quietly when ``cancel`` is set.

    Raises:
        DocumentError: ``reason`` ``unreadable``, ``encrypted``, ``broken`` (not a zip, no
            ``word/document.xml``, bad XML; fact ``detail``) or ``too_large`` (fact ``limit``).
    """
    _check_package(path)
    import docx  # imported late: only reading a Word file needs it
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    # python-docx and lxml raise many kinds on a damaged package.
    except Exception as exc:
        raise _broken(path, f"{type(exc).__name__}: {exc}") from exc
    heading: str | None = None
    offset = 0
    for block in blocks:
        if cancel is not None and cancel.is_set():
            return
        try:
            if isinstance(block, Table):
                text = _table_text(block)
            else:
                text = block.text.strip()
                if text and _is_heading(block):
                    heading = " ".join(text.split())
        except Exception as exc:
            raise _broken(path, f"{type(exc).__name__}: {exc}") from exc
        for at, piece in cut_long(text, offset):
            yield Passage(piece, heading=heading, offset=at)
        if text:
            offset += len(text) + 2


def _is_heading(paragraph: object) -> bool:
    style = getattr(paragraph, "style", None)
    name = getattr(style, "name", None) or ""
    return bool(_HEADING_STYLE.match(name))


def _table_text(table: object) -> str:
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell repeats in every column it spans; its text counts once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)
