"""Versioned JSON settings: plain dataclasses, ordered migrations, atomic saves.

The idea follows napari's settings (a ``schema_version``, migrations run on load, an environment
variable that moves the file for tests: ``ONDOL_HOME``), without pydantic. Settings must never
stop the app from starting: a missing, corrupt or ill-typed file gives defaults, and a damaged
file is kept aside as ``settings.json.bad-<timestamp>`` so nothing the user had is lost.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app.core.errors import InvalidParameterError, SettingsError
from app.core.files.atomic import move_aside, write_atomically
from app.core.files.versioned import read_versioned_json
from app.core.planning.load_plan import LoadOverrides
from app.core.settings.values import check_load_value, check_sampling_value
from app.core.types.chat import OverflowPolicy
from app.core.types.params import SamplingParams

logger = logging.getLogger("ondol.settings")

CURRENT_SCHEMA_VERSION = 2
LANGUAGES = ("system", "en", "ko")
THEMES = ("system", "light", "dark")
OVERFLOW_POLICIES = tuple(p.value for p in OverflowPolicy)
SERVER_HOST, SERVER_PORT = "127.0.0.1", 5151  # as ``ondol serve`` listens unless told
@dataclass
class ModelOverrides:
    """What the user changed for one model; keys absent mean "use the default"."""

    sampling: dict[str, Any] = field(default_factory=dict)
    load: dict[str, Any] = field(default_factory=dict)

    def effective_sampling(self, base: SamplingParams) -> SamplingParams:
        """``base`` with this model's sampling overrides applied.

        Unknown or invalid stored values (a hand-edited file, an older Ondol) are skipped with a
        logged warning instead of failing: a chat should still start.
        """
        changes: dict[str, Any] = {}
        for name, value in self.sampling.items():
            try:
                changes[name] = check_sampling_value(name, value)
            except (SettingsError, InvalidParameterError) as exc:
                logger.warning("ignoring sampling override %s=%r: %s", name, value, exc)
        return replace(base, **changes)

    def load_overrides(self) -> LoadOverrides:
        """These load overrides as the planner's ``LoadOverrides`` (bad entries skipped)."""
        changes: dict[str, Any] = {}
        for name, value in self.load.items():
            try:
                changes[name] = check_load_value(name, value)
            except (SettingsError, InvalidParameterError) as exc:
                logger.warning("ignoring load override %s=%r: %s", name, value, exc)
        return LoadOverrides(**changes)


@dataclass
class Settings:
    """Everything Ondol remembers between runs (window geometry lives in QSettings)."""

    schema_version: int = CURRENT_SCHEMA_VERSION
    language: str = "system"  # "system", "en", "ko"
    theme: str = "system"  # "system", "light", "dark"
    first_run_done: bool = False
    default_model: str | None = None  # library name of the last loaded model
    model_overrides: dict[str, ModelOverrides] = field(default_factory=dict)
    user_presets: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> values
    overflow_policy: str = OverflowPolicy.DROP_OLDEST.value
    server_at_start: bool = False  # the window starts the local server when it opens
    server_host: str = SERVER_HOST
    server_port: int = SERVER_PORT
    server_api_key: str | None = None  # None: no key asked for (loopback only)
    # Candidates kept per token of a chat answer (its probabilities); 0: none are kept.
    chat_logprobs_k: int = 5
    # The embedding model that indexes attachments and collections (a library name or a
    # path); None: the best one in the library (``catalog.embedders``).
    embedding_model: str | None = None

    def overrides_for(self, model_name: str) -> ModelOverrides:
        """The model's overrides, or an empty (unsaved) one when it has none."""
        return self.model_overrides.get(model_name) or ModelOverrides()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to disk."""
        return asdict(self)


# -- per-model overrides ------------------------------------------------------------------------

def set_sampling_override(settings: Settings, model_name: str, field_name: str,
                          value: Any) -> None:
    """Remember ``field_name = value`` for ``model_name``'s sampling.

    Raises:
        SettingsError: no such sampling field (reason ``unknown_field``).
        InvalidParameterError: the value has the wrong type or is out of range.
    """
    value = check_sampling_value(field_name, value)
    stored = list(value) if isinstance(value, tuple) else value  # JSON has no tuples
    settings.model_overrides.setdefault(model_name, ModelOverrides()).sampling[field_name] = stored


def set_load_override(settings: Settings, model_name: str, field_name: str, value: Any) -> None:
    """Remember a load choice for ``model_name``; ``None`` (or ``device="auto"``) forgets it.

    Raises:
        SettingsError: no such load field (reason ``unknown_field``).
        InvalidParameterError: the value has the wrong type or is out of range.
    """
    value = check_load_value(field_name, value)
    entry = settings.model_overrides.setdefault(model_name, ModelOverrides())
    if value is None or (field_name == "device" and value == "auto"):
        entry.load.pop(field_name, None)  # "let Ondol decide" is the default, not a choice
    else:
        entry.load[field_name] = value
    if not entry.sampling and not entry.load:
        del settings.model_overrides[model_name]


def reset_model(settings: Settings, model_name: str) -> bool:
    """Forget every override for ``model_name``; True when there was something to forget."""
    return settings.model_overrides.pop(model_name, None) is not None


# -- migrations ---------------------------------------------------------------------------------

def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 had ``lang`` and a ``dark_mode`` bool; v2 has ``language`` and a three-way ``theme``."""
    out = {k: v for k, v in data.items() if k not in ("lang", "dark_mode")}
    if "lang" in data:
        out["language"] = data["lang"]
    if "dark_mode" in data:
        if not isinstance(data["dark_mode"], bool):
            raise TypeError(f"dark_mode must be true or false, not {data['dark_mode']!r}")
        out["theme"] = "dark" if data["dark_mode"] else "light"
    out["schema_version"] = 2
    return out


# MIGRATIONS[i] takes a version i + 1 dict to version i + 2; append, never reorder.
MIGRATIONS: list[Callable[[dict[str, Any]], dict[str, Any]]] = [_v1_to_v2]
assert len(MIGRATIONS) == CURRENT_SCHEMA_VERSION - 1


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Run every migration from ``data["schema_version"]`` up to the current version.

    Raises:
        TypeError, KeyError, ValueError: the old data is not what that version wrote.
    """
    version = data["schema_version"]
    for step in MIGRATIONS[version - 1:]:
        data = step(data)
    return data


# -- parsing ------------------------------------------------------------------------------------

def _need(ok: bool, what: str) -> None:
    if not ok:
        raise TypeError(what)


def _is_str_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) for k in value)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """A ``Settings`` from its current-version JSON form; unknown keys are ignored (logged).

    Raises:
        TypeError: a field has the wrong type or a value outside its allowed set.
    """
    s = Settings()
    for unknown in sorted(set(data) - {f.name for f in fields(Settings)}):
        logger.warning("ignoring unknown setting %r", unknown)
    for name, allowed in (("language", LANGUAGES), ("theme", THEMES),
                          ("overflow_policy", OVERFLOW_POLICIES)):
        value = data.get(name, getattr(s, name))
        _need(value in allowed, f"{name} must be one of {allowed}, not {value!r}")
        setattr(s, name, value)
    s.first_run_done = data.get("first_run_done", False)
    _need(isinstance(s.first_run_done, bool), "first_run_done must be true or false")
    for name in ("default_model", "embedding_model"):
        setattr(s, name, data.get(name))
        _need(getattr(s, name) is None or isinstance(getattr(s, name), str),
              f"{name} must be a string or null")
    overrides = data.get("model_overrides", {})
    _need(_is_str_dict(overrides), "model_overrides must be an object")
    for model, entry in overrides.items():
        _need(_is_str_dict(entry) and set(entry) <= {"sampling", "load"},
              f"model_overrides[{model!r}] must have only 'sampling' and 'load'")
        sampling, load = entry.get("sampling", {}), entry.get("load", {})
        _need(_is_str_dict(sampling) and _is_str_dict(load),
              f"model_overrides[{model!r}] sampling and load must be objects")
        s.model_overrides[model] = ModelOverrides(dict(sampling), dict(load))
    presets = data.get("user_presets", {})
    _need(_is_str_dict(presets) and all(_is_str_dict(v) for v in presets.values()),
          "user_presets must map names to objects")
    s.user_presets = {name: dict(values) for name, values in presets.items()}
    s.chat_logprobs_k = data.get("chat_logprobs_k", s.chat_logprobs_k)
    _need(type(s.chat_logprobs_k) is int and 0 <= s.chat_logprobs_k <= 20,
          "chat_logprobs_k must be a whole number from 0 to 20")
    # Files written before the server settings existed simply lack them: defaults.
    for name in ("server_at_start", "server_host", "server_port", "server_api_key"):
        value = data.get(name, getattr(s, name))
        try:
            setattr(s, name, check_server_value(name, value))
        except InvalidParameterError as exc:
            raise TypeError(str(exc)) from None
    return s


def check_server_value(name: str, value: Any) -> Any:
    """``value`` for the server setting ``name`` (an empty key means none).

    Raises:
        InvalidParameterError: wrong type, an empty host, or a port outside 1-65535.
    """
    if name == "server_api_key" and value == "":
        value = None
    ok = {"server_at_start": isinstance(value, bool),
          "server_host": isinstance(value, str) and bool(value.strip()),
          "server_port": type(value) is int and 1 <= value <= 65535,
          "server_api_key": value is None or isinstance(value, str)}.get(name, False)
    if not ok:
        raise InvalidParameterError(f"{name} cannot be {value!r}.", parameter=name, value=value,
                                    reason="not_allowed")
    return value.strip() if name == "server_host" else value


# -- the store ----------------------------------------------------------------------------------

class SettingsStore:
    """Loads and saves one settings file.

    After ``load``: ``recovered_from`` is where a damaged file was moved (the UI says so), and
    ``newer_version`` is set when the file came from a newer Ondol. Such a file is left exactly
    as it is and ``save`` refuses to overwrite it: a downgrade must not destroy settings that
    this version cannot read.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.recovered_from: Path | None = None
        self.newer_version: int | None = None

    def load(self) -> Settings:
        """The settings on disk, migrated to the current version; defaults when there are none.

        Never raises for the file's content: corrupt or ill-typed files are moved aside, and
        unreadable ones are logged, so the app always starts.
        """
        self.recovered_from, self.newer_version = None, None
        read = read_versioned_json(self.path, CURRENT_SCHEMA_VERSION, "settings")
        if read.damaged is not None:
            return self._recover(read.damaged)
        self.newer_version = read.newer
        data, version = read.data, read.version
        if data is None:  # none yet, unreadable, or from a newer Ondol: defaults
            return Settings()
        try:
            settings = settings_from_dict(migrate(data))
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            return self._recover(str(exc))
        if version < CURRENT_SCHEMA_VERSION:
            try:
                self.save(settings)
                logger.info("migrated settings %s from schema %d to %d", self.path, version,
                            CURRENT_SCHEMA_VERSION)
            except SettingsError as exc:  # still usable in memory; try again on the next save
                logger.warning("could not save migrated settings: %s", exc)
        return settings

    def save(self, settings: Settings, *, overwrite_newer: bool = False) -> None:
        """Write ``settings`` atomically (a ``.tmp`` beside it, then ``os.replace``).

        ``overwrite_newer=True`` is for an explicit "reset settings" by the user.

        Raises:
            SettingsError: reason ``newer_schema`` when the file on disk came from a newer
                Ondol; reason ``write_failed`` (facts ``path``, ``errno``) when the disk is
                full or the folder cannot be written. The old file is intact in both cases.
        """
        if self.newer_version is not None and not overwrite_newer:
            raise SettingsError(
                f"{self.path} was written by a newer Ondol (schema {self.newer_version}); "
                "not overwriting it.", reason="newer_schema", path=str(self.path),
                schema_version=self.newer_version)
        data = settings.to_dict()
        data["schema_version"] = CURRENT_SCHEMA_VERSION
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        try:
            write_atomically(self.path, text)
        except OSError as exc:
            raise SettingsError(f"Could not save settings to {self.path}: {exc.strerror or exc}",
                                reason="write_failed", path=str(self.path),
                                errno=exc.errno) from exc
        self.newer_version = None

    def _recover(self, why: str) -> Settings:
        """Move the damaged file aside and return defaults."""
        self.recovered_from = move_aside(self.path, "settings", why) or self.recovered_from
        return Settings()
