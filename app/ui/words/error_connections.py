"""Error sentences about remote connections and their API keys (see ``error_sentences``).

No sentence names a key, and the address is not named either: one that was refused may hold a
password.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "connection_settings": (
        QT_TRANSLATE_NOOP("Errors", "This connection cannot be used."),
    ),
    "connection_settings.bad_name": (
        QT_TRANSLATE_NOOP("Errors", "A connection name needs 1 to 40 characters, without “/” or "
                                    "control characters."),
    ),
    "connection_settings.name_taken": (
        QT_TRANSLATE_NOOP("Errors", "There is already a connection named {name}."),
    ),
    "connection_settings.not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no connection named {name}."),
    ),
    "connection_settings.bad_url": (
        QT_TRANSLATE_NOOP("Errors", "A server address needs http:// or https:// and a host name, "
                                    "without a user name, password, query (?) or fragment (#); "
                                    "for example http://localhost:8000/v1."),
    ),
    "connection_settings.bad_key": (
        QT_TRANSLATE_NOOP("Errors", "An API key must be one line of visible text."),
    ),
    "connection_settings.key_file_unsafe": (
        QT_TRANSLATE_NOOP("Errors", "{path} can be read by other users, so Ondol does not use "
                                    "the keys in it. Make it readable by you only (chmod 600)."),
    ),
    "connection_settings.key_file_link": (
        QT_TRANSLATE_NOOP("Errors", "{path} is a symbolic link, so Ondol does not read the keys "
                                    "in it."),
    ),
    "connection_settings.read_failed": (
        QT_TRANSLATE_NOOP("Errors", "The API keys could not be read from {path}: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The API keys could not be read from {path}."),
    ),
    "connection_settings.write_failed": (
        QT_TRANSLATE_NOOP("Errors", "The connections could not be saved to {path}: "
                                    "{os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The connections could not be saved to {path}."),
    ),
    "connection_settings.newer_schema": (
        QT_TRANSLATE_NOOP("Errors", "{path} was written by a newer Ondol; it is not "
                                    "overwritten."),
    ),
    "connection_settings.keyring_unavailable": (
        QT_TRANSLATE_NOOP("Errors", "The system keyring did not give the key of {name}; it may "
                                    "be locked. Unlock it and try again."),
    ),
}
