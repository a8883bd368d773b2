"""The Korean advice's words (``app.core.inspect.korean``): the notice's sentence from the
measured cost and the reason code, and each shipped family's reason for the model browser."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.inspect.korean import RATIO_LIMIT, KoreanAdvice
from app.ui.words.sizes import format_number

CONTEXT = "Korean"

# Why a family handles Korean well (the browser's rows), or why a model does not.
REASONS: dict[str, str] = {
    "card_lists_korean": QT_TRANSLATE_NOOP("Korean", "Its model card lists Korean among the "
                                                     "languages it supports."),
    "card_many_languages": QT_TRANSLATE_NOOP("Korean", "Trained on many languages, Korean "
                                                       "among them."),
    "card_korean_english": QT_TRANSLATE_NOOP("Korean", "Made in Korea for Korean and English."),
    "card_korean_first": QT_TRANSLATE_NOOP("Korean", "Made in Korea, with Korean first."),
    "card_english_only": QT_TRANSLATE_NOOP("Korean", "Its model card says it was trained for "
                                                     "English only."),
    "costly_tokenizer": QT_TRANSLATE_NOOP("Korean", "It splits Korean into many small pieces."),
    "tokenizer_fits": QT_TRANSLATE_NOOP("Korean", "It reads Korean about as cheaply as "
                                                  "English."),
}
COST = QT_TRANSLATE_NOOP("Korean", "This model spends {ratio}× the tokens on Korean that it "
                                   "spends on English: answers come slower and less of the "
                                   "conversation fits.")
FIND = QT_TRANSLATE_NOOP("Korean", "Find models that handle Korean well")


def reason_text(code: str) -> str:
    """One reason code in words ("" for a code the window does not know)."""
    source = REASONS.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else ""


def advice_text(advice: KoreanAdvice) -> str:
    """The notice's sentences: the measured cost when it is high, then the card's word.

    Raises:
        nothing.
    """
    sentences = []
    if advice.ratio is not None and advice.ratio > RATIO_LIMIT:
        sentences.append(QCoreApplication.translate(CONTEXT, COST).format(
            ratio=format_number(advice.ratio, 1)))
    if advice.reason != "costly_tokenizer" or not sentences:
        sentences.append(reason_text(advice.reason))
    return " ".join(s for s in sentences if s)


def find_text() -> str:
    """The notice's button."""
    return QCoreApplication.translate(CONTEXT, FIND)
