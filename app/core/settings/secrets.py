"""Where the API keys of remote connections live: the system keyring, or a file only the user
can read.

``keyring`` is used when the system has a usable keyring (macOS Keychain, Windows Credential
Locker, the Secret Service on Linux desktops). Headless machines and containers have none: keyring
then picks its "fail" or "null" backend, or a chainer with nothing to chain, and the keys go to
``keys.json`` in the data folder instead, created with mode 0600 and refused when its mode is
wider. A key is never logged, never put in an error, and shown only as ``mask(key)``.
"""

from __future__ import annotations

import json
import logging
import os
import unicodedata
from pathlib import Path
from typing import Any, Literal

from app.core.errors import ConnectionSettingsError
from app.core.files.atomic import move_aside, write_atomically
from app.core.settings.paths import KEYS_FILE

logger = logging.getLogger("ondol.secrets")

SERVICE = "Ondol"  # the keyring's service name for every connection key
KEYS_SCHEMA_VERSION = 1
KeyPlace = Literal["keyring", "file"]


def mask(key: str | None) -> str:
    """A key as it may be shown: its first three and last four characters (``sk-…9f2c``);
    short keys show less, so a mask never gives away most of a key."""
    if not key:
        return ""
    if len(key) >= 12:
        return f"{key[:3]}…{key[-4:]}"
    return f"…{key[-2:]}" if len(key) >= 8 else "…"


def check_key(key: str) -> str:
    """``key`` without surrounding white space (a pasted or piped key ends with a newline).

    Raises:
        ConnectionSettingsError: reason ``bad_key``: empty, or with control characters (it goes
            into an HTTP header, where a line break would start another header).
    """
    key = key.strip() if isinstance(key, str) else ""
    if not key or any(unicodedata.category(ch).startswith("C") for ch in key):
        raise ConnectionSettingsError("An API key must be one line of visible text.",
                                      reason="bad_key")
    return key


def system_keyring() -> Any | None:
    """The system's keyring backend, or None when there is no usable one.

    Never raises: keyring missing, its backend discovery failing (it runs third-party plugins and
    may talk to D-Bus), and the fail / null / empty-chainer backends all mean "no keyring".
    """
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # a broken keyring install must not stop anything
        return None
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, (fail.Keyring, null.Keyring)):
            return None
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return None
        # A priority of 0 or less is how keyring marks a backend it does not recommend.
        return backend if backend.priority > 0 else None
    except Exception:  # priority raises for backends that are not viable
        return None


def _account(name: str) -> str:
    """The keyring's user name for a connection (names are unique case-insensitively)."""
    return f"connection/{name.casefold()}"


class KeyStore:
    """The keys of the connections, by connection name (case-insensitive)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / KEYS_FILE

    def where(self) -> KeyPlace:
        """Where a key set now would go."""
        return "keyring" if system_keyring() is not None else "file"

    def set(self, name: str, key: str) -> KeyPlace:
        """Keep ``key`` for ``name`` and return where it went; a keyring that refuses (locked,
        its service gone) makes it go to the file.

        Raises:
            ConnectionSettingsError: ``bad_key``; ``key_file_unsafe`` or ``write_failed`` when
                the key file is needed and cannot be used.
        """
        key = check_key(key)
        backend = system_keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, _account(name), key)
            except Exception as exc:  # any keyring failure falls back to the file
                # The exception's text is not logged: a backend might echo what it was given.
                logger.warning("the system keyring did not take the key of %r (%s); keeping it "
                               "in %s", name, type(exc).__name__, self.path)
            else:
                try:  # an older copy in the file is dropped; the key is safe either way
                    self._drop_from_file(name)
                except ConnectionSettingsError as exc:
                    logger.warning("an older key of %r stays in %s: %s", name, self.path,
                                   exc.message)
                return "keyring"
        keys = self._read_file()
        keys[name.casefold()] = key
        self._write_file(keys)
        return "file"

    def get(self, name: str, place: KeyPlace | None = None) -> str | None:
        """The key of ``name`` (from ``place`` only, when given), or None when it has none.

        Raises:
            ConnectionSettingsError: ``key_file_unsafe`` (the file's mode is wider than 0600),
                ``read_failed`` (the key file cannot be read),
                ``keyring_unavailable`` (the key is in a keyring that cannot be read now).
        """
        if place in (None, "file"):
            key = self._read_file().get(name.casefold())
            if key is not None or place == "file":
                return key
        backend = system_keyring()
        if backend is None:
            if place == "keyring":
                raise ConnectionSettingsError(
                    f"The key of {name} is in the system keyring, which is not available.",
                    reason="keyring_unavailable", name=name)
            return None
        try:
            found = backend.get_password(SERVICE, _account(name))
        except Exception as exc:  # locked, refused, D-Bus gone
            raise ConnectionSettingsError(
                f"The system keyring did not give the key of {name} ({type(exc).__name__}); it "
                "may be locked.", reason="keyring_unavailable", name=name) from None
        return found if isinstance(found, str) else None

    def delete(self, name: str) -> None:
        """Forget the key of ``name`` wherever it is; a key already gone is not an error.

        Raises:
            ConnectionSettingsError: ``key_file_unsafe`` or ``write_failed`` (the key file).
        """
        self._drop_from_file(name)
        backend = system_keyring()
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE, _account(name))
        except Exception as exc:  # "no such key" is an exception in keyring too
            logger.info("no key of %r removed from the system keyring (%s)", name,
                        type(exc).__name__)

    # -- the file ---------------------------------------------------------------------------

    def _drop_from_file(self, name: str) -> None:
        if not self.path.exists():
            return
        keys = self._read_file()
        if keys.pop(name.casefold(), None) is not None:
            self._write_file(keys)

    def _read_file(self) -> dict[str, str]:
        """The keys in the file; a damaged file is moved aside (its keys are kept there)."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)  # a planted link is not followed
        try:
            fd = os.open(self.path, flags)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._unsafe_or_failed(exc) from None
        with os.fdopen(fd, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            if os.name == "posix" and mode & 0o077:
                raise ConnectionSettingsError(
                    f"{self.path} can be read by other users (mode {mode & 0o777:o}); run "
                    f"chmod 600 on it before Ondol uses the keys in it.",
                    reason="key_file_unsafe", path=str(self.path), mode=f"{mode & 0o777:o}")
            raw = f.read()
        try:
            data = json.loads(raw.decode("utf-8"))
            keys = data["keys"] if isinstance(data, dict) else None
            if not isinstance(keys, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
                raise ValueError("the key file must map names to keys")
        except (ValueError, KeyError, RecursionError) as exc:  # bad JSON is a ValueError
            self._move_aside(type(exc).__name__)
            return {}
        return dict(keys)

    def _write_file(self, keys: dict[str, str]) -> None:
        """Write atomically; the file is created 0600, never widened and then narrowed."""
        text = json.dumps({"schema_version": KEYS_SCHEMA_VERSION, "keys": keys}, indent=2,
                          ensure_ascii=False) + "\n"
        try:
            write_atomically(self.path, text, private=True)
        except OSError as exc:
            raise ConnectionSettingsError(
                f"Could not save the keys to {self.path}: {exc.strerror or type(exc).__name__}",
                reason="write_failed", path=str(self.path), errno=exc.errno) from None

    def _unsafe_or_failed(self, exc: OSError) -> ConnectionSettingsError:
        # O_NOFOLLOW on a symbolic link fails with ELOOP: treat it as an unsafe file.
        if self.path.is_symlink():
            return ConnectionSettingsError(
                f"{self.path} is a symbolic link; Ondol does not read keys through one.",
                reason="key_file_link", path=str(self.path))
        return ConnectionSettingsError(
            f"Could not read the keys in {self.path}: {exc.strerror or type(exc).__name__}",
            reason="read_failed", path=str(self.path), errno=exc.errno)

    def _move_aside(self, why: str) -> None:
        move_aside(self.path, "keys", why)  # the rename keeps the 0600 mode
