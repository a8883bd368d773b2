"""Text files decoded in blocks: the encoding found from the first block (a byte-order mark,
UTF-8, or the Korean legacy code page cp949 / EUC-KR), binary files refused before anything is
decoded permissively."""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from app.core.errors import DocumentError

HEAD_BYTES = 64 * 1024  # the block the encoding and binary checks look at
BLOCK_CHARS = 256 * 1024  # characters decoded at a time
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not occur in text (tab, line ends, form feed and escape do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def detect_encoding(head: bytes, final: bool, hint: str | None = None) -> str | None:
    """The codec to read a file whose first bytes are ``head``, or None when it is not text.

    ``final`` says ``head`` is the whole file (a character cut at its end is then an error);
    ``hint`` is an encoding the file declares (an HTML ``<meta charset>``), used when known.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        return None
    candidates = ["utf-8", "cp949"]
    if hint:
        with contextlib.suppress(LookupError):  # an unknown name: the usual guesses
            candidates.insert(0, codecs.lookup(hint).name)
    for name in candidates:
        try:
            text = codecs.getincrementaldecoder(name)("strict").decode(head, final)
        except UnicodeDecodeError:
            continue
        # A few stray control characters happen in text; many mean a binary file.
        if len(_CONTROL.findall(text)) > max(4, len(text) // 100):
            return None
        return name
    return None


def unreadable_error(path: Path, exc: OSError) -> DocumentError:
    """The error for a file the system would not let Ondol read (facts ``errno``, ``detail``)."""
    return DocumentError(f"{path} cannot be read: {exc}", path=str(path), reason="unreadable",
                         errno=exc.errno, detail=exc.strerror or str(exc))


def text_blocks(path: Path, cancel: threading.Event | None = None,
                hint_from_head: bool = False) -> Iterator[str]:
    """The decoded text of ``path`` in blocks of at most ``BLOCK_CHARS`` characters, line ends
    made ``\\n``; stops quietly when ``cancel`` is set. With ``hint_from_head`` an HTML
    ``<meta charset>`` in the first block names the encoding.

    Raises:
        DocumentError: ``reason`` ``not_found``, ``unreadable`` or ``binary`` (NUL bytes,
            control characters, or a first block that no text encoding decodes).
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise DocumentError(f"{path} does not exist.", path=str(path),
                            reason="not_found") from exc
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    with handle:
        try:
            head = handle.read(HEAD_BYTES)
            handle.seek(0)
        except OSError as exc:
            raise unreadable_error(path, exc) from exc
        hint = _meta_charset(head) if hint_from_head else None
        encoding = detect_encoding(head, final=len(head) < HEAD_BYTES, hint=hint)
        if encoding is None:
            raise DocumentError(f"{path} is not a text file.", path=str(path), reason="binary")
        # Past the checked first block, a stray bad byte becomes U+FFFD rather than an error.
        reader = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=None)
        while cancel is None or not cancel.is_set():
            try:
                block = reader.read(BLOCK_CHARS)
            except OSError as exc:
                raise unreadable_error(path, exc) from exc
            if not block:
                return
            yield block


_META = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)


def _meta_charset(head: bytes) -> str | None:
    found = _META.search(head[:4096])
    return found.group(1).decode("ascii") if found else None
