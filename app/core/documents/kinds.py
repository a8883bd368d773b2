"""Which kind of document a file is: by its suffix, and by its first bytes when the suffix says
nothing."""

from __future__ import annotations

from pathlib import Path

from app.core.documents.decoding import HEAD_BYTES, detect_encoding, unreadable_error
from app.core.errors import DocumentError

KINDS = ("text", "markdown", "pdf", "docx", "html", "code")

_BY_SUFFIX: dict[str, str] = {
    ".txt": "text", ".text": "text", ".log": "text", ".csv": "text", ".tsv": "text",
    ".rst": "text", ".ini": "text", ".cfg": "text", ".conf": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
}


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CODE_SUFFIXES = _words(
    ".py .pyi .js .mjs .cjs .jsx .ts .tsx .java .kt .kts .scala .c .cc .cpp .cxx .h .hh .hpp "
    ".cs .go .rs .rb .php .pl .lua .r .swift .m .mm .dart .sh .bash .zsh .fish .ps1 .bat .cmd "
    ".json .jsonl .yaml .yml .toml .xml .css .scss .sass .less .sql .vue .svelte .tex .cmake "
    ".gradle .proto .graphql .ex .exs .erl .hs .ml .clj .jl .zig .nim .f90 .asm .s .ipynb "
    ".dockerfile .make .mk"
)
# Kinds Ondol does not read as text: office files other than .docx, archives, programs, media.
_UNSUPPORTED = _words(
    ".xlsx .xls .xlsm .pptx .ppt .doc .odt .ods .odp .rtf .pages .numbers .key .epub .hwp .hwpx "
    ".zip .gz .tgz .bz2 .xz .7z .rar .tar .zst .exe .dll .so .dylib .bin .msi .dmg .iso .apk "
    ".deb .rpm .jar .class .pyc .o .a .wasm .png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico "
    ".heic .svgz .mp3 .mp4 .m4a .wav .flac .ogg .opus .mov .avi .mkv .webm .gguf .onnx "
    ".safetensors .pt .pth .ckpt .npy .npz .sqlite .sqlite3 .db .ttf .otf .woff .woff2"
)


def check_file(path: Path) -> None:
    """Refuse a missing path, a folder or a device before anything reads it.

    Raises:
        DocumentError: ``reason`` ``not_found``, or ``unreadable`` (a folder, a device, or
            the file's details cannot be read).
    """
    try:
        exists = path.exists()
        regular = path.is_file()
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    if not exists:
        raise DocumentError(f"{path} does not exist.", path=str(path), reason="not_found")
    if not regular:
        raise DocumentError(f"{path} is not a file that can be read as text.", path=str(path),
                            reason="unreadable", detail="not a regular file")


def document_kind(path: Path) -> str:
    """The kind of document at ``path``: one of ``KINDS``.

    A known suffix decides; a file with no suffix or an unknown one is read a little and is
    ``"text"`` when its first block decodes as text.

    Raises:
        DocumentError: ``reason`` ``not_found``, ``unreadable`` (a folder, permissions, an
            I/O error), ``unsupported`` (fact ``suffix``: a kind Ondol does not read) or
            ``binary`` (an unknown suffix whose first block is not text).
    """
    check_file(path)
    suffix = path.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix in _CODE_SUFFIXES or path.name.lower() in ("makefile", "dockerfile"):
        return "code"
    if suffix in _UNSUPPORTED:
        raise DocumentError(f"{path}: Ondol does not read {suffix} files.", path=str(path),
                            reason="unsupported", suffix=suffix)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise unreadable_error(path, exc) from exc
    if detect_encoding(head, final=len(head) < HEAD_BYTES) is None:
        raise DocumentError(f"{path} is not a text file.", path=str(path), reason="binary")
    return "text"
