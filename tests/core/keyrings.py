"""Small keyring backends for tests, set with keyring's own ``set_keyring`` and restored after:
no test reads or writes the keyring of the machine it runs on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A working keyring that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]  # keyring reads it as a class property
    # keyring registers every backend class it sees; this one it must never pick by itself.
    viable = False  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but locked: every call fails the way a locked one does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked(f"the collection is locked, not storing {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")


@contextmanager
def using(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """``backend`` as the keyring for the block, the previous one (or none yet) afterwards.

    The previous one is read from keyring's module state rather than ``get_keyring()``, which
    would first detect the machine's keyring (and talk to D-Bus) just to put it back.
    """
    before = keyring.core._keyring_backend
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = before


def no_keyring() -> KeyringBackend:
    """What keyring picks on a machine without one."""
    return fail.Keyring()
