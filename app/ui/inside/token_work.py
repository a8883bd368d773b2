"""The Tokens tab's question to the runtime: one text through the loaded model's tokenizer and,
when asked, another model's (read from its file alone), with each one's cost of Korean
against English on the shipped samples. Runs on the runtime worker's thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import OndolError
from app.core.inspect.tokens import Tokenization
from app.core.inspect.tokens_compare import LanguageCost, language_cost, sample_text


@dataclass
class Side:
    """One tokenizer's answer: the text's tokens and its Korean/English cost, or an error."""

    tokens: Tokenization | None = None
    cost: LanguageCost | None = None
    error: OndolError | None = None


@dataclass
class TokensAnswer:
    """The loaded model's side (None: no model loaded) and the compared one's (None: none)."""

    loaded: Side | None = None
    compared: Side | None = None


def _side(client: Any, text: str, path: str | None, cost: LanguageCost | None) -> Side:
    try:
        tokens = client.token_spans(text, path=path)
        if cost is None:
            cost = language_cost(client.token_spans(sample_text("ko"), path=path),
                                 client.token_spans(sample_text("en"), path=path))
    except OndolError as error:
        return Side(error=error)
    return Side(tokens, cost)


def split_text(client: Any, text: str, with_loaded: bool, compare_path: str | None,
               costs: dict[str, LanguageCost]) -> TokensAnswer:
    """``text`` through the loaded model (when ``with_loaded``) and the model at
    ``compare_path`` (when given); ``costs`` holds the sample costs already known, by the
    model key ("" for the loaded model, else the path).

    Raises:
        nothing: each side's error is kept on its side.
    """
    answer = TokensAnswer()
    if with_loaded:
        answer.loaded = _side(client, text, None, costs.get(""))
    if compare_path:
        answer.compared = _side(client, text, compare_path, costs.get(compare_path))
    return answer
