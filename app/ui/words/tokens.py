"""The Tokens tab's words: counts, what a token is, and the point the numbers make.

The core gives counts and ratios (``app.core.inspect``); the sentences are here, in the
window's language, with the locale's digits.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.inspect.tokens import Tokenization, TokenKind, TokenSpan
from app.core.inspect.tokens_compare import LanguageCost
from app.ui.words.sizes import format_number


def _tr(text: str) -> str:
    return QCoreApplication.translate("Tokens", text)


def counts(t: Tokenization) -> str:
    """``120 tokens · 310 characters · 2.6 characters per token``."""
    return QCoreApplication.translate(
        "Tokens", "{tokens} tokens · {chars} characters · {cpt} characters per token"
    ).format(
        tokens=format_number(t.tokens),
        chars=format_number(t.characters),
        cpt=format_number(t.chars_per_token, 1),
    )


def counts_summary(model: str, t: Tokenization) -> str:
    """What a screen reader hears about a whole view."""
    return QCoreApplication.translate(
        "Tokens",
        "{model} splits this text into {tokens} tokens: {chars} characters, "
        "{cpt} characters per token. Use the arrow keys to read each token.",
    ).format(
        model=model,
        tokens=format_number(t.tokens),
        chars=format_number(t.characters),
        cpt=format_number(t.chars_per_token, 1),
    )


def kind_name(kind: TokenKind) -> str:
    """What sort of piece a token is, in a few words."""
    names = {
        TokenKind.NORMAL: QCoreApplication.translate("Tokens", "text"),
        TokenKind.SPECIAL: QCoreApplication.translate("Tokens", "special token"),
        TokenKind.WHITESPACE: QCoreApplication.translate("Tokens", "spaces or line breaks"),
        TokenKind.BYTE: QCoreApplication.translate("Tokens", "one byte of a character"),
    }
    return names[kind]


def token_detail(index: int, total: int, span: TokenSpan, text: str) -> str:
    """``Token 5 of 120: 가 · id 1234 · bytes EA B0 80 · text``; a byte piece also says the
    character it is part of (``text``: the whole text the span belongs to)."""
    detail = QCoreApplication.translate(
        "Tokens", "Token {n} of {total}: {label} · id {id} · bytes {hex} · {kind}"
    ).format(
        n=format_number(index + 1),
        total=format_number(total),
        label=span.label,
        id=span.token_id,
        hex=span.raw.hex(" ").upper() or "—",
        kind=kind_name(span.kind),
    )
    whole = text[span.char_start : span.char_end]
    if span.kind is TokenKind.BYTE and whole.strip():
        detail += QCoreApplication.translate("Tokens", " (part of “{chars}”)").format(
            chars=whole.strip()
        )
    return detail


def language_cost_sentence(model: str, cost: LanguageCost, context: int) -> str:
    """ "SmolLM2 spends 4.5 tokens on Korean for every token on English; a 4,096-token context
    holds about 1,900 Korean characters." (from the shipped samples)."""
    return QCoreApplication.translate(
        "Tokens",
        "{model} spends {ratio} tokens on Korean for every token on English; a "
        "context of {context} tokens holds about {chars} Korean characters.",
    ).format(
        model=model,
        ratio=format_number(cost.ratio, 1),
        context=format_number(context),
        chars=format_number(_about(cost.korean_chars_in(context))),
    )


def _about(n: int) -> int:
    """A round figure: hundreds from a thousand up, tens below."""
    return round(n, -2) if n >= 1000 else round(n, -1)


def compare_sentence(first: str, second: str, ratio: float) -> str:
    """How the second model's count on this text stands against the first's."""
    if ratio <= 0:
        return ""
    if ratio >= 1:
        return QCoreApplication.translate(
            "Tokens", "On this text, {second} needs {ratio}× the tokens {first} needs."
        ).format(second=second, first=first, ratio=format_number(ratio, 1))
    return QCoreApplication.translate(
        "Tokens", "On this text, {second} needs {share}% fewer tokens than {first}."
    ).format(second=second, first=first, share=format_number((1 - ratio) * 100))


def no_model() -> str:
    """The tab with no model loaded."""
    return QCoreApplication.translate(
        "Tokens",
        "No model is loaded. Load one to see how it splits this text into tokens; "
        "a model picked under Compare with is read without loading it.",
    )


def model_loading() -> str:
    """A load is under way."""
    return QCoreApplication.translate(
        "Tokens", "The model is loading; its tokens follow when it is ready."
    )


def waiting_for_answer() -> str:
    """A question to the runtime waits behind a streaming answer."""
    return QCoreApplication.translate("Tokens", "Waiting for the answer to finish…")


def no_comparison() -> str:
    """The compare picker's first choice."""
    return QCoreApplication.translate("Tokens", "No comparison")


def failed(reason: str) -> str:
    """Splitting the text failed (the reason already in words)."""
    return QCoreApplication.translate("Tokens", "These tokens could not be read: {reason}").format(
        reason=reason
    )
