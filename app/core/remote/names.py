"""The ``remote:`` names a remote model goes by wherever a local model's path would."""

from __future__ import annotations

PREFIX = "remote:"


def remote_path(connection: str, model_id: str) -> str:
    """``remote:<connection>/<model id>`` (a model id may itself contain "/").

    Raises:
        ValueError: the connection name is empty or contains "/".
    """
    if not connection or "/" in connection:
        raise ValueError(f"A connection name must be non-empty without '/': {connection!r}")
    return f"{PREFIX}{connection}/{model_id}"


def parse_remote_path(path: str) -> tuple[str, str] | None:
    """(connection, model id) of a ``remote:`` name, or None for anything else (a file path).

    Split at the first "/": connection names never contain one, model ids often do.
    """
    if not path.startswith(PREFIX):
        return None
    connection, sep, model_id = path[len(PREFIX):].partition("/")
    if not connection or not sep or not model_id:
        return None
    return connection, model_id
