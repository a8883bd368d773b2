"""Reading a JSON file that carries its ``schema_version``: what every store checks before it
looks at its own fields, in one place.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JsonRead:
    """What reading a versioned JSON file found; ``data`` is None unless it can be used."""

    data: dict[str, Any] | None = None
    version: int = 0
    damaged: str | None = None  # why the file cannot be used: the caller sets it aside
    newer: int | None = None  # the schema version of a newer Ondol: leave the file alone


def read_versioned_json(path: Path, current: int, what: str) -> JsonRead:
    """The JSON object in ``path`` with a ``schema_version`` from 1 to ``current``.

    A missing file, or one that cannot be read (permissions, a folder in the way), gives an
    empty ``JsonRead`` (the latter logged as ``what``); text that is not UTF-8, not JSON, not an
    object or without a valid version is ``damaged``; a version above ``current`` is ``newer``.

    Raises:
        nothing.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return JsonRead()
    except UnicodeDecodeError as exc:
        return JsonRead(damaged=f"not UTF-8 text: {exc.reason}")
    except OSError as exc:
        logger.warning("cannot read %s %s (%s)", what, path, exc.strerror or exc)
        return JsonRead()
    try:
        data = json.loads(text)
    # JSONDecodeError is a ValueError; nesting deeper than Python's stack is a RecursionError.
    except (ValueError, RecursionError) as exc:
        return JsonRead(damaged=str(exc) or type(exc).__name__)
    if not isinstance(data, dict):
        return JsonRead(damaged=f"the {what} file must hold a JSON object")
    version = data.get("schema_version")
    if type(version) is not int or version < 1:
        return JsonRead(damaged=f"bad schema_version {version!r}")
    if version > current:
        logger.warning("%s %s are from a newer Ondol (schema %d > %d); leaving the file "
                       "untouched", what, path, version, current)
        return JsonRead(newer=version)
    return JsonRead(data=data, version=version)
