"""The embedding endpoints: OpenAI's ``POST /v1/embeddings`` and Ollama's ``POST /api/embed``
(and its older ``POST /api/embeddings``).

The model answers from a host of its own loaded in embedding mode (see ``pool``); its vectors
are L2-normalised, as OpenAI's are. OpenAI's ``base64`` encoding is the vectors' little-endian
float32 bytes, which the official client asks for by default.
"""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import APIRouter

from app.core.errors import OndolError
from app.core.types.embeddings import Embeddings
from app.server import generation as gen
from app.server.bridge import events_of
from app.server.embedding_schema import (
    MAX_INPUTS,
    EmbeddingRequest,
    OllamaEmbedRequest,
    OllamaLegacyEmbedRequest,
)
from app.server.errors import SERVER, ApiError, from_ondol
from app.server.ollama_routes import _OllamaRoute as OllamaRoute
from app.server.ollama_routes import _resolve as resolve_ollama_name
from app.server.openai_routes import CLIENT_LEFT
from app.server.pool import EMBEDDING, ModelPool, Slot
from app.server.request_log import LogEntry, RequestLog

Inputs = list[str | list[int]]


def _is_token(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def openai_inputs(value: Any, tokens: bool = True) -> Inputs:
    """``input`` as a list of texts or (with ``tokens``) token arrays: a text, a list of
    texts, a token array or a list of token arrays.

    Raises:
        ApiError: 400 naming ``input``: another shape, empty, an empty item, or more than
            ``MAX_INPUTS`` items.
    """
    items: Inputs | None = None
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            items = list(value)
        elif tokens and all(_is_token(v) for v in value):
            items = [list(value)]  # one token array
        elif tokens and all(isinstance(v, list) and all(_is_token(t) for t in v)
                            for v in value):
            items = [list(v) for v in value]
    if items is None:
        shapes = ("a string, a list of strings, a list of integers (token ids) or a list of "
                  "such lists") if tokens else "a string or a list of strings"
        raise ApiError(400, f"'input' must be {shapes}.", param="input", code="invalid_value")
    return checked_inputs(items)


def checked_inputs(items: Inputs) -> Inputs:
    """``items`` if there is something to embed in each, and not too many.

    Raises:
        ApiError: 400 naming ``input`` (or the empty item).
    """
    if not items:
        raise ApiError(400, "'input' must not be empty.", param="input", code="invalid_value")
    if len(items) > MAX_INPUTS:
        raise ApiError(400, f"'input' holds {len(items)} items; at most {MAX_INPUTS} are "
                            "allowed.", param="input", code="invalid_value")
    for index, item in enumerate(items):
        if len(item) == 0:
            raise ApiError(400, f"'input[{index}]' is empty: there is nothing to embed.",
                           param=f"input[{index}]", code="invalid_value")
    return items


def _work(pool: ModelPool, name: str, inputs: Sequence[str | list[int]],
          dimensions: int | None, truncate: bool
          ) -> tuple[Callable[[threading.Event], Iterator[Embeddings]], Callable[[], None]]:
    """The blocking work (the model's turn in embedding mode, then its vectors) and how to
    stop it, for ``bridge.events_of``."""
    def run(slot: Slot) -> Iterator[Embeddings]:
        yield slot.client.embeddings(inputs, dimensions, truncate)  # type: ignore[union-attr]

    return gen.on_turn(pool, name, run, mode=EMBEDDING)


async def embed(pool: ModelPool, log: RequestLog, endpoint: str, name: str,
                inputs: Sequence[str | list[int]], dimensions: int | None = None,
                truncate: bool = False) -> Embeddings:
    """The vectors of ``inputs`` from model ``name``, written to ``log`` however it ends.

    Raises:
        ApiError: 404 unknown model, 503 busy.
        OndolError: the host's typed error (a model that cannot embed, an input too long).
    """
    started = time.monotonic()
    status, finish, tokens = 200, "stop", 0
    try:
        work, stop = _work(pool, name, inputs, dimensions, truncate)
        result: Embeddings | None = None
        async for item in events_of(work, stop):  # to the end: the model's turn is over
            result, tokens = item, item.prompt_tokens
        if result is None:
            raise ApiError(500, "The model gave no embeddings.", type=SERVER,
                           code="internal_error")
        return result
    except BaseException as err:
        api = err if isinstance(err, ApiError) else (
            from_ondol(err) if isinstance(err, OndolError) else None)
        status, finish = (api.status, api.code or "error") if api else (500, "internal_error")
        if isinstance(err, asyncio.CancelledError):
            status, finish = CLIENT_LEFT, "cancelled"
        raise
    finally:
        log.add(LogEntry(at=time.time(), endpoint=endpoint, model=name, status=status,
                         finish=finish, prompt_tokens=tokens,
                         seconds=round(time.monotonic() - started, 3)))


def router(pool: ModelPool, log: RequestLog) -> APIRouter:
    """OpenAI's embedding endpoint over ``pool``."""
    api = APIRouter()

    @api.post("/v1/embeddings")
    async def embeddings(body: EmbeddingRequest) -> dict[str, Any]:
        inputs = openai_inputs(body.input)
        pool.find(body.model)  # an unknown model is a 404 before anything starts
        result = await embed(pool, log, "/v1/embeddings", body.model, inputs, body.dimensions)
        as_base64 = body.encoding_format == "base64"
        vectors = None if as_base64 else result.vectors()
        data = [{"object": "embedding", "index": i,
                 "embedding": base64.b64encode(result.row_bytes(i)).decode("ascii")
                 if as_base64 else vectors[i]}  # type: ignore[index]
                for i in range(result.count)]
        return {"object": "list", "data": data, "model": body.model,
                "usage": {"prompt_tokens": result.prompt_tokens,
                          "total_tokens": result.prompt_tokens}}

    return api


def ollama_router(pool: ModelPool, log: RequestLog) -> APIRouter:
    """Ollama's embedding endpoints over ``pool``, failing in Ollama's error shape."""
    api = APIRouter(route_class=OllamaRoute)

    @api.post("/api/embed")
    async def ollama_embed(body: OllamaEmbedRequest) -> dict[str, Any]:
        model = resolve_ollama_name(pool, body.model)
        inputs = openai_inputs(body.input, tokens=False)
        started = time.monotonic_ns()
        result = await embed(pool, log, "/api/embed", model.name, inputs, body.dimensions,
                             body.truncate)
        return {"model": body.model, "embeddings": result.vectors(),
                "total_duration": time.monotonic_ns() - started, "load_duration": 0,
                "prompt_eval_count": result.prompt_tokens}

    @api.post("/api/embeddings")
    async def ollama_embeddings(body: OllamaLegacyEmbedRequest) -> dict[str, Any]:
        model = resolve_ollama_name(pool, body.model)
        inputs = checked_inputs([body.prompt])
        result = await embed(pool, log, "/api/embeddings", model.name, inputs, truncate=True)
        return {"embedding": result.vectors()[0]}

    return api
