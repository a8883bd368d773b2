"""Sampling presets: named sets of decoding values, applied over a model's defaults.

A preset only carries the values that shape how the next token is chosen (temperature, top-k,
top-p, min-p, penalties). Answer length, seed and stop strings belong to the conversation, not
to a style, so ``preset_from_params`` leaves them out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.errors import SettingsError
from app.core.settings.settings import Settings
from app.core.settings.values import check_sampling_value
from app.core.types.params import SamplingParams

logger = logging.getLogger("ondol.settings")

PRESET_FIELDS = ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "presence_penalty",
                 "frequency_penalty")


@dataclass(frozen=True)
class Preset:
    """A named set of sampling values (a delta over ``SamplingParams``)."""

    name: str
    description: str
    values: dict[str, Any] = field(default_factory=dict)
    builtin: bool = False


_BUILTIN = (
    Preset("Precise", "Focused and repeatable: facts, code, summaries.",
           {"temperature": 0.2, "top_p": 0.9, "top_k": 40, "min_p": 0.05,
            "repeat_penalty": 1.1}, builtin=True),
    Preset("Balanced", "Everyday chat: natural, still on topic.",
           {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "min_p": 0.05,
            "repeat_penalty": 1.1}, builtin=True),
    Preset("Creative", "Varied and surprising: stories, brainstorming.",
           {"temperature": 1.0, "top_p": 0.98, "top_k": 100, "min_p": 0.02,
            "repeat_penalty": 1.05}, builtin=True),
)


def builtin_presets() -> dict[str, Preset]:
    """The built-in presets by name, in display order (a fresh dict each call)."""
    return {p.name: replace(p, values=dict(p.values)) for p in _BUILTIN}


def apply_preset(base: SamplingParams, preset: Preset) -> SamplingParams:
    """``base`` with the preset's values; keys that are not preset fields are skipped (logged).

    Raises:
        InvalidParameterError: a value has the wrong type (reason ``wrong_type``, e.g. a string
            in a hand-edited user preset) or is out of range.
    """
    # Each value is checked on its own: a string where a number belongs is a typed error, not
    # a TypeError from comparing it with a bound.
    known = {k: check_sampling_value(k, v) for k, v in preset.values.items()
             if k in PRESET_FIELDS}
    for unknown in sorted(set(preset.values) - set(known)):
        logger.warning("preset %r: ignoring unknown value %r", preset.name, unknown)
    return replace(base, **known).validate()


def preset_from_params(name: str, params: SamplingParams, description: str = "") -> Preset:
    """A user preset holding ``params``'s sampling values (not max_tokens, seed or stop)."""
    return Preset(name, description, {k: getattr(params, k) for k in PRESET_FIELDS})


def _check_name(name: str) -> None:
    """Raises SettingsError: ``preset_name_taken`` (a built-in's) or ``_invalid`` (blank)."""
    # Case-insensitive: "precise" next to "Precise" in a menu would only confuse.
    if not name.strip():
        raise SettingsError("A preset needs a name.", reason="preset_name_invalid", name=name)
    if name.casefold() in {b.casefold() for b in builtin_presets()}:
        raise SettingsError(f"The preset name {name!r} is taken by a built-in preset.",
                            reason="preset_name_taken", name=name)


def save_user_preset(settings: Settings, preset: Preset) -> None:
    """Store ``preset`` in ``settings.user_presets`` (replacing a user preset of that name).

    Raises:
        SettingsError: reason ``preset_name_taken`` when the name is a built-in's,
            ``preset_name_invalid`` when it is blank.
    """
    _check_name(preset.name)
    settings.user_presets[preset.name] = dict(preset.values)


def delete_user_preset(settings: Settings, name: str) -> bool:
    """Forget a user preset; True when there was one by that name."""
    return settings.user_presets.pop(name, None) is not None


def all_presets(settings: Settings) -> dict[str, Preset]:
    """Built-ins first, then the user's presets in the order they were saved.

    Raises:
        SettingsError: reason ``preset_name_taken`` when a user preset (e.g. from a
            hand-edited file) reuses a built-in name; built-ins are never overwritten.
    """
    presets = builtin_presets()
    for name, values in settings.user_presets.items():
        _check_name(name)
        presets[name] = Preset(name, "", dict(values))
    return presets
