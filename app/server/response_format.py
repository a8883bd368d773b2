"""A chat request's ``response_format`` as the core's ``SamplingParams.json_schema``.

``{"type": "text"}`` (or none) asks for free text; ``{"type": "json_object"}`` for any JSON
object (``{}``); ``{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}`` for
an answer that matches ``schema``. The runtime holds the answer to it while decoding (a
grammar), so ``strict`` is always honoured. llama.cpp's server extension
``{"type": "json_object", "schema": {...}}`` is taken too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from app.core.errors import InvalidParameterError
from app.core.types.params import check_json_schema
from app.server.errors import ApiError

PARAM = "response_format"
TYPES = ("text", "json_object", "json_schema")

Work = Callable[[threading.Event], Iterator[Any]]


def _bad(message: str, param: str = PARAM) -> ApiError:
    return ApiError(400, message, param=param, code="invalid_value")


def _object(value: Any, param: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(f"'{param}' must be an object.", param)
    return value


def json_schema_for(response_format: dict[str, Any] | None) -> dict[str, Any] | None:
    """The schema the answer must match: None for free text, ``{}`` for any JSON object.

    Raises:
        ApiError: 400 naming the field: an unknown ``type``, a ``json_schema`` or ``schema``
            that is not an object, or a schema over the size limit or not plain JSON.
    """
    if response_format is None:
        return None
    kind = response_format.get("type")
    if kind not in TYPES:
        raise _bad(f"'response_format.type' must be one of {', '.join(TYPES)} (got {kind!r}).",
                   f"{PARAM}.type")
    if kind == "text":
        return None
    if kind == "json_object":
        where, schema = f"{PARAM}.schema", response_format.get("schema", {})
    else:
        spec = _object(response_format.get("json_schema"), f"{PARAM}.json_schema")
        where, schema = f"{PARAM}.json_schema.schema", spec.get("schema", {})
    schema = _object(schema, where)
    try:
        check_json_schema(schema)
    except InvalidParameterError as err:
        raise _bad(f"'{where}': {err.message}", where) from None
    return schema


def checked(work: Work, response_format: dict[str, Any] | None) -> Work:
    """``work``, with ``response_format`` checked now (before the model's turn) and the
    runtime's refusal of the schema (one its grammar converter cannot handle, a backend
    without grammars) reported as a problem of ``response_format``.

    Raises:
        ApiError: 400, as ``json_schema_for``.
    """
    if json_schema_for(response_format) is None:
        return work

    def named(abandoned: threading.Event) -> Iterator[Any]:
        try:
            yield from work(abandoned)
        except InvalidParameterError as err:
            if err.facts.get("parameter") == "json_schema":
                err.facts["parameter"] = PARAM  # the API names the request's own field
            raise

    return named
