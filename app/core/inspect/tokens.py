"""A text as a model's tokens, in spans a person can read, with the counts that matter.

A tokenizer reader (``tokens_read``) gives ids, each token's raw bytes and which tokens are
special; ``build_tokenization`` turns them into ``TokenSpan``s. Everything here is plain data,
picklable across the runtime host's pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from app.core.inspect.tokens_render import visible


class TokenKind(str, Enum):
    """What sort of piece a token is (the window colours each differently)."""

    NORMAL = "normal"
    SPECIAL = "special"  # a control token such as <|im_start|>
    WHITESPACE = "whitespace"  # only spaces, tabs or newlines
    BYTE = "byte"  # part of a multi-byte character (a piece of 가, of an emoji)


@dataclass(frozen=True)
class TokenSpan:
    """One token.

    ``text`` holds the characters that start in this token, so the spans' texts join back
    to the whole text; a character split over several byte pieces appears on its first
    piece. ``char_start``/``char_end`` are the characters this token touches (pieces of one
    character share them). ``label`` is the token drawn visibly (``tokens_render.visible``).
    """

    token_id: int
    raw: bytes
    text: str
    kind: TokenKind
    label: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Tokenization:
    """A text split by one model's tokenizer."""

    model: str  # the model's path (file or folder)
    text: str
    spans: tuple[TokenSpan, ...]

    @property
    def token_ids(self) -> list[int]:
        """The ids in order."""
        return [span.token_id for span in self.spans]

    @property
    def tokens(self) -> int:
        """How many tokens."""
        return len(self.spans)

    @property
    def characters(self) -> int:
        """How many characters (Unicode code points) the text has."""
        return len(self.text)

    @property
    def chars_per_token(self) -> float:
        """Characters per token (0 for an empty text)."""
        return self.characters / self.tokens if self.spans else 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly: counts and each span (raw bytes as hex)."""
        return {
            "model": self.model, "text": self.text, "tokens": self.tokens,
            "characters": self.characters, "chars_per_token": round(self.chars_per_token, 3),
            "spans": [{"id": s.token_id, "bytes": s.raw.hex(), "text": s.text,
                       "kind": s.kind.value, "label": s.label,
                       "chars": [s.char_start, s.char_end]} for s in self.spans],
        }


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _kind(raw: bytes, special: bool) -> TokenKind:
    if special:
        return TokenKind.SPECIAL
    if not _is_utf8(raw):
        return TokenKind.BYTE
    text = raw.decode("utf-8")
    if text and text.isspace():
        return TokenKind.WHITESPACE
    return TokenKind.NORMAL


def _clean(text: str) -> str:
    """Stray bytes (kept as surrogates while indexing) as U+FFFD."""
    return "".join("\ufffd" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)


def _drop_prefix_space(pieces: list[bytes], text: str) -> list[bytes]:
    """SentencePiece tokenizers add a space before the first word; it is not the text's."""
    if pieces and pieces[0][:1] == b" " and b"".join(pieces) == b" " + text.encode("utf-8"):
        return [pieces[0][1:], *pieces[1:]]
    return pieces


def build_tokenization(model: str, text: str, ids: Sequence[int], pieces: Sequence[bytes],
                       special: Sequence[bool]) -> Tokenization:
    """Spans for ``ids`` whose raw bytes are ``pieces`` (``special``: which are control tokens).

    Character positions are those of the pieces' bytes decoded together; for every tokenizer
    Ondol reads that is ``text`` itself.

    Raises:
        ValueError: the three sequences differ in length.
    """
    if not len(ids) == len(pieces) == len(special):
        raise ValueError("ids, pieces and special flags differ in length")
    raw_pieces = _drop_prefix_space(list(pieces), text)
    joined = b"".join(raw_pieces)
    # The character index of every byte of the joined pieces; a stray byte (never in a
    # tokenizer's faithful output) counts as one character of its own.
    decoded = joined.decode("utf-8", errors="surrogateescape")
    char_of_byte: list[int] = []
    for index, char in enumerate(decoded):
        width = 1 if 0xDC80 <= ord(char) <= 0xDCFF else len(char.encode("utf-8"))
        char_of_byte.extend([index] * width)
    spans: list[TokenSpan] = []
    start = 0
    for token_id, raw, is_special in zip(ids, raw_pieces, special, strict=True):
        end = start + len(raw)
        if raw:
            first, last = char_of_byte[start], char_of_byte[end - 1]
            owned_from = first if start == 0 or char_of_byte[start - 1] != first else first + 1
            shown = _clean(decoded[owned_from:last + 1])
            char_start, char_end = first, last + 1
        else:
            at = char_of_byte[start] if start < len(char_of_byte) else len(decoded)
            shown, char_start, char_end = "", at, at
        spans.append(TokenSpan(int(token_id), raw, shown, _kind(raw, is_special), visible(raw),
                               char_start, char_end))
        start = end
    return Tokenization(model, text, tuple(spans))
