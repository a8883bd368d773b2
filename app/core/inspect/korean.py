"""Whether to advise a Korean speaker to pick another model: its tokenizer spends far more on
Korean than on English, or its card says it is not multilingual; never for a model whose card
says it handles Korean. The shipped list (``resources/inspect/korean_models.json``) gives a
reason code for each family; the window turns codes into words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.resources import resource_path

RATIO_LIMIT = 3.0  # Korean tokens per English token above which Korean is costly

# Why advice is (not) given, beyond the list's own reason codes.
COSTLY = "costly_tokenizer"
FITS = "tokenizer_fits"


@dataclass(frozen=True)
class ModelFamily:
    """One entry of the shipped list."""

    family: str
    match: str
    unless: str
    reason: str
    search: str = ""  # the hub search that lists this family (good ones only)

    def matches(self, name: str) -> bool:
        """Whether ``name`` (lower-cased) is of this family."""
        name = name.lower()
        return bool(re.search(self.match, name)) and not (
            self.unless and re.search(self.unless, name))


@dataclass(frozen=True)
class KoreanModels:
    """The families known to handle Korean well, and those known not to be multilingual."""

    good: tuple[ModelFamily, ...]
    not_multilingual: tuple[ModelFamily, ...]


@cache
def korean_models() -> KoreanModels:
    """The shipped list.

    Raises:
        OSError, ValueError: the file is missing or damaged (a packaging mistake).
    """
    data = json.loads(resource_path("inspect", "korean_models.json").read_text(encoding="utf-8"))
    return KoreanModels(tuple(ModelFamily(**e) for e in data["good"]),
                        tuple(ModelFamily(**e) for e in data["not_multilingual"]))


@dataclass(frozen=True)
class KoreanAdvice:
    """The decision: ``advise`` and why (a list reason code, ``COSTLY`` or ``FITS``)."""

    advise: bool
    reason: str
    family: str | None  # the list entry that decided, if one did
    ratio: float | None

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly."""
        return {"advise": self.advise, "reason": self.reason, "family": self.family,
                "korean_per_english": None if self.ratio is None else round(self.ratio, 3)}


def model_names(path: str | Path, *others: str | None) -> list[str]:
    """Names a model goes by: its file or folder name (without ``onnx/``), plus ``others``
    (GGUF ``general.name``, a repository id) when known."""
    p = Path(path)
    if p.suffix == ".onnx":
        p = p.parent
    if p.name == "onnx":
        p = p.parent
    return [p.name, *(o for o in others if o)]


def _first_match(families: Iterable[ModelFamily], names: list[str]) -> ModelFamily | None:
    return next((f for f in families if any(f.matches(n) for n in names)), None)


def korean_advice(names: list[str], ratio: float | None,
                  models: KoreanModels | None = None) -> KoreanAdvice:
    """Whether to advise another model for Korean.

    ``names``: what the model goes by (``model_names``); ``ratio``: its tokenizer's Korean
    tokens per English token on the shipped samples (None: not measured).

    Raises:
        nothing.
    """
    models = models or korean_models()
    good = _first_match(models.good, names)
    if good is not None:
        return KoreanAdvice(False, good.reason, good.family, ratio)
    weak = _first_match(models.not_multilingual, names)
    if weak is not None:
        return KoreanAdvice(True, weak.reason, weak.family, ratio)
    if ratio is not None and ratio > RATIO_LIMIT:
        return KoreanAdvice(True, COSTLY, None, ratio)
    return KoreanAdvice(False, FITS, None, ratio)
