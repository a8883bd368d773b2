"""Errors in the OpenAI API's shape, ``{"error": {"message", "type", "param", "code"}}``, with
the status a client expects. Ondol's typed errors map here in one table; a request that fails
validation names the offending field as ``param``; anything unexpected is a 500 that says so
in a sentence, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import OndolError
from app.server.api_error import INVALID, SERVER, ApiError

__all__ = ["INVALID", "SERVER", "ApiError", "from_ondol", "install", "validation_error"]

log = logging.getLogger(__name__)


# Ondol's error code -> (HTTP status, OpenAI error type, OpenAI error code).
_BY_CODE: dict[str, tuple[int, str, str | None]] = {
    "model_not_found": (404, INVALID, "model_not_found"),
    "not_a_model_file": (400, INVALID, "model_not_usable"),
    "corrupt_model": (400, INVALID, "model_not_usable"),
    "unsupported_architecture": (400, INVALID, "model_not_usable"),
    "insufficient_memory": (400, INVALID, "model_does_not_fit"),
    "context_overflow": (400, INVALID, "context_length_exceeded"),
    "invalid_parameter": (400, INVALID, "invalid_value"),
    "chat_template_failed": (400, INVALID, "chat_template_failed"),
    "document": (400, INVALID, "invalid_image"),  # an image the model cannot take
    "runtime_busy": (503, SERVER, "busy"),
    "runtime_crashed": (500, SERVER, "runtime_crashed"),
    "model_load_failed": (500, SERVER, "model_load_failed"),
    "generation_failed": (500, SERVER, "generation_failed"),
}


def from_ondol(error: OndolError) -> ApiError:
    """Ondol's typed error as the API's: its sentence, with the status its code calls for."""
    status, kind, code = _BY_CODE.get(error.code, (500, SERVER, error.code))
    param = error.facts.get("parameter") if error.code == "invalid_parameter" else None
    return ApiError(status, error.message, type=kind, param=param, code=code)


def _field(location: tuple[Any, ...]) -> str | None:
    """``("body", "messages", 0, "role")`` -> ``"messages[0].role"``."""
    parts = [p for p in location if p not in ("body", "query", "path", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def validation_error(error: RequestValidationError) -> ApiError:
    """A request that does not match the endpoint's shape: the first problem, by field."""
    first = error.errors()[0] if error.errors() else {}
    param = _field(tuple(first.get("loc", ())))
    what = first.get("msg", "invalid request")
    message = f"Invalid value for '{param}': {what}." if param else f"Invalid request: {what}."
    return ApiError(400, message, param=param, code="invalid_value")


def install(app: FastAPI) -> None:
    """Make every failure of ``app`` answer in OpenAI's error shape."""

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error.response()

    @app.exception_handler(OndolError)
    async def ondol_error(_request: Request, error: OndolError) -> JSONResponse:
        return from_ondol(error).response()

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return validation_error(error).response()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            message = f"Unknown endpoint {request.method} {request.url.path}."
        else:
            message = str(error.detail)
        return ApiError(error.status_code, message, code=None).response()

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error in a request")
        return ApiError(500, f"Ondol failed to answer: {type(error).__name__}.",
                        type=SERVER, code="internal_error").response()
