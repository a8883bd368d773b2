"""The text layer of a PDF, page by page, with ``pypdf``; its errors become ``DocumentError``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from app.core.documents.decoding import unreadable_error
from app.core.documents.paragraphs import split_paragraphs
from app.core.documents.passage import Passage
from app.core.errors import DocumentError

# pypdf logs a warning for every small flaw it works around (a bad xref offset, a missing
# font width); those are no news to a user whose text came out, so only errors pass.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _broken(path: Path, exc: Exception) -> DocumentError:
    detail = f"{type(exc).__name__}: {exc}"[:200]
    return DocumentError(f"{path} is a damaged PDF ({detail}).", path=str(path),
                         reason="broken", detail=detail)


def _encrypted(path: Path) -> DocumentError:
    return DocumentError(f"{path} is protected by a password.", path=str(path),
                         reason="encrypted")


def _open(path: Path, handle: object) -> PdfReader:
    try:
        reader = PdfReader(handle)  # type: ignore[arg-type]  # an open binary file
        # A file with only an owner password opens with the empty user password.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise _encrypted(path)
        return reader
    except DocumentError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise _encrypted(path) from exc
    # pypdf raises many kinds (its own, ValueError, KeyError, RecursionError...) on bad input.
    except Exception as exc:
        raise _broken(path, exc) from exc


def page_texts(path: Path, cancel: threading.Event | None = None) -> Iterator[tuple[int, str]]:
    """``(page number from 1, text)`` for every page of the PDF at ``path`` (pages without text
    give ``""``); the file is read from disk as pages are asked for, never whole. Stops quietly
    when ``cancel`` is set.

    Raises:
        DocumentError: ``reason`` ``unreadable``, ``encrypted`` (a user password is needed),
            ``broken`` (fact ``detail``) or ``no_text_layer`` (no page has text: a scan).
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    with handle:
        reader = _open(path, handle)
        try:
            count = len(reader.pages)
        except FileNotDecryptedError as exc:
            raise _encrypted(path) from exc
        except Exception as exc:
            raise _broken(path, exc) from exc
        any_text = False
        for index in range(count):
            if cancel is not None and cancel.is_set():
                return
            try:
                text = reader.pages[index].extract_text() or ""
            except FileNotDecryptedError as exc:
                raise _encrypted(path) from exc
            except Exception as exc:
                raise _broken(path, exc) from exc
            any_text = any_text or bool(text.strip())
            yield index + 1, text
        if not any_text:
            raise DocumentError(f"{path} has no text layer (a scan?); Ondol does no OCR.",
                                path=str(path), reason="no_text_layer", pages=count)


def pdf_passages(path: Path, cancel: threading.Event | None = None) -> Iterator[Passage]:
    """Paragraphs of a PDF's text layer, each with its page.

    Raises:
        DocumentError: see ``page_texts``.
    """
    offset = 0
    for page, text in page_texts(path, cancel):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        for at, paragraph in split_paragraphs([text], offset):
            yield Passage(paragraph, page=page, offset=at)
        offset += len(text) + 2
