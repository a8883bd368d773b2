"""What a stored per-model override may hold: each value checked against the field it sets.

Settings are written by hand too, and by older versions of Ondol: a value that does not fit is
refused here with the field's name, and the caller skips it rather than fail to start.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from app.core.errors import InvalidParameterError, SettingsError
from app.core.types.params import KV_CACHE_TYPES, SamplingParams

LOAD_FIELDS = ("n_ctx", "n_threads", "n_batch", "n_gpu_layers", "flash_attn", "kv_cache_type",
               "use_mmap", "use_mlock", "device", "draft_model", "prompt_lookup")
DEVICES = ("auto", "cpu", "gpu")
_SAMPLING_FIELDS = {f.name for f in fields(SamplingParams)}


def check_sampling_value(name: str, value: Any) -> Any:
    """``value`` in the type ``SamplingParams.<name>`` takes (JSON lists become tuples).

    Raises:
        SettingsError: no such field (reason ``unknown_field``).
        InvalidParameterError: wrong type, or out of range.
    """
    if name not in _SAMPLING_FIELDS:
        raise SettingsError(f"No sampling setting named {name!r}.", reason="unknown_field",
                            field=name)
    default = getattr(SamplingParams(), name)
    if name == "stop" and isinstance(value, (list, tuple)):
        value = tuple(value)
    # bool is an int in Python; a JSON true where a number belongs is still a mistake.
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = {bool: isinstance(value, bool), float: numeric, int: numeric and isinstance(value, int),
          tuple: isinstance(value, tuple)}.get(type(default), False)
    if name in ("max_tokens", "seed"):
        ok = value is None or (numeric and isinstance(value, int))
    if name == "json_schema":
        ok = value is None or isinstance(value, dict)
    if not ok:
        raise InvalidParameterError(f"{name} has the wrong type ({value!r}).", parameter=name,
                                    value=value, reason="wrong_type")
    replace(SamplingParams(), **{name: value}).validate()  # range checks live in one place
    return value


def check_load_value(name: str, value: Any) -> Any:
    """``value`` in the type ``LoadOverrides.<name>`` takes.

    Raises:
        SettingsError: no such field (reason ``unknown_field``).
        InvalidParameterError: wrong type or value.
    """
    if name not in LOAD_FIELDS:
        raise SettingsError(f"No load setting named {name!r}.", reason="unknown_field",
                            field=name)
    if name == "device":
        ok = value in DEVICES
    elif name == "kv_cache_type":
        ok = value is None or value in KV_CACHE_TYPES
    elif name in ("flash_attn", "use_mmap", "use_mlock", "prompt_lookup"):
        ok = value is None or isinstance(value, bool)
    elif name == "draft_model":
        ok = value is None or (isinstance(value, str) and bool(value))
    else:
        low = -1 if name == "n_gpu_layers" else (16 if name == "n_ctx" else 1)
        ok = value is None or (type(value) is int and value >= low)
    if not ok:
        raise InvalidParameterError(f"{name} cannot be {value!r}.", parameter=name, value=value,
                                    reason="not_allowed")
    return value
