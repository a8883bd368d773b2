"""Small GGUF files that carry a real model's vocabulary (copied byte for byte), or a changed one,
at a chosen file size: draft candidates without a second real model."""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from app.core.formats.gguf_header import HeaderParser
from app.core.formats.gguf_vocab import TOKENIZER_KEYS

TOKENS = "tokenizer.ggml.tokens"
VOCAB_KEYS = (TOKENS, "tokenizer.ggml.token_type", *TOKENIZER_KEYS)
_STRING, _ARRAY, _UINT32 = 8, 9, 4


def _text(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def vocab_entries(src: Path) -> dict[str, bytes]:
    """The vocabulary keys of ``src``: each as its value type and raw value bytes."""
    with open(src, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        parser = HeaderParser(buf, len(buf), keep=lambda key: key in VOCAB_KEYS)
        parser.parse()
        return {k: bytes(buf[s - 4:e]) for k, (s, e) in parser.spans.items() if k in VOCAB_KEYS}


def tokens_of(entry: bytes) -> list[bytes]:
    """The token texts of a raw ``tokenizer.ggml.tokens`` entry."""
    _vt, _it, count = struct.unpack_from("<IIQ", entry)
    pos, out = 16, []
    for _ in range(count):
        (n,) = struct.unpack_from("<Q", entry, pos)
        out.append(entry[pos + 8:pos + 8 + n])
        pos += 8 + n
    return out


def tokens_entry(tokens: list[bytes]) -> bytes:
    """A raw ``tokenizer.ggml.tokens`` entry for ``tokens``."""
    body = b"".join(struct.pack("<Q", len(t)) + t for t in tokens)
    return struct.pack("<IIQ", _ARRAY, _STRING, len(tokens)) + body


def uint32_entry(value: int) -> bytes:
    return struct.pack("<II", _UINT32, value)


def vocab_model(dst: Path, src: Path, size: int, architecture: str = "llama",
                changes: dict[str, bytes] | None = None) -> Path:
    """A tensor-less GGUF at ``dst`` with ``src``'s vocabulary (entries in ``changes`` replace
    or add raw ones), zero-extended (sparse) to ``size`` bytes."""
    entries = {**vocab_entries(src), **(changes or {})}
    kvs = [_text("general.architecture") + struct.pack("<I", _STRING) + _text(architecture)]
    kvs += [_text(key) + raw for key, raw in entries.items()]
    head = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs)) + b"".join(kvs)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(dst, "wb") as f:
        f.write(head)
        f.truncate(max(size, len(head)))
    return dst
