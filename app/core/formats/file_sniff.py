"""Recognise files that are not GGUF (folders, empty files, other formats by their magic bytes).

A user who picks a PNG, a safetensors checkpoint or an HTML error page saved by a failed
download gets told what it seems to be, rather than a bare "not GGUF".
"""

from __future__ import annotations

from pathlib import Path

from app.core.errors import NotAModelFileError
from app.core.formats.gguf_header import GGUF_MAGIC


def folder_error(p: Path) -> NotAModelFileError:
    """The error for a folder given where a model file was expected."""
    return NotAModelFileError(
        f"{p} is a folder, not a model file.", path=str(p), reason="directory"
    )


def check_regular_file(p: Path) -> None:
    """Refuse a folder, a device or a pipe at ``p`` before anything opens it.

    Raises:
        NotAModelFileError: ``p`` is a folder (``reason="directory"``) or exists but is not a
            regular file (``reason="not_a_file"``).
    """
    if p.is_dir():
        raise folder_error(p)
    if p.exists() and not p.is_file():  # a device or a pipe: opening it could block
        raise NotAModelFileError(
            f"{p} is not a regular file, so not a model file.", path=str(p), reason="not_a_file"
        )


# (signature, a stable code for the UI's words, the English phrase for the CLI and logs)
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"GIF87a", "gif", "a GIF image"),
    (b"GIF89a", "gif", "a GIF image"),
    (b"PK\x03\x04", "zip", "a ZIP archive (PyTorch checkpoints are ZIP files too)"),
    (b"PK\x05\x06", "empty_zip", "an empty ZIP archive"),
    (b"%PDF", "pdf", "a PDF document"),
    (b"\x1f\x8b", "gzip", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "a 7-Zip archive"),
    (b"\x80\x02", "pickle", "a Python pickle (an old PyTorch checkpoint?)"),
    (b"version https://git-lfs", "git_lfs_pointer",
     "a Git LFS pointer: the real file was never downloaded"),
    (b"lmgg", "ggml", "an old GGML model: llama.cpp now needs the newer GGUF format"),
    (b"fmgg", "ggmf", "an old GGMF model: llama.cpp now needs the newer GGUF format"),
    (b"tjgg", "ggjt", "an old GGJT model: llama.cpp now needs the newer GGUF format"),
    (b"\x7fELF", "linux_program", "a Linux program"),
    (b"MZ", "windows_program", "a Windows program"),
)


def identify(head: bytes, file_size: int) -> tuple[str, str] | None:
    """What a non-GGUF file seems to be, from its first bytes: ``(code, English phrase)``
    (codes: those in ``_SIGNATURES``, ``safetensors``, ``html``, ``json``), or ``None``."""
    for signature, code, kind in _SIGNATURES:
        if head.startswith(signature):
            return code, kind
    # safetensors: an 8-byte little-endian header length, then that many bytes of JSON.
    if len(head) >= 9 and head[8:9] == b"{":
        header_len = int.from_bytes(head[:8], "little")
        if 0 < header_len <= file_size - 8:
            return "safetensors", "a safetensors file: convert it to GGUF first"
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "html", "a web page (HTML): the download probably saved an error page"
    if text.startswith((b"{", b"[")):
        return "json", "a JSON text file"
    return None


def looks_like(head: bytes, file_size: int) -> str | None:
    """What a non-GGUF file seems to be, in English, or ``None``."""
    found = identify(head, file_size)
    return found[1] if found else None


def check_magic(p: Path, head: bytes, size: int) -> None:
    """Return if ``head`` starts with the GGUF signature; else say what the file seems to be.

    Raises:
        NotAModelFileError: the file is empty (``reason="empty"``) or not GGUF
            (``reason="not_gguf"``, fact ``looks_like`` when it is recognised).
    """
    if size == 0:
        raise NotAModelFileError(
            f"{p.name} is empty (0 bytes), not a model file.",
            path=str(p),
            file_size_bytes=0,
            reason="empty",
        )
    if head[:4] == GGUF_MAGIC:
        return
    found = identify(head, size)
    kind = found[1] if found else None
    detail = f"it looks like {kind}" if kind else "it does not start with the GGUF signature"
    raise NotAModelFileError(
        f"{p.name} is not a GGUF model file ({detail}).",
        path=str(p),
        reason="not_gguf",
        looks_like=kind,
        kind=found[0] if found else None,
        first_bytes=head[:8].hex(),
        file_size_bytes=size,
    )
