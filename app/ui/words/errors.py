"""An error as a sentence in the window's language, from its code and facts (never its English
``message``, which is for the command line and the logs).

``error_text`` takes an ``OndolError`` or its ``to_dict`` form (download jobs and saved answers
carry those). The sentence comes from ``error_sentences.SENTENCES`` by code and reason; a code
this window does not know gets a general sentence that names the code.
"""

from __future__ import annotations

import errno as errno_codes
import string
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.errors import OndolError
from app.ui.words.error_sentences import GENERIC, KINDS, SENTENCES, SOURCES, UNSAFE_REASONS
from app.ui.words.sizes import format_number, format_size

CONTEXT = "Errors"

# Facts that are identifiers, not quantities: written as they are, without digit grouping.
_PLAIN_NUMBERS = {"status", "exit_code", "errno", "chat_id", "message_id", "found_version",
                  "supported_version", "schema_version", "gguf_version", "split_part",
                  "split_count", "value", "request_id", "port"}


def _os_reasons() -> dict[int, str]:
    return {
        errno_codes.EACCES: QCoreApplication.translate("Errors", "permission denied"),
        errno_codes.EPERM: QCoreApplication.translate("Errors", "permission denied"),
        errno_codes.ENOSPC: QCoreApplication.translate("Errors", "the disk is full"),
        errno_codes.EROFS: QCoreApplication.translate("Errors", "the disk is read-only"),
        errno_codes.ENOENT: QCoreApplication.translate("Errors", "no such file or folder"),
        errno_codes.EIO: QCoreApplication.translate("Errors", "the disk could not be read or "
                                                              "written"),
    }


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def code_and_facts(error: OndolError | Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The code and facts of an error or of its dict form (``{"code", "facts", ...}``)."""
    if isinstance(error, OndolError):
        return error.code, dict(error.facts)
    facts = error.get("facts")
    return str(error.get("code") or "error"), dict(facts) if isinstance(facts, Mapping) else {}


def _variant(code: str, facts: Mapping[str, Any]) -> str | None:
    """Which of a code's situations this is: ``reason`` or ``missing``, else derived."""
    for key in ("reason", "missing"):
        if isinstance(facts.get(key), str) and facts[key]:
            return str(facts[key])
    if code == "insufficient_memory":
        if facts.get("stage") == "generate":
            return "generate"
        if facts.get("format") == "onnx" and facts.get("where"):
            return "onnx"
        if facts.get("where") in ("VRAM", "GPU memory"):
            return "vram"
        return "ram" if facts.get("where") else None
    if code == "model_load_failed" and facts.get("missing_module"):
        return "runtime_missing"
    if code == "unsupported_architecture" and facts.get("runtime"):
        return "onnx_runtime_missing"
    return None


def _plain(value: Any) -> str | None:
    """A fact as text, or None when it cannot fill a sentence (absent, empty)."""
    if value is None or value == "" or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or None
    return str(value)


def _values(code: str, facts: Mapping[str, Any]) -> dict[str, str]:
    """Everything a sentence may name, as text in the window's language."""
    values: dict[str, str] = {"code": code}
    for key, value in facts.items():
        sized = key.endswith("_bytes") or key.startswith("bytes_")
        if sized and isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = format_size(value)
            values[f"{key}_exact"] = format_number(value)
        elif (isinstance(value, (int, float)) and not isinstance(value, bool)
              and key not in _PLAIN_NUMBERS):
            values[key] = format_number(value, 0 if float(value).is_integer() else 2)
        else:
            text = _plain(value)
            if text is not None:
                values[key] = text
    path = facts.get("path")
    if isinstance(path, str) and path:
        values["file_name"] = PurePath(path).name or path
        values.setdefault("folder", str(PurePath(path).parent))
    if facts.get("kind") in KINDS:
        values["kind"] = _tr(KINDS[facts["kind"]])
    else:
        values.pop("kind", None)
    if facts.get("source") in SOURCES:
        values["source"] = _tr(SOURCES[facts["source"]])
    if code == "unsafe_path" and facts.get("reason") in UNSAFE_REASONS:
        values["why"] = _tr(UNSAFE_REASONS[facts["reason"]])
    os_reason = _os_reasons().get(facts.get("errno"))  # type: ignore[arg-type]
    if os_reason:
        values["os_reason"] = os_reason
    return values


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a sentence needs."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text)
            if field}


def sentences_for(code: str, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """The English source sentences that may say this error, most detailed first."""
    variant = _variant(code, facts)
    found: tuple[str, ...] = ()
    if variant is not None:
        found += SENTENCES.get(f"{code}.{variant}", ())
    return found + SENTENCES.get(code, ())


def error_text(error: OndolError | Mapping[str, Any]) -> str:
    """The error as one sentence in the window's language (English source when untranslated).

    Raises:
        nothing: an unknown code or missing facts give a less detailed sentence.
    """
    code, facts = code_and_facts(error)
    values = _values(code, facts)
    for source in sentences_for(code, facts):
        text = _tr(source)
        if placeholders(text) <= values.keys():
            return text.format(**values) + _causes(facts)
    return _tr(GENERIC).format(code=code) + _causes(facts)


def _causes(facts: Mapping[str, Any]) -> str:
    """Errors behind this one (``problems``: each variant Auto could not run, and why)."""
    problems = facts.get("problems")
    if not isinstance(problems, list):
        return ""
    said = [f"{p['variant']}: {error_text(p['error'])}" for p in problems
            if isinstance(p, Mapping) and "variant" in p and "error" in p]
    return " " + "; ".join(said) if said else ""


def _storable(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_storable(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def error_record(error: OndolError) -> dict[str, Any]:
    """What a saved answer keeps of the error that ended it: the English message (exports,
    the command line), and the code and plain facts the window says it again from later."""
    return {"error": error.message, "error_code": error.code,
            "error_facts": {k: v for k, v in error.facts.items() if _storable(v)}}


def saved_error_text(stats: Mapping[str, Any]) -> str:
    """The sentence for an error saved with ``error_record`` (older saves have no facts)."""
    return error_text({"code": stats.get("error_code") or "error",
                       "facts": stats.get("error_facts") or {}})
