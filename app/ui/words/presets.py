"""Preset names and descriptions in the window's language.

The core names its built-in presets in English ("Precise", "Balanced", "Creative"): those names
are their keys (saved in settings, used by the command line). The window shows the words below
for them; a user's own preset is shown under the name the user gave it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.settings.presets import Preset

_NAMES = {
    "Precise": QT_TRANSLATE_NOOP("Presets", "Precise"),
    "Balanced": QT_TRANSLATE_NOOP("Presets", "Balanced"),
    "Creative": QT_TRANSLATE_NOOP("Presets", "Creative"),
}

_DESCRIPTIONS = {
    "Precise": QT_TRANSLATE_NOOP("Presets", "Focused and repeatable: facts, code, summaries."),
    "Balanced": QT_TRANSLATE_NOOP("Presets", "Everyday chat: natural, still on topic."),
    "Creative": QT_TRANSLATE_NOOP("Presets", "Varied and surprising: stories, brainstorming."),
}


def preset_label(preset: Preset) -> str:
    """The name to show for ``preset`` (a built-in's in the window's language)."""
    if preset.builtin and preset.name in _NAMES:
        return QCoreApplication.translate("Presets", _NAMES[preset.name])
    return preset.name


def preset_description(preset: Preset) -> str:
    """What the preset is for, in the window's language ("" for a user's preset)."""
    if preset.builtin and preset.name in _DESCRIPTIONS:
        return QCoreApplication.translate("Presets", _DESCRIPTIONS[preset.name])
    return preset.description
