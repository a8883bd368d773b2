"""The one error hierarchy of Ondol.

Every error has a stable ``code`` (the UI turns codes into translated sentences) and carries
its facts (path, bytes needed, bytes available, exit signal, ...) in ``facts``. Where one class
covers several situations, ``facts["reason"]`` (or ``facts["missing"]`` for a missing file) is a
short stable code saying which, so the UI can pick a precise sentence; ``message`` is the English
sentence for the command line and the logs, never shown in the window. Errors are
also catchable as the matching built-in (``ModelNotFoundError`` is a ``FileNotFoundError``),
and they survive a trip across the runtime host's pipe through ``to_dict``/``from_dict``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class OndolError(Exception):
    """Base class: a stable ``code``, a human sentence and the facts behind it."""

    code: ClassVar[str] = "error"

    def __init__(self, message: str, **facts: Any) -> None:
        super().__init__(message)
        self.message = message
        self.facts: dict[str, Any] = facts

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """A picklable, JSON-friendly form (for the runtime pipe and ``--json`` output)."""
        return {"code": self.code, "message": self.message, "facts": dict(self.facts)}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> OndolError:
        """Rebuild the typed error that ``to_dict`` described; unknown codes give ``OndolError``."""
        cls = _BY_CODE.get(data.get("code", ""), OndolError)
        return cls(data.get("message", ""), **data.get("facts", {}))


class ModelNotFoundError(OndolError, FileNotFoundError):
    """No model file at that path, or no model in the library by that name."""

    code = "model_not_found"


class NotAModelFileError(OndolError, ValueError):
    """The file exists but is not a model file Ondol knows (e.g. a PNG renamed ``.gguf``)."""

    code = "not_a_model_file"


class CorruptModelError(OndolError, ValueError):
    """The file claims to be a model but is truncated or its header is damaged."""

    code = "corrupt_model"


class UnsupportedArchitectureError(OndolError, ValueError):
    """The model's architecture is one the installed runtime cannot run."""

    code = "unsupported_architecture"


class InsufficientMemoryError(OndolError, MemoryError):
    """The estimate says the model with these settings will not fit in this machine."""

    code = "insufficient_memory"


class RuntimeCrashedError(OndolError, RuntimeError):
    """The runtime host process died (killed, crashed in native code, out of memory)."""

    code = "runtime_crashed"


class GenerationCancelledError(OndolError):
    """A request (usually a load) was cancelled by the user before it finished."""

    code = "cancelled"


class ModelLoadError(OndolError, RuntimeError):
    """The runtime refused to load the model for a reason not covered above."""

    code = "model_load_failed"


class NoModelLoadedError(OndolError, RuntimeError):
    """A request that needs a model was sent while none is loaded."""

    code = "no_model_loaded"


class ChatTemplateError(OndolError, ValueError):
    """The model's chat template failed to render (or tried something the sandbox forbids)."""

    code = "chat_template_failed"


class ContextOverflowError(OndolError, ValueError):
    """The conversation does not fit the context window and the policy is "stop at limit"."""

    code = "context_overflow"


class GenerationError(OndolError, RuntimeError):
    """The runtime failed while generating."""

    code = "generation_failed"


class InvalidParameterError(OndolError, ValueError):
    """A sampling or load parameter is out of range."""

    code = "invalid_parameter"


class RuntimeBusyError(OndolError, RuntimeError):
    """A request was sent while the runtime host was still working on another one."""

    code = "runtime_busy"


class HubOfflineError(OndolError, ConnectionError):
    """Hugging Face cannot be reached (offline, DNS, refused) or answered with a server error."""

    code = "hub_offline"


class HubTimeoutError(OndolError, TimeoutError):
    """Hugging Face accepted the connection but did not answer in time."""

    code = "hub_timeout"


class HubAuthError(OndolError, PermissionError):
    """A gated or private repository: accept the licence and add a token."""

    code = "hub_auth"


class HubNotFoundError(OndolError, LookupError):
    """No such repository or file on the hub."""

    code = "hub_not_found"


class DownloadIntegrityError(OndolError, ValueError):
    """A downloaded file's sha256 or size does not match what the hub published."""

    code = "download_corrupt"


class DiskSpaceError(OndolError, OSError):
    """Not enough free disk space for a download (checked before it starts, or disk full)."""

    code = "disk_full"


class DownloadCancelledError(OndolError):
    """A download was cancelled or paused by the user."""

    code = "download_cancelled"


class ModelExistsError(OndolError, FileExistsError):
    """A model with that name is already in the library; it is never overwritten (fact ``path``)."""

    code = "model_exists"


class ReadOnlyModelError(OndolError, PermissionError):
    """The model belongs to another app (LM Studio, the Hugging Face cache): Ondol only reads it."""

    code = "model_read_only"


class StarterModelError(OndolError, RuntimeError):
    """The bundled starter model is missing or failed its checksum."""

    code = "starter_model_unavailable"


class SettingsError(OndolError, ValueError):
    """Settings could not be saved or changed; ``facts["reason"]`` says which case.

    Reasons: ``"write_failed"`` (disk full, permissions; facts ``path``, ``errno``),
    ``"newer_schema"`` (the file on disk is from a newer Ondol; it is never overwritten),
    ``"preset_name_taken"`` (a user preset may not reuse a built-in preset's name),
    ``"preset_name_invalid"`` (a blank preset name),
    ``"unknown_field"`` (no such sampling or load setting).
    """

    code = "settings_error"


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


_BY_CODE: dict[str, type[OndolError]] = {c.code: c for c in _all_subclasses(OndolError)}


# --- The conversation store (SQLite). Appended after ``_BY_CODE`` so the table is refreshed. ---


class StorageError(OndolError, OSError):
    """Reading or writing a data file failed (I/O error, locked, closed); facts ``path``."""

    code = "storage_failed"


class StorageFullError(StorageError):
    """The disk (or the database's size limit) is full; nothing after the last save was kept."""

    code = "storage_full"


class CorruptDatabaseError(StorageError):
    """The file is not a SQLite database, is damaged, or is not one Ondol made; left untouched."""

    code = "database_corrupt"


class DatabaseTooNewError(StorageError):
    """The database was written by a newer Ondol (``found_version`` > ``supported_version``)."""

    code = "database_too_new"


class ChatNotFoundError(OndolError, LookupError):
    """No chat with that id (facts ``chat_id``)."""

    code = "chat_not_found"


class MessageNotFoundError(OndolError, LookupError):
    """No message with that id, or it belongs to another chat (facts ``message_id``)."""

    code = "message_not_found"


class UnsafePathError(OndolError, ValueError):
    """A file name from the hub would escape its folder (``..``, absolute, backslash, drive);
    facts ``path`` and ``reason``. Nothing is written for it."""

    code = "unsafe_path"


class ServerSettingsError(OndolError, ValueError):
    """The local server cannot start as asked; facts ``reason`` (``needs_api_key``: an
    address other than this computer's without a key; ``port_in_use``; ``cannot_bind``),
    ``host`` and ``port``."""

    code = "server_settings"


class ConnectionSettingsError(OndolError, ValueError):
    """A remote connection or its key cannot be added, found, read or saved; facts ``reason``
    (``bad_name``, ``name_taken``, ``bad_url``, ``bad_key``, ``not_found``, ``key_file_unsafe``,
    ``key_file_link``, ``read_failed``, ``keyring_unavailable``, ``write_failed``,
    ``newer_schema``). Never holds a key."""

    code = "connection_settings"


class ToolServerError(OndolError, RuntimeError):
    """A tool server (MCP) or a call to one failed; facts ``reason`` (``bad_config``,
    ``bad_mcp_json``, ``start_failed``, ``server_crashed``, ``server_down``, ``timeout``,
    ``not_found``, ``invalid_arguments``, ``write_failed``), ``server``, ``tool``. Never holds
    the server's environment or headers (they may be secrets)."""

    code = "tool_server"


class RemoteServerError(OndolError, ConnectionError):
    """A remote engine (an OpenAI-compatible server) failed; facts ``url`` (never a key),
    ``status`` and ``reason``: ``unreachable``, ``timeout``, ``auth``, ``model_gone``,
    ``rate_limited`` (fact ``retry_after`` seconds when given), ``context_too_long``,
    ``bad_request``, ``not_a_server``, ``bad_response``, ``stream_cut``, ``server_error``,
    ``local_only`` (a window feature that needs the model on this computer, fact ``call``),
    ``no_tools`` (the server refused the tools offered with the request)."""

    code = "remote_server"


class DocumentError(OndolError, ValueError):
    """A file attached to a message (or found in a collection's folder) could not be read as
    text; facts ``path``, ``reason``: ``not_found``, ``unreadable`` (permissions, an I/O
    error), ``binary`` (not text), ``unsupported`` (a kind Ondol does not read, fact
    ``suffix``), ``no_text_layer`` (a scanned PDF: no OCR), ``encrypted``, ``broken`` (a
    damaged PDF / Word file, fact ``detail``), ``too_large`` (fact ``limit`` bytes),
    ``empty``; and for images ``not_an_image``, ``no_vision`` (the model sees no images),
    ``remote_image`` (an image given by address: never fetched)."""

    code = "document"


class RetrievalError(OndolError, RuntimeError):
    """Indexing or searching a collection failed; facts ``reason``: ``folder_gone`` (fact
    ``path``), ``not_a_folder``, ``no_collection`` (fact ``name``), ``name_taken``,
    ``bad_name`` (empty, too long, control characters), ``no_embedding_model``,
    ``embedding_changed`` (the index must be rebuilt), ``cancelled``, ``index_broken`` (fact
    ``detail``)."""

    code = "retrieval"


_BY_CODE.update({c.code: c for c in _all_subclasses(OndolError)})
