"""Token ids to text as they come, never emitting half a UTF-8 character."""

from __future__ import annotations

from tokenizers import Tokenizer


class TextStream:
    """The text of generated tokens, piece by piece, never cutting a UTF-8 character.

    Each token decodes a small window (the previous piece's tokens plus the new ones) and
    emits what the window added; while the window ends in U+FFFD (a character whose bytes are
    still arriving, e.g. a Korean syllable split over byte tokens) nothing is emitted. The
    window starts with a few prompt tokens because decoders drop a leading space at the start
    of a decode (SentencePiece's "▁").
    """

    def __init__(self, tokenizer: Tokenizer, context: list[int]) -> None:
        self._tokenizer = tokenizer
        self._ids = list(context[-4:])
        self._prefix = 0
        self._read = len(self._ids)

    def _decode(self, ids: list[int]) -> str:
        return self._tokenizer.decode(ids, skip_special_tokens=True) if ids else ""

    def push(self, token: int) -> str:
        """Add ``token``; the new text it completes (often all of it, sometimes "")."""
        self._ids.append(token)
        before = self._decode(self._ids[self._prefix:self._read])
        after = self._decode(self._ids[self._prefix:])
        if len(after) <= len(before) or after.endswith("\ufffd"):
            return ""
        self._prefix, self._read = self._read, len(self._ids)
        return after[len(before):]

    def flush(self) -> str:
        """At the end: text still held back, without a trailing incomplete character."""
        before = self._decode(self._ids[self._prefix:self._read])
        after = self._decode(self._ids[self._prefix:]).rstrip("\ufffd")
        self._prefix = self._read = len(self._ids)
        return after[len(before):] if len(after) > len(before) else ""


def common_prefix(a: list[int], b: list[int]) -> int:
    """How many leading tokens ``a`` and ``b`` share."""
    limit = min(len(a), len(b))
    if a[:limit] == b[:limit]:
        return limit
    index = 0
    while a[index] == b[index]:
        index += 1
    return index
