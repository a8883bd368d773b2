"""Planning's reasons and fit labels in the window's language.

The core gives a ``Reason`` (a code and its values, ``app.core.planning.reasons``) or a
``FitLabel``; its English words (``app.core.planning.words``) are for the command line. The window
says the same codes through ``reason_text`` and ``fit_text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.planning.reasons import Reason
from app.ui.words.errors import placeholders
from app.ui.words.planning_sentences import SENTENCES, WHERE
from app.ui.words.sizes import format_number, format_size

CONTEXT = "Planning"


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def _as_reason(value: Any) -> Reason | None:
    """A ``Reason``, or one in its ``to_dict`` form."""
    if isinstance(value, Reason):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("code"), str):
        return Reason(value["code"], dict(value.get("params") or {}))
    return None


def _value(name: str, value: Any) -> str | None:
    """One value as text; None when it cannot fill a sentence (None, empty)."""
    nested = _as_reason(value)
    if nested is not None:
        return reason_text(nested)
    if isinstance(value, Enum):
        return fit_text(value)
    if isinstance(value, (tuple, list)):
        parts = [p for p in (_value(name, v) for v in value) if p]
        return (" + " if name == "features" else ", ").join(parts) or None
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if (name.endswith("_bytes") or name.startswith("bytes_")) and isinstance(value, (int, float)):
        return format_size(value)
    if name in ("tps", "other_tps") and isinstance(value, (int, float)):
        return format_number(value)
    if name == "share" and isinstance(value, (int, float)):
        return QCoreApplication.translate("Planning", "{percent}%").format(
            percent=format_number(100 * value))
    if name == "where" and value in WHERE:
        return _tr(WHERE[value])
    return str(value)


def _keys(code: str, params: Mapping[str, Any]) -> list[str]:
    if code == "refuse.memory":
        return [f"{code}/{params.get('format')}", code]
    if code == "fitnote.built_for":
        return [f"{code}/{params.get('target')}", code]
    return [code]


def reason_text(reason: Reason | Mapping[str, Any]) -> str:
    """A planning reason (or its ``to_dict`` form) as words in the window's language.

    Raises:
        KeyError: a code without words here (a test keeps every core code covered).
    """
    found = _as_reason(reason)
    if found is None:
        raise KeyError(f"not a reason: {reason!r}")
    values = {name: text for name, text in
              ((n, _value(n, v)) for n, v in found.params.items()) if text is not None}
    sources = [s for key in _keys(found.code, found.params) for s in SENTENCES.get(key, ())]
    if not sources:
        raise KeyError(found.code)
    for source in sources:
        text = _tr(source)
        if placeholders(text) <= values.keys():
            return text.format(**values)
    return _tr(sources[-1]).format_map(_Blank(values))


def fit_text(label: Enum | str) -> str:
    """A fit label (``FitLabel`` or its value) in the window's language.

    Raises:
        KeyError: an unknown label.
    """
    value = label.value if isinstance(label, Enum) else label
    return _tr(SENTENCES[f"fit.{value}"][0])


class _Blank(dict):  # type: ignore[type-arg]
    """Values for ``format_map`` that leave a missing one empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""
