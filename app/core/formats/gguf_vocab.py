"""A GGUF model's vocabulary as fingerprints, to tell whether two models tokenize identically.

Two models can share drafted tokens only when every token id means the same text in both, so
the whole token list is compared, not the model names. The list (151,936 strings for Qwen) is
never decoded: the header walk records where the array lies in the file and its raw bytes are
hashed straight from the mapped file. Token types and the tokenizer settings that change how text
becomes ids (the tokenizer model, pre-tokenizer, BOS/EOS ids, whether BOS/EOS are added) are
compared as well. Readings are cached by path, size and modification time, so a library is read
once however often it is searched.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import CorruptModelError, ModelNotFoundError
from app.core.formats.file_sniff import check_magic, check_regular_file, folder_error
from app.core.formats.gguf_header import Damaged, HeaderParser, OldVersion, Truncated, is_int

__all__ = ["TOKENIZER_KEYS", "Vocabulary", "read_vocabulary"]

TOKENS_KEY = "tokenizer.ggml.tokens"
TYPES_KEY = "tokenizer.ggml.token_type"
# Settings that change which ids a text becomes, or where an answer ends.
TOKENIZER_KEYS = (
    "tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.bos_token_id",
    "tokenizer.ggml.eos_token_id", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token",
)
_HASHED_KEYS = frozenset({TOKENS_KEY, TYPES_KEY})
_KEPT_KEYS = _HASHED_KEYS | set(TOKENIZER_KEYS) | {"general.architecture"}
# Encoder architectures: they give vectors, never next tokens, so they cannot draft.
_EMBEDDING_ARCHS = frozenset({"t5encoder", "gemma-embedding"})
_CACHE_LIMIT = 512  # entries; far more than any library holds


@dataclass(frozen=True)
class Vocabulary:
    """What identifies a GGUF model's tokenizer.

    ``tokens_digest`` hashes the token list's bytes as stored (count, then each length and text);
    ``types_digest`` the token types likewise (``None`` when the file has none).
    ``settings`` holds the ``TOKENIZER_KEYS`` the file sets, as ``(key, value)`` pairs.
    """

    token_count: int
    tokens_digest: str | None  # None: the file has no token list (it cannot draft)
    types_digest: str | None
    settings: tuple[tuple[str, Any], ...]
    architecture: str | None
    embedding: bool  # an embedding / encoder model

    def first_difference(self, other: Vocabulary) -> str | None:
        """The first key in which ``other`` tokenizes differently, or ``None`` when identical.

        Raises:
            nothing.
        """
        if self.tokens_digest is None or self.tokens_digest != other.tokens_digest:
            return TOKENS_KEY
        if self.types_digest != other.types_digest:
            return TYPES_KEY
        mine, theirs = dict(self.settings), dict(other.settings)
        return next((k for k in TOKENIZER_KEYS if mine.get(k) != theirs.get(k)), None)


_cache: dict[tuple[str, int, int], Vocabulary] = {}
_cache_lock = threading.Lock()


def read_vocabulary(path: str | os.PathLike[str]) -> Vocabulary:
    """The vocabulary fingerprint of the GGUF file at ``path`` (cached by path, size, mtime).

    Raises:
        ModelNotFoundError: nothing at ``path``.
        NotAModelFileError: a folder, an empty file, or not a GGUF file.
        CorruptModelError: the header is damaged or cut short.
        OSError: the file cannot be read.
    """
    p = Path(path)
    check_regular_file(p)
    try:
        st = p.stat()
    except FileNotFoundError as err:
        raise ModelNotFoundError(f"No model file at {p}.", path=str(p)) from err
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    vocabulary = _read(p)
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()  # a crude bound: a library never comes near it
        _cache[key] = vocabulary
    return vocabulary


def _read(p: Path) -> Vocabulary:
    try:
        with open(p, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            check_magic(p, f.read(64), size)
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                parser = HeaderParser(buf, size, keep=_kept)
                header = parser.parse()
                digests = {k: hashlib.blake2b(buf[s:e], digest_size=16).hexdigest()
                           for k, (s, e) in parser.spans.items() if k in _HASHED_KEYS}
    except FileNotFoundError as err:
        raise ModelNotFoundError(f"No model file at {p}.", path=str(p)) from err
    except IsADirectoryError as err:
        raise folder_error(p) from err
    except (OldVersion, Truncated, Damaged, struct.error, ValueError, OverflowError,
            IndexError, RecursionError) as err:
        raise CorruptModelError(
            f"The header of {p.name} cannot be read ({type(err).__name__}).", path=str(p),
            truncated=isinstance(err, Truncated), reason="damaged_header",
            detail=str(err)) from None
    fields = header.fields
    tokens = fields.get(TOKENS_KEY)
    arch = fields.get("general.architecture")
    arch = arch if isinstance(arch, str) else None
    return Vocabulary(
        token_count=getattr(tokens, "count", 0),
        tokens_digest=digests.get(TOKENS_KEY),
        types_digest=digests.get(TYPES_KEY),
        settings=tuple((k, fields[k]) for k in TOKENIZER_KEYS if k in fields),
        architecture=arch,
        embedding=_is_embedding(arch, fields),
    )


def _kept(key: str) -> bool:
    return key in _KEPT_KEYS or key.endswith((".pooling_type", ".attention.causal"))


def _is_embedding(arch: str | None, fields: dict[str, Any]) -> bool:
    """An encoder (BERT family and kin), or a model whose header asks for pooled vectors."""
    if arch is None:
        return False
    if "bert" in arch or arch in _EMBEDDING_ARCHS:
        return True
    pooling = fields.get(f"{arch}.pooling_type")
    return (is_int(pooling) and pooling > 0) or fields.get(f"{arch}.attention.causal") is False
