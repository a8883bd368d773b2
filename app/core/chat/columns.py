"""Reading columns that another tool may have written: text folded for search, and JSON
objects that are dropped (logged) rather than hiding the row when damaged."""

from __future__ import annotations

import json
import logging
from typing import Any

from app.core.errors import InvalidParameterError

logger = logging.getLogger(__name__)


def fold(text: object) -> str | None:
    # SQLite's own LIKE folds ASCII only; casefold() also matches "Ä"/"ä", "Σ"/"σ".
    # A column written by another tool may hold a blob or a number: an exception here would
    # fail the whole search, so those are matched as text too.
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).casefold()


def to_json(value: Any, name: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"The {name} cannot be saved as JSON: {exc}",
                                    field=name, reason="not_json") from exc


def json_object(text: Any, what: str) -> dict[str, Any] | None:
    """The JSON object stored in a column, or None (logged) when it is not one.

    A row edited by hand or written by another tool must not hide every other chat: its
    parameters or statistics are dropped, the row itself stays usable.
    """
    try:
        value = json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        logger.warning("ignoring the damaged %s (%s)", what, type(exc).__name__)
        return None
    if not isinstance(value, dict):
        logger.warning("ignoring the %s: not a JSON object", what)
        return None
    return value
