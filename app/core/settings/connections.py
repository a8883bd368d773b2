"""Remote connections: OpenAI-compatible servers Ondol is a client of, by name.

``connections.json`` in the data folder holds each connection's name, address, where its key is
(``"keyring"``, ``"file"`` or null: the key itself is in ``secrets.KeyStore``) and what the client
learned about the server (``knobs``). Like ``settings.json`` it is versioned, written atomically,
and a damaged file never stops Ondol: it is kept aside as ``connections.json.bad-<timestamp>``
and the list starts empty. A file from a newer Ondol is left untouched and never overwritten.

The file is read again for every call, so the window and the command line may both change it.
"""

from __future__ import annotations

import builtins
import json
import logging
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.core.errors import ConnectionSettingsError
from app.core.files.atomic import move_aside, write_atomically
from app.core.files.versioned import read_versioned_json
from app.core.settings.secrets import KeyPlace, KeyStore, check_key

logger = logging.getLogger("ondol.connections")

CONNECTIONS_SCHEMA_VERSION = 1
NAME_MAX = 40


@dataclass(frozen=True)
class Connection:
    """One server. It never holds a key, so its ``repr`` cannot show one."""

    name: str
    base_url: str
    added_at: str = ""  # ISO 8601, UTC; set by ``ConnectionStore.add`` when empty


def check_name(name: str) -> str:
    """``name`` without surrounding white space.

    Raises:
        ConnectionSettingsError: reason ``bad_name``: empty, longer than 40 characters, with a
            "/" (``CONNECTION/MODEL`` splits at the first one) or a control character.
    """
    name = name.strip() if isinstance(name, str) else ""
    problem = ("empty" if not name else "too_long" if len(name) > NAME_MAX
               else "slash" if "/" in name
               else "control" if any(unicodedata.category(c).startswith("C") for c in name)
               else None)
    if problem:
        raise ConnectionSettingsError(
            f"A connection name needs 1 to {NAME_MAX} characters, without '/' or control "
            f"characters ({problem.replace('_', ' ')}).", reason="bad_name", problem=problem)
    return name


def check_url(url: str) -> str:
    """``url`` as kept: surrounding white space and a trailing "/" dropped, the rest as typed
    (with or without ``/v1``: the client decides).

    Raises:
        ConnectionSettingsError: reason ``bad_url`` (fact ``problem``): not http or https, no
            host, a bad port, a user name or password in it, a query or a fragment, spaces or
            control characters. The address is not in the error when it holds a password.
    """
    url = url.strip() if isinstance(url, str) else ""
    problem: str | None = None
    parts, port = None, None
    try:
        parts = urlsplit(url)  # raises ValueError for a broken "[IPv6]" host
        port = parts.port  # raises ValueError for a port that is not 0-65535
    except ValueError:
        problem = "port" if parts is not None else "host"
    if parts is None or problem:
        pass
    elif any(c.isspace() or unicodedata.category(c).startswith("C") for c in url):
        problem = "characters"
    elif parts.scheme.lower() not in ("http", "https"):
        problem = "scheme"
    elif "@" in parts.netloc:
        problem = "credentials"
    elif not parts.hostname:
        problem = "host"
    elif port == 0:
        problem = "port"
    elif parts.query or "?" in url:
        problem = "query"
    elif parts.fragment or "#" in url:
        problem = "fragment"
    if problem:
        # An address with "@" may hold a password: it is never repeated.
        shown = "" if "@" in url or len(url) > 200 else f" {url!r}"
        raise ConnectionSettingsError(
            f"The server address{shown} cannot be used ({problem}): it needs http:// or "
            "https:// and a host, without a user name, password, query or fragment.",
            reason="bad_url", problem=problem)
    assert parts is not None
    return parts.scheme.lower() + url[len(parts.scheme):].rstrip("/")


def _entry_from(raw: Any, seen: set[str]) -> dict[str, Any]:
    """One checked entry of the file.

    Raises:
        ValueError: the entry is not what Ondol writes.
    """
    if not isinstance(raw, dict):
        raise ValueError("a connection must be an object")
    try:
        name, url = check_name(raw.get("name")), check_url(raw.get("base_url"))
    except ConnectionSettingsError as exc:
        raise ValueError(exc.message) from None
    if name.casefold() in seen:
        raise ValueError(f"two connections are named {name!r}")
    seen.add(name.casefold())
    key, knobs, added = raw.get("key"), raw.get("knobs", {}), raw.get("added_at", "")
    if key not in (None, "keyring", "file") or not isinstance(added, str):
        raise ValueError(f"connection {name!r} has a bad 'key' or 'added_at'")
    if not isinstance(knobs, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in knobs.items()):
        raise ValueError(f"connection {name!r} has knobs that are not text")
    return {"name": name, "base_url": url, "added_at": added, "key": key, "knobs": dict(knobs)}


def _connection(entry: dict[str, Any]) -> Connection:
    return Connection(entry["name"], entry["base_url"], entry["added_at"])


class ConnectionStore:
    """The connections in one file, and their keys in a ``KeyStore`` (by default the one in
    the same folder).

    ``recovered_from`` is where the last read moved a damaged file (the window says so);
    ``newer_version`` is set while the file comes from a newer Ondol.
    """

    def __init__(self, path: Path, keys: KeyStore | None = None) -> None:
        self.path = Path(path)
        self.keys = keys if keys is not None else KeyStore(self.path.parent)
        self.recovered_from: Path | None = None
        self.newer_version: int | None = None

    # -- reading --------------------------------------------------------------------------

    def list(self) -> builtins.list[Connection]:
        """Every connection, in the order they were added. Never raises for the file."""
        return [_connection(e) for e in self._load()]

    def get(self, name: str) -> Connection:
        """The connection called ``name`` (any case).

        Raises:
            ConnectionSettingsError: reason ``not_found``.
        """
        return _connection(self._find(self._load(), name))

    def key_storage(self, name: str) -> KeyPlace | None:
        """Where the key of ``name`` is kept; None when it has no key.

        Raises:
            ConnectionSettingsError: reason ``not_found``.
        """
        return self._find(self._load(), name)["key"]

    def api_key(self, name: str) -> str | None:
        """The key of ``name``, or None when it has none. Only for sending to that server.

        Raises:
            ConnectionSettingsError: ``not_found``, ``key_file_unsafe``, ``read_failed``,
                ``keyring_unavailable``.
        """
        entry = self._find(self._load(), name)
        return self.keys.get(entry["name"], entry["key"]) if entry["key"] else None

    def knobs(self, name: str) -> dict[str, str]:
        """What the client remembers about the server (refused sampling knobs, context
        lengths); empty when nothing is known.

        Raises:
            ConnectionSettingsError: reason ``not_found``.
        """
        return dict(self._find(self._load(), name)["knobs"])

    # -- changing -------------------------------------------------------------------------

    def add(self, connection: Connection, api_key: str | None = None) -> Connection:
        """Add ``connection`` (checked; ``added_at`` filled in) with its key, and return it.

        Raises:
            ConnectionSettingsError: ``bad_name``, ``bad_url``, ``bad_key``, ``name_taken``,
                ``newer_schema``, ``write_failed``, ``key_file_unsafe``.
        """
        connection = replace(
            connection, name=check_name(connection.name), base_url=check_url(connection.base_url),
            added_at=connection.added_at or datetime.now(UTC).isoformat(timespec="seconds"))
        key = check_key(api_key) if api_key is not None else None
        entries = self._load()
        self._refuse_newer()
        if any(e["name"].casefold() == connection.name.casefold() for e in entries):
            raise ConnectionSettingsError(f"There is already a connection named "
                                          f"{connection.name}.", reason="name_taken",
                                          name=connection.name)
        place = self.keys.set(connection.name, key) if key is not None else None
        entries.append({"name": connection.name, "base_url": connection.base_url,
                        "added_at": connection.added_at, "key": place, "knobs": {}})
        try:
            self._save(entries)
        except ConnectionSettingsError:
            if place is not None:  # no key left behind for a connection that was not saved
                self.keys.delete(connection.name)
            raise
        return connection

    def remove(self, name: str) -> Connection:
        """Remove the connection ``name`` and its key; return what was removed.

        Raises:
            ConnectionSettingsError: ``not_found``, ``newer_schema``, ``write_failed``.
        """
        entries = self._load()
        self._refuse_newer()
        entry = self._find(entries, name)
        entries.remove(entry)
        self._save(entries)
        try:
            self.keys.delete(entry["name"])
        except ConnectionSettingsError as exc:  # the connection is gone; say so, keep going
            logger.warning("the key of %r could not be removed: %s", entry["name"], exc.message)
        return _connection(entry)

    def rename(self, name: str, new_name: str) -> Connection:
        """Give the connection ``name`` a new name, its key moving with it.

        Raises:
            ConnectionSettingsError: ``not_found``, ``bad_name``, ``name_taken``,
                ``newer_schema``, ``write_failed`` and the key's errors (see ``api_key``).
        """
        new_name = check_name(new_name)
        entries = self._load()
        self._refuse_newer()
        entry = self._find(entries, name)
        if any(e is not entry and e["name"].casefold() == new_name.casefold() for e in entries):
            raise ConnectionSettingsError(f"There is already a connection named {new_name}.",
                                          reason="name_taken", name=new_name)
        key = self.keys.get(entry["name"], entry["key"]) if entry["key"] else None
        old = entry["name"]
        entry["name"] = new_name
        if key is not None:
            entry["key"] = self.keys.set(new_name, key)
        self._save(entries)
        if key is not None and old.casefold() != new_name.casefold():
            self.keys.delete(old)
        return _connection(entry)

    def set_knobs(self, name: str, knobs: dict[str, str]) -> None:
        """Replace what is remembered about the server of ``name``.

        Raises:
            ConnectionSettingsError: ``not_found``, ``newer_schema``, ``write_failed``.
            TypeError: a knob or its value is not text.
        """
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in knobs.items()):
            raise TypeError("knobs map text to text")
        entries = self._load()
        self._refuse_newer()
        self._find(entries, name)["knobs"] = dict(knobs)
        self._save(entries)

    # -- the file -------------------------------------------------------------------------

    @staticmethod
    def _find(entries: builtins.list[dict[str, Any]], name: str) -> dict[str, Any]:
        wanted = name.strip().casefold() if isinstance(name, str) else ""
        for entry in entries:
            if entry["name"].casefold() == wanted:
                return entry
        raise ConnectionSettingsError(f"There is no connection named {name}.",
                                      reason="not_found", name=name)

    def _refuse_newer(self) -> None:
        if self.newer_version is not None:
            raise ConnectionSettingsError(
                f"{self.path} was written by a newer Ondol (schema {self.newer_version}); not "
                "overwriting it.", reason="newer_schema", path=str(self.path),
                schema_version=self.newer_version)

    def _load(self) -> builtins.list[dict[str, Any]]:
        """The checked entries; a missing, unreadable, damaged or newer file gives none."""
        self.newer_version = None
        read = read_versioned_json(self.path, CONNECTIONS_SCHEMA_VERSION, "connections")
        if read.damaged is not None:
            return self._recover(read.damaged)
        self.newer_version = read.newer
        data = read.data
        if data is None:  # none yet, unreadable, or from a newer Ondol: keep it, show none
            return []
        try:
            raw = data.get("connections", [])
            if not isinstance(raw, builtins.list):
                raise ValueError("'connections' must be a list")
            seen: set[str] = set()
            return [_entry_from(item, seen) for item in raw]
        except (ValueError, TypeError, RecursionError) as exc:
            return self._recover(str(exc) or type(exc).__name__)

    def _save(self, entries: builtins.list[dict[str, Any]]) -> None:
        """Write atomically (a ``.tmp`` beside it, then ``os.replace``).

        Raises:
            ConnectionSettingsError: reason ``write_failed`` (facts ``path``, ``errno``); the old
                file is intact.
        """
        text = json.dumps({"schema_version": CONNECTIONS_SCHEMA_VERSION, "connections": entries},
                          indent=2, ensure_ascii=False) + "\n"
        try:
            write_atomically(self.path, text)
        except OSError as exc:
            raise ConnectionSettingsError(
                f"Could not save the connections to {self.path}: "
                f"{exc.strerror or type(exc).__name__}", reason="write_failed",
                path=str(self.path), errno=exc.errno) from None

    def _recover(self, why: str) -> builtins.list[dict[str, Any]]:
        """Move the damaged file aside and start with no connections."""
        self.recovered_from = move_aside(self.path, "connections", why) or self.recovered_from
        return []
