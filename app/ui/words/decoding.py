"""The decoding playground's words: what each knob does, in plain words, and the sentences
around the two charts and the three answers.

The core gives numbers (probabilities, counts, entropy); the sentences are here, in the
window's language, with the locale's digits.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.words.sizes import format_number


def _tr(text: str) -> str:
    return QCoreApplication.translate("Decoding", text)


def knob_name(knob: str) -> str:
    """The knob's short name: ``temperature``, ``top_k``, ``top_p``, ``min_p``."""
    names = {
        "temperature": QCoreApplication.translate("Decoding", "Temperature"),
        "top_k": QCoreApplication.translate("Decoding", "Top-k"),
        "top_p": QCoreApplication.translate("Decoding", "Top-p"),
        "min_p": QCoreApplication.translate("Decoding", "Min-p"),
    }
    return names.get(knob, knob)


def knob_help(knob: str) -> str:
    """What the knob does, in one or two plain sentences (also for ``greedy`` and ``seed``)."""
    words = {
        "temperature": QCoreApplication.translate(
            "Decoding",
            "Reshapes the odds before the dice are rolled: below 1 the likely tokens get "
            "likelier, above 1 the odds even out and unlikely tokens get a chance. 0 is greedy.",
        ),
        "top_k": QCoreApplication.translate(
            "Decoding", "Keeps only the k most likely tokens and cuts the rest (0 = off)."
        ),
        "top_p": QCoreApplication.translate(
            "Decoding",
            "Keeps the most likely tokens until together they reach this share of the "
            "probability; the long tail of unlikely tokens is cut (1 = off).",
        ),
        "min_p": QCoreApplication.translate(
            "Decoding",
            "Cuts every token less than this fraction as likely as the best one "
            "(0.05 = at least 1/20 as likely; 0 = off).",
        ),
        "greedy": QCoreApplication.translate(
            "Decoding",
            "Greedy: always take the most likely token. No dice: the same prompt always gives "
            "the same answer.",
        ),
        "seed": QCoreApplication.translate(
            "Decoding",
            "The seed fixes the dice: the same seed and the same settings give the same answer.",
        ),
    }
    return words.get(knob, "")


def explanation() -> str:
    """The short paragraph that says what the tab shows."""
    return QCoreApplication.translate(
        "Decoding",
        "The model scores every token it knows and turns the scores into probabilities "
        "(left). A decoding strategy then picks one: greedy takes the most likely, sampling "
        "rolls dice weighted by the probabilities left after the knobs (right). Top-k, top-p "
        "and min-p cut first, then temperature reshapes what they kept. The chosen token is "
        "added to the text and the loop starts again, one token at a time.",
    )


def entropy(bits: float) -> str:
    """``Entropy: 2.3 bits``."""
    return QCoreApplication.translate("Decoding", "Entropy: {bits} bits").format(
        bits=format_number(bits, 2)
    )


def in_play(kept: int, vocabulary: int) -> str:
    """``3 of 49,152 tokens still in play``."""
    return QCoreApplication.translate("Decoding", "{kept} of {total} tokens still in play").format(
        kept=format_number(kept), total=format_number(vocabulary)
    )


def before_title() -> str:
    """The left chart's heading."""
    return QCoreApplication.translate("Decoding", "The model's odds for the next token")


def after_title() -> str:
    """The right chart's heading."""
    return QCoreApplication.translate("Decoding", "After the knobs: what the dice are rolled on")


def rest_label() -> str:
    """The last row of a chart: every token not shown."""
    return QCoreApplication.translate("Decoding", "the rest")


def cut_by(knob: str) -> str:
    """A cut row's tip: which knob cut it."""
    return QCoreApplication.translate("Decoding", "Cut by {knob}").format(knob=knob_name(knob))


def token_tip(token_id: int, probability: float) -> str:
    """A row's tip: the token's id and probability."""
    return QCoreApplication.translate("Decoding", "Token id {id}, probability {p} %").format(
        id=token_id, p=format_number(probability * 100, 2)
    )


def chart_description(before: bool) -> str:
    """What a screen reader hears first about a chart."""
    if before:
        return QCoreApplication.translate(
            "Decoding", "The next token's probabilities, most likely first:"
        )
    return QCoreApplication.translate(
        "Decoding", "The probabilities after temperature, top-k, top-p and min-p:"
    )


def no_model() -> str:
    """Shown while no model is loaded."""
    return QCoreApplication.translate(
        "Decoding",
        "No model is loaded: load one on the Chat page to see how it picks the next token.",
    )


def failed(reason: str) -> str:
    """Shown when the runtime could not give the distribution or an answer."""
    return QCoreApplication.translate("Decoding", "The runtime could not answer: {reason}").format(
        reason=reason
    )


def waiting() -> str:
    """Shown while a chat answer streams and the playground's question waits its turn."""
    return QCoreApplication.translate("Decoding", "Waiting for the chat's answer to finish…")


def example_prompt() -> str:
    """The prompt when no chat is open: a question from the brief's own example."""
    return QCoreApplication.translate("Decoding", "What is Docker?")


def answer_title(kind: str, temperature: float, top_k: int, top_p: float, min_p: float) -> str:
    """The heading above one of the three answers."""
    if kind == "greedy":
        return QCoreApplication.translate("Decoding", "Greedy (temperature 0)")
    values = QCoreApplication.translate(
        "Decoding", "temperature {t}, top-k {k}, top-p {p}, min-p {m}"
    ).format(
        t=format_number(temperature, 2),
        k=format_number(top_k),
        p=format_number(top_p, 2),
        m=format_number(min_p, 2),
    )
    if kind == "panel":
        return QCoreApplication.translate("Decoding", "Your settings ({values})").format(
            values=values
        )
    return QCoreApplication.translate("Decoding", "Hot ({values})").format(values=values)


def seed_line(seed: int, chosen: bool) -> str:
    """Under the Generate button: the seed the three answers share."""
    if chosen:
        return QCoreApplication.translate(
            "Decoding",
            "Seed {seed} (chosen for this click; the panel has none): the same for all three.",
        ).format(seed=seed)
    return QCoreApplication.translate(
        "Decoding", "Seed {seed} (the panel's): the same for all three."
    ).format(seed=seed)


def stopped() -> str:
    """An answer box whose answer was stopped."""
    return QCoreApplication.translate("Decoding", "(stopped)")


def empty_answer() -> str:
    """An answer box whose answer ended at once."""
    return QCoreApplication.translate("Decoding", "(the model ended the answer at once)")
