"""Broken model files, made on the fly from a real GGUF, for the bad-input tests."""

from __future__ import annotations

import struct
from pathlib import Path

HEADER_COPY_BYTES = 8 * 1024 * 1024  # more than either real model's header (1.8 / 6.5 MB)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def header_copy(src: Path, dst: Path, size: int | None = None) -> Path:
    """``dst``: the first bytes of ``src``, zero-extended (sparse) to ``size`` or src's size."""
    with open(src, "rb") as f:
        head = f.read(HEADER_COPY_BYTES)
    total = src.stat().st_size if size is None else size
    with open(dst, "wb") as f:
        f.write(head[:total])
        f.truncate(total)
    return dst


def patch(path: Path, offset: int, data: bytes) -> None:
    """Overwrite bytes at ``offset``."""
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def png_renamed(folder: Path) -> Path:
    """A small PNG image saved as ``picture.gguf``."""
    path = folder / "picture.gguf"
    path.write_bytes(PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + b"\x00" * 64)
    return path


def truncated_half(src: Path, folder: Path) -> Path:
    """The real bytes of ``src`` cut at half, as an interrupted download leaves them."""
    path = folder / "half.gguf"
    size = src.stat().st_size // 2
    with open(src, "rb") as source, open(path, "wb") as out:
        out.write(source.read(size))
    return path


def corrupted_header(src: Path, folder: Path) -> Path:
    """A full-size copy whose metadata count is absurd (the header is damaged)."""
    path = header_copy(src, folder / "damaged.gguf")
    patch(path, 16, struct.pack("<Q", 2**62))  # magic, version, tensor count, *kv count*
    return path


def unknown_architecture(src: Path, folder: Path, real: str = "llama") -> Path:
    """A full-size copy whose ``general.architecture`` says ``zzzzz``.

    Raises:
        AssertionError: the entry is not found exactly once (the patch would be unsafe).
    """
    path = header_copy(src, folder / "zzzzz.gguf")
    entry = (struct.pack("<Q", 20) + b"general.architecture" + struct.pack("<IQ", 8, len(real))
             + real.encode())
    data = path.read_bytes()
    assert data.count(entry) == 1
    patch(path, data.index(entry) + len(entry) - len(real), b"z" * len(real))
    return path
