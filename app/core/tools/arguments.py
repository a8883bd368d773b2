"""The arguments a model wrote for a tool call, checked before the call is made.

Models write arguments as JSON text, and small models get it wrong: broken JSON, a list instead
of an object, a missing required key, a number as text. ``check_arguments`` turns the text into
a dict or raises a ``ToolServerError`` (reason ``invalid_arguments``) whose ``message`` is a
sentence to send back to the model so it can try once more.

The check against the tool's ``input_schema`` is deliberately light (required keys, the JSON
types of the top-level properties, no unknown keys where the schema forbids them): the server
validates fully and its own complaint comes back as an error result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.core.errors import ToolServerError

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "object": (dict,), "array": (list,), "null": (type(None),),
}


def _invalid(tool: str, detail: str) -> ToolServerError:
    return ToolServerError(f"Invalid arguments for the tool {tool}: {detail}. Call it again "
                           "with a JSON object that matches its parameters.",
                           reason="invalid_arguments", tool=tool, detail=detail)


def _type_ok(value: Any, expected: Any) -> bool:
    names = expected if isinstance(expected, list) else [expected]
    for name in names:
        types = _JSON_TYPES.get(name) if isinstance(name, str) else None
        if types is None:
            return True  # a type this light check does not know: the server decides
        # JSON has no separate bool: true is not a number, and 1 is not a boolean.
        if isinstance(value, bool) and name not in ("boolean",):
            continue
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, types):
            return True
    return False


def check_arguments(tool: str, arguments: str | Mapping[str, Any] | None,
                    input_schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The model's ``arguments`` for ``tool`` as a dict, checked lightly against its schema.

    ``arguments`` may be JSON text or an already parsed mapping; empty text or None is ``{}``.

    Raises:
        ToolServerError: reason ``invalid_arguments`` (facts ``tool``, ``detail``): not JSON,
            not a JSON object, a required key missing, a value of the wrong type, or a key the
            schema does not allow. Its ``message`` is written for the model.
    """
    if arguments is None or (isinstance(arguments, str) and not arguments.strip()):
        parsed: Any = {}
    elif isinstance(arguments, str):
        try:
            parsed = json.loads(arguments)
        except (ValueError, RecursionError) as exc:
            raise _invalid(tool, f"the arguments are not valid JSON ({exc})") from None
    else:
        parsed = arguments
    if not isinstance(parsed, Mapping):
        raise _invalid(tool, f"the arguments must be a JSON object, not {type(parsed).__name__}")
    parsed = dict(parsed)
    schema = input_schema if isinstance(input_schema, Mapping) else {}
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    required = schema.get("required")
    missing = [k for k in (required if isinstance(required, list) else [])
               if isinstance(k, str) and k not in parsed]
    if missing:
        raise _invalid(tool, "missing required " + ", ".join(repr(k) for k in missing))
    for key, value in parsed.items():
        spec = properties.get(key)
        if spec is None:
            if schema.get("additionalProperties") is False:
                raise _invalid(tool, f"unknown argument {key!r}")
            continue
        if isinstance(spec, Mapping) and "type" in spec and not _type_ok(value, spec["type"]):
            raise _invalid(tool, f"{key!r} must be of type {spec['type']}, not "
                                 f"{type(value).__name__}")
    return parsed
