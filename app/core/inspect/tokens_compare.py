"""Numbers for plain sentences: two tokenizations of one text, or one tokenizer on the shipped
Korean and English samples ("this model spends 7.7 tokens on Korean for every token on
English; a 4,096-token context holds about N Korean characters")."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.inspect.tokens import Tokenization
from app.resources import resource_path


def sample_text(language: str) -> str:
    """The shipped sample paragraph, ``"ko"`` or ``"en"`` (the same meaning in both).

    Raises:
        FileNotFoundError: no sample for ``language``.
    """
    return resource_path("inspect", f"sample_{language}.txt").read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class SideBySide:
    """One text through two tokenizers."""

    first: Tokenization
    second: Tokenization

    @property
    def ratio(self) -> float:
        """The second's tokens for each of the first's (0 when the first has none)."""
        return self.second.tokens / self.first.tokens if self.first.tokens else 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly counts."""
        return {"first": _counts(self.first), "second": _counts(self.second),
                "second_per_first": round(self.ratio, 3)}


@dataclass(frozen=True)
class LanguageCost:
    """One tokenizer on a Korean and an English text of the same meaning."""

    korean: Tokenization
    english: Tokenization

    @property
    def ratio(self) -> float:
        """Korean tokens for each English token (0 when the English text has none)."""
        return self.korean.tokens / self.english.tokens if self.english.tokens else 0.0

    def korean_chars_in(self, context_tokens: int) -> int:
        """About how many Korean characters a context of ``context_tokens`` holds."""
        return int(context_tokens * self.korean.chars_per_token)

    def to_dict(self, context_tokens: int = 4096) -> dict[str, object]:
        """JSON-friendly counts, with the Korean characters ``context_tokens`` hold."""
        return {"korean": _counts(self.korean), "english": _counts(self.english),
                "korean_per_english": round(self.ratio, 3), "context_tokens": context_tokens,
                "korean_chars_in_context": self.korean_chars_in(context_tokens)}


def _counts(t: Tokenization) -> dict[str, object]:
    return {"model": t.model, "tokens": t.tokens, "characters": t.characters,
            "chars_per_token": round(t.chars_per_token, 3),
            "tokens_per_char": round(t.tokens / t.characters, 3) if t.characters else 0.0}


def side_by_side(first: Tokenization, second: Tokenization) -> SideBySide:
    """Two tokenizations of the same text.

    Raises:
        ValueError: they are of different texts.
    """
    if first.text != second.text:
        raise ValueError("side_by_side compares tokenizations of the same text")
    return SideBySide(first, second)


def language_cost(korean: Tokenization, english: Tokenization) -> LanguageCost:
    """One tokenizer's cost of Korean against English.

    Raises:
        ValueError: the two come from different tokenizers.
    """
    if korean.model != english.model:
        raise ValueError("language_cost compares one tokenizer on two texts")
    return LanguageCost(korean, english)
