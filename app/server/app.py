"""The FastAPI application: the endpoints, the API key, the body size limit and CORS."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import app as ondol
from app.server import embedding_routes, errors
from app.server.anthropic_routes import AnthropicErrors
from app.server.anthropic_routes import router as anthropic_router
from app.server.errors import ApiError
from app.server.ollama_routes import router as ollama_router
from app.server.openai_routes import router as openai_router
from app.server.pool import ModelPool
from app.server.request_log import RequestLog
from app.server.responses_routes import router as responses_router

MAX_BODY_BYTES = 8 * 1024 * 1024  # a long conversation fits; a runaway upload does not


class _BodyLimit:
    """Refuse a request body over ``limit`` bytes with a 413, whether it states its length
    (refused before any of it is read) or streams it (read up to the limit, then refused).
    A body within the limit is handed on whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = ApiError(413, f"The request body is larger than {self.limit} bytes.",
                           code="request_too_large").response()
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_big(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left before its body ended
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await too_big(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: a disconnect, for streaming answers

        await self.app(scope, replay, send)


def create_app(pool: ModelPool, log: RequestLog, *, api_key: str | None = None,
               cors_origins: Sequence[str] = (), max_body_bytes: int = MAX_BODY_BYTES
               ) -> FastAPI:
    """The server's application over ``pool``, writing what it answers to ``log``."""
    api = FastAPI(title="Ondol", version=ondol.__version__, docs_url=None, redoc_url=None,
                  openapi_url=None)
    errors.install(api)

    if api_key:
        expected = f"Bearer {api_key}".encode()

        @api.middleware("http")
        async def check_key(request: Request, call_next: Any) -> Any:
            given = request.headers.get("authorization", "").encode()
            # x-api-key: Anthropic's clients send the key there.
            alt = request.headers.get("x-api-key", "").encode()
            if not (hmac.compare_digest(given, expected)
                    or (alt and hmac.compare_digest(b"Bearer " + alt, expected))):
                return ApiError(401, "Incorrect or missing API key. Send it as "
                                     "'Authorization: Bearer <key>'.",
                                code="invalid_api_key").response()
            return await call_next(request)

    api.include_router(openai_router(pool, log))
    api.include_router(ollama_router(pool, log))
    api.include_router(embedding_routes.router(pool, log))
    api.include_router(embedding_routes.ollama_router(pool, log))
    api.include_router(anthropic_router(pool, log))
    api.add_middleware(AnthropicErrors)  # after the key check, so it wraps that too
    api.include_router(responses_router(pool, log))
    if cors_origins:
        api.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["*"], allow_headers=["*"])
    api.add_middleware(_BodyLimit, limit=max_body_bytes)
    return api
