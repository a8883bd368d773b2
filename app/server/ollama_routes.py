"""Ollama's API on the OpenAI endpoints' port, for the clients that speak only it: ``/``,
``/api/version``, ``/api/tags``, ``/api/ps``, ``/api/show``, ``/api/chat`` and
``/api/generate`` (NDJSON streams unless ``"stream": false``), in the shapes of Ollama's API
reference. Errors are Ollama's ``{"error": "..."}`` with the same statuses as the OpenAI API's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.routing import APIRoute

from app.core.catalog.library import LocalModel
from app.core.errors import InvalidParameterError, OndolError
from app.core.runtime import events as ev
from app.core.settings.model_defaults import default_sampling_for
from app.core.types.chat import ChatMessage
from app.core.types.params import check_json_schema
from app.server import generation as gen
from app.server import images, ollama_tools
from app.server import ollama_schema as schema
from app.server.bridge import start_events
from app.server.errors import ApiError, from_ondol, validation_error
from app.server.ollama_schema import ChatRequest, GenerateRequest, ShowRequest
from app.server.ollama_tools import Reply
from app.server.pool import ModelPool
from app.server.request_log import LogEntry, RequestLog

log = logging.getLogger(__name__)

CLIENT_LEFT = 499  # the status logged for a client that went away (nginx's convention)
FOREVER = "9999-12-31T23:59:59Z"  # ``expires_at`` of a model no TTL unloads
Shape = Callable[[str], dict[str, Any]]


def _as_api(error: BaseException) -> ApiError | None:
    if isinstance(error, ApiError):
        return error
    if isinstance(error, OndolError):
        return from_ondol(error)
    if isinstance(error, RequestValidationError):
        return validation_error(error)
    return None


def _error(error: ApiError) -> JSONResponse:
    return JSONResponse({"error": error.message}, status_code=error.status,
                        headers=error.headers)


def _as_json(request: Request) -> Request:
    """The request with its body read as JSON whatever its content type says: Ollama reads
    it so, and its documented ``curl -d`` calls send a form's content type."""
    headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
    scope = {**request.scope, "headers": [*headers, (b"content-type", b"application/json")]}
    return Request(scope, request.receive)


class _OllamaRoute(APIRoute):
    """A route whose failures answer in Ollama's error shape, not OpenAI's."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            if request.method == "POST":
                request = _as_json(request)
            try:
                return await handler(request)
            except Exception as err:  # every failure becomes {"error": ...}
                api = _as_api(err)
                if api is None:
                    log.exception("unexpected error in a request")
                    api = ApiError(500, f"Ondol failed to answer: {type(err).__name__}.")
                return _error(api)

        return route


def _resolve(pool: ModelPool, name: str) -> LocalModel:
    """The library model called ``name``, or ``name`` without Ollama's default tag.

    Raises:
        ApiError: 404, no such model.
    """
    for candidate in dict.fromkeys((name, name.removesuffix(schema.LATEST))):
        try:
            return pool.find(candidate)
        except ApiError:
            continue
    raise ApiError(404, f'model "{name}" not found; GET /api/tags lists the models Ondol has',
                   param="model", code="model_not_found")


def _refuse(param: str, message: str) -> ApiError:
    return ApiError(400, message, param=param, code="invalid_value")


def _check_common(body: ChatRequest | GenerateRequest) -> None:
    """What neither endpoint does yet.

    Raises:
        ApiError: 400 naming the field.
    """
    _format_schema(body.format)  # a bad format is refused before anything loads
    if isinstance(body.options, schema.Options) and body.options.num_predict == 0:
        raise _refuse("options.num_predict", "'num_predict' must not be 0.")


def _format_schema(value: str | dict[str, Any] | None) -> dict[str, Any] | None:
    """``format``: ``"json"`` is any JSON object, an object is a JSON Schema the answer must
    match (held to it while decoding, as for the OpenAI endpoints' ``response_format``).

    Raises:
        ApiError: 400, another string, or a schema that is not plain JSON or too large.
    """
    if not value:
        return None
    if value == "json":
        return {}
    if not isinstance(value, dict):
        raise _refuse("format", f"'format' must be \"json\" or a JSON Schema (got {value!r}).")
    try:
        check_json_schema(value)
    except InvalidParameterError as err:
        raise _refuse("format", f"'format': {err.message}") from None
    return value


class _Run:
    """One generation: its events folded into Ollama's figures, and its request log entry."""

    def __init__(self, log: RequestLog, endpoint: str, shown: str, shape: Shape) -> None:
        self.log, self.endpoint, self.shown, self.shape = log, endpoint, shown, shape
        self.started = time.monotonic()
        self.ready: float | None = None  # when the prompt was ready (turn taken, model loaded)
        self.parts: list[str] = []
        self.done: ev.Done | None = None
        self.logged = False

    def take(self, event: Any) -> str | None:
        """Fold one host event in; the new text, if any."""
        if isinstance(event, ev.PromptReady | ev.Delta) and self.ready is None:
            self.ready = time.monotonic()
        if isinstance(event, ev.Delta):
            self.parts.append(event.text)
            return event.text
        if isinstance(event, ev.Done):
            self.done = event
        return None

    def line(self, text: str) -> dict[str, Any]:
        """A streamed piece of the answer."""
        return {"model": self.shown, "created_at": schema.timestamp(), **self.shape(text),
                "done": False}

    def final(self, text: str) -> dict[str, Any]:
        """The last object: the reason and the counts, durations in nanoseconds."""
        stats = self.done.stats if self.done is not None else ev.Stats(0)
        reason = gen.FINISH[self.done.reason] if self.done is not None else "stop"
        now = time.monotonic()
        return {"model": self.shown, "created_at": schema.timestamp(), **self.shape(text),
                "done": True, "done_reason": reason,
                "total_duration": _ns(now - self.started),
                # Waiting for the model's turn and loading it: what precedes the prompt.
                "load_duration": _ns((self.ready or now) - self.started),
                "prompt_eval_count": stats.prompt_tokens,
                "prompt_eval_duration": _ns(stats.prompt_seconds),
                "eval_count": stats.generated_tokens,
                "eval_duration": _ns(stats.decode_seconds)}

    def record(self, status: int = 200, finish: str | None = None) -> None:
        """Write the log entry once, however the request ended."""
        if self.logged:
            return
        self.logged = True
        stats = self.done.stats if self.done is not None else ev.Stats(0)
        if finish is None:
            finish = self.done.reason if self.done is not None else "cancelled"
        self.log.add(LogEntry(
            at=time.time(), endpoint=self.endpoint, model=self.shown, status=status,
            finish=finish, prompt_tokens=stats.prompt_tokens,
            cached_tokens=max(0, stats.prompt_tokens - stats.prompt_tokens_evaluated),
            completion_tokens=stats.generated_tokens,
            tokens_per_second=round(stats.decode_tokens_per_second, 2),
            seconds=round(time.monotonic() - self.started, 3)))

    def failed(self, error: BaseException) -> None:
        """Log a failure with its status and code."""
        api = _as_api(error)
        self.record(api.status if api else 500,
                    (api.code or "error") if api else "internal_error")


def _ns(seconds: float) -> int:
    return max(0, int(seconds * 1_000_000_000))


def _ndjson(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False) + "\n").encode()


async def _answer(work: Any, stop: Any, run: _Run, stream: bool,
                  reply: Reply | None = None) -> Response:
    """The answer whole, or as NDJSON lines (a chat's tool calls in a line of their own
    before the last). The first event is awaited before the response starts, so a failure
    before any text (context too long, busy) has its own status."""
    events = await start_events(work, stop, run.failed)

    if not stream:
        try:
            async for event in events:
                run.take(event)
        except asyncio.CancelledError:
            run.record(CLIENT_LEFT, "cancelled")
            raise
        except BaseException as err:
            run.failed(err)
            raise
        run.record()
        text = "".join(run.parts)
        if reply is None:
            return JSONResponse(run.final(text))
        return JSONResponse({**run.final(""), **reply.whole(text)})

    async def lines() -> AsyncIterator[bytes]:
        try:
            async for event in events:
                text = run.take(event)
                if text and reply is not None:
                    text = reply.piece(text)
                if text:
                    yield _ndjson(run.line(text))
            for shaped in reply.ending() if reply is not None else []:
                yield _ndjson({**run.line(""), **shaped})
            yield _ndjson(run.final(""))
        except (ApiError, OndolError) as err:
            # The status line has gone out: the error travels as a line, as Ollama's do.
            run.failed(err)
            yield _ndjson({"error": (_as_api(err) or ApiError(500, str(err))).message})
        finally:
            if run.done is None:
                run.record(CLIENT_LEFT, "cancelled")  # the client left mid-stream
            run.record()
            await events.aclose()

    return StreamingResponse(lines(), media_type="application/x-ndjson")


async def _load_only(pool: ModelPool, model: LocalModel, extra: dict[str, Any]
                     ) -> dict[str, Any]:
    """Ollama's way to load a model ahead: a request with nothing to answer."""
    def load() -> None:
        with pool.use(model.name):
            pass

    await asyncio.to_thread(load)
    return {"model": extra.pop("model"), "created_at": schema.timestamp(), **extra,
            "done": True, "done_reason": "load"}


def router(pool: ModelPool, log: RequestLog) -> APIRouter:
    """Ollama's endpoints over ``pool``; each generation is written to ``log``."""
    api = APIRouter(route_class=_OllamaRoute)

    @api.api_route("/", methods=["GET", "HEAD"], response_class=PlainTextResponse)
    def running() -> str:
        return "Ollama is running"  # what Ollama's clients probe for

    @api.api_route("/api/version", methods=["GET", "HEAD"])
    def version() -> dict[str, Any]:
        return {"version": schema.OLLAMA_API_VERSION}

    @api.get("/api/tags")
    def tags() -> dict[str, Any]:
        return {"models": [schema.listing(m) for m in pool.models()]}

    @api.get("/api/ps")
    def loaded() -> dict[str, Any]:
        out = []
        for slot in pool.loaded():
            entry = schema.listing(slot.model)
            entry.pop("modified_at")
            memory = slot.loaded.rss_bytes if slot.loaded and slot.loaded.rss_bytes else 0
            on_gpu = bool(slot.loaded and slot.loaded.params.get("n_gpu_layers"))
            expires = FOREVER
            if pool.ttl_s is not None:
                expires = schema.timestamp(time.time() + slot.last_used + pool.ttl_s
                                           - time.monotonic())
            out.append({**entry, "size": memory or slot.model.size_bytes,
                        "expires_at": expires,
                        "size_vram": slot.model.size_bytes if on_gpu else 0,
                        "context_length": slot.loaded.n_ctx if slot.loaded else 0})
        return {"models": out}

    @api.post("/api/show")
    def show(body: ShowRequest) -> dict[str, Any]:
        name = body.model or body.name
        if not name:
            raise _refuse("model", "Name the model: 'model'.")
        model = _resolve(pool, name)
        defaults = default_sampling_for(model.metadata)
        parameters = "\n".join(f"{key} {getattr(defaults, key)}" for key in (
            "temperature", "top_k", "top_p", "min_p", "repeat_penalty"))
        return schema.show(model, parameters)

    @api.post("/api/chat", response_model=None)
    async def chat(body: ChatRequest) -> Response | dict[str, Any]:
        _check_common(body)
        offer = ollama_tools.offer(body)
        model = _resolve(pool, body.model)
        messages = ollama_tools.chat_messages(body, model)
        if not messages:
            return await _load_only(pool, model, {
                "model": body.model, "message": {"role": "assistant", "content": ""}})
        return await _generate(body, model, "/api/chat", messages=messages,
                               shape=Reply.message, reply=Reply(offer))

    @api.post("/api/generate", response_model=None)
    async def generate(body: GenerateRequest) -> Response | dict[str, Any]:
        _check_common(body)
        if body.suffix:
            raise _refuse("suffix", "Ondol does not fill in the middle yet; leave out "
                                    "'suffix'.")
        model = _resolve(pool, body.model)
        if body.images and body.raw:
            raise _refuse("images", "A raw prompt has no place for images; leave out 'raw'.")
        if not body.prompt:
            return await _load_only(pool, model, {"model": body.model, "response": ""})
        shape: Shape = lambda text: {"response": text}  # noqa: E731
        if body.raw:  # the prompt as given, no chat template
            return await _generate(body, model, "/api/generate", prompt=body.prompt,
                                   shape=shape)
        messages = [ChatMessage(role="system", content=body.system)] if body.system else []
        content = images.with_images(body.prompt, body.images, "images", model)
        messages.append(ChatMessage(role="user", content=content))  # type: ignore[typeddict-item]
        return await _generate(body, model, "/api/generate", messages=messages, shape=shape)

    async def _generate(body: ChatRequest | GenerateRequest, model: LocalModel,
                        endpoint: str, *, shape: Shape,
                        messages: list[ChatMessage] | None = None,
                        prompt: str | None = None, reply: Reply | None = None) -> Response:
        fields = body.sampling_fields()
        max_tokens = body.max_tokens()
        schema = _format_schema(body.format)
        work, stop = gen.generate(
            pool, model.name,
            lambda slot: dataclasses.replace(
                gen.sampling_for(fields, slot.model.metadata, max_tokens, 0),
                json_schema=schema),
            messages=messages, prompt=prompt,
            tools=reply.offered.tools if reply is not None else ())
        return await _answer(work, stop, _Run(log, endpoint, body.model, shape), body.stream,
                             reply)

    return api
