"""Checks on the numbers in an ONNX model's configuration (``genai_config.json``, ``config.json``).

The layer, head, size and context numbers feed the memory estimate and the planner, so a
string, a fraction, ``NaN``, ``1e999`` or an absurd value where a count belongs makes the model
unusable with a sentence, rather than an exception deep inside planning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from app.core.errors import CorruptModelError
from app.core.formats.metadata import MIN_CONTEXT_LENGTH

# No real model comes near this for any count (layers, heads, sizes, context, vocabulary).
_MAX_COUNT = 2**31 - 1

# Where the planning numbers sit in each layout: (section path, keys).
_GENAI_FIELDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("decoder",), ("num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                    "hidden_size", "head_size")),
    ((), ("context_length", "vocab_size")),
)
_CONTEXT_KEYS = ("context_length", "max_position_embeddings")
_OPTIMUM_FIELDS: tuple[str, ...] = (
    "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "hidden_size",
    "head_dim", "max_position_embeddings", "vocab_size",
)


def is_count(value: Any) -> bool:
    """A whole number from 1 to 2**31 - 1 (``bool`` is not a number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_COUNT


def check_genai_numbers(model: dict[str, Any], config_file: Path) -> None:
    """The planning numbers of ``genai_config.json["model"]``, where present, are counts.

    Raises:
        CorruptModelError: one is not (``reason="bad_config_value"``, facts ``key``, ``value``),
            or the context length is under 16 (``reason="context_too_small"``).
    """
    for section_path, keys in _GENAI_FIELDS:
        section: Any = model
        for part in section_path:
            section = section.get(part) if isinstance(section, dict) else None
        if isinstance(section, dict):
            prefix = "model." + "".join(f"{p}." for p in section_path)
            _check(section, keys, prefix, config_file)


def check_optimum_numbers(config: dict[str, Any], config_file: Path) -> None:
    """The planning numbers of ``config.json`` (or its ``text_config``), where present, are counts.

    Raises:
        CorruptModelError: one is not (``reason="bad_config_value"``, facts ``key``, ``value``),
            or the context length is under 16 (``reason="context_too_small"``).
    """
    text = config.get("text_config")
    if isinstance(text, dict):
        _check(text, _OPTIMUM_FIELDS, "text_config.", config_file)
    else:
        _check(config, _OPTIMUM_FIELDS, "", config_file)


def _check(section: dict[str, Any], keys: tuple[str, ...], prefix: str,
           config_file: Path) -> None:
    for key in keys:
        value = section.get(key)
        if key in _CONTEXT_KEYS and type(value) is int and 0 <= value < MIN_CONTEXT_LENGTH:
            _context_too_small(value, prefix + key, config_file)
        if value is None or is_count(value):  # absent (or null) is allowed: planning guesses
            continue
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise CorruptModelError(
            f"{config_file.name} in {config_file.parent} says {prefix}{key} is {shown}, which "
            "is not a valid count. Download the model again.",
            path=str(config_file), truncated=False, reason="bad_config_value",
            file=config_file.name, folder=str(config_file.parent), key=prefix + key,
            value=shown)


def _context_too_small(value: int, key: str, config_file: Path) -> NoReturn:
    """Planning would pick a context under the minimum and the load would blame the user.

    Raises:
        CorruptModelError: always (``reason="context_too_small"``).
    """
    raise CorruptModelError(
        f"{config_file.name} in {config_file.parent} says its model was trained on a context "
        f"length of {value} ({key}), too short to hold a conversation (at least "
        f"{MIN_CONTEXT_LENGTH}). Download the model again.",
        path=str(config_file), truncated=False, reason="context_too_small",
        context_length=value, minimum=MIN_CONTEXT_LENGTH, key=key)
