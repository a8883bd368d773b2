"""An API error in OpenAI's shape, ``{"error": {"message", "type", "param", "code"}}``.

Kept apart from the FastAPI handlers in ``errors`` so that the model pool, which the window
uses while the server is off, raises it without loading FastAPI (a third of a second at start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi.responses import JSONResponse

INVALID = "invalid_request_error"
SERVER = "server_error"


class ApiError(Exception):
    """An answer other than 2xx, in OpenAI's error shape."""

    def __init__(self, status: int, message: str, *, type: str = INVALID,
                 param: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body OpenAI's clients parse."""
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}

    def response(self) -> JSONResponse:
        """This error as the HTTP response."""
        from fastapi.responses import JSONResponse

        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)
