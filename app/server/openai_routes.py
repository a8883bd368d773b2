"""OpenAI's endpoints: ``/v1/models``, ``/v1/chat/completions`` and ``/v1/completions``,
streamed as server-sent events or answered whole, in the shapes of OpenAI's reference."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from app.core.errors import OndolError
from app.core.runtime import events as ev
from app.core.tools.calls import CallStream
from app.core.types.chat import ChatMessage
from app.server import generation as gen
from app.server import images, response_format, tools
from app.server.bridge import events_of, start_events
from app.server.errors import ApiError, from_ondol
from app.server.openai_schema import ChatCompletionRequest, CompletionRequest
from app.server.pool import ModelPool
from app.server.request_log import LogEntry, RequestLog

MAX_TOP_LOGPROBS = 20
CLIENT_LEFT = 499  # the status logged for a client that went away (nginx's convention)


def _sse(data: dict[str, Any] | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n".encode()


def _chat_messages(body: ChatCompletionRequest, pool: ModelPool) -> list[ChatMessage]:
    """The conversation in the core's roles ("developer" is the system prompt), tool calls
    and results included; images (for a vision model) as re-encoded image parts.

    Raises:
        ApiError: 400, a message Ondol cannot take (an image for a model without vision, an
            image address, a part of another type, a malformed tool call); 404, an image for
            a model that does not exist.
    """
    out: list[ChatMessage] = []
    for index, message in enumerate(body.messages):
        where = f"messages[{index}].content"
        if isinstance(message.content, list) and any(
                part.type == "image_url" for part in message.content):
            content = images.content_of(message.content, where, pool.find(body.model))
            out.append(tools.chat_message(message, index, content))  # type: ignore[arg-type]
            continue
        text = gen.ensure_text_only(message.content, where)
        out.append(tools.chat_message(message, index, text))
    return out


class _Record:
    """One request's entry in the log, written once when it ends however it ends."""

    def __init__(self, log: RequestLog, endpoint: str, model: str) -> None:
        self.log, self.endpoint, self.model = log, endpoint, model
        self.started = time.monotonic()
        self.written = False

    def done(self, answer: gen.Answer, status: int = 200, finish: str | None = None) -> None:
        if self.written:
            return
        self.written = True
        usage = answer.usage()
        stats = answer.done.stats if answer.done is not None else None
        if finish is None:
            finish = answer.done.reason if answer.done is not None else "cancelled"
        self.log.add(LogEntry(
            at=time.time(), endpoint=self.endpoint, model=self.model, status=status,
            finish=finish, prompt_tokens=usage["prompt_tokens"],
            cached_tokens=usage["prompt_tokens_details"]["cached_tokens"],
            completion_tokens=usage["completion_tokens"],
            tokens_per_second=round(stats.decode_tokens_per_second, 2) if stats else 0.0,
            seconds=round(time.monotonic() - self.started, 3)))

    def failed(self, error: BaseException) -> None:
        api = error if isinstance(error, ApiError) else (
            from_ondol(error) if isinstance(error, OndolError) else None)
        self.done(gen.Answer(), api.status if api else 500,
                  (api.code or "error") if api else "internal_error")


def router(pool: ModelPool, log: RequestLog) -> APIRouter:
    """The OpenAI endpoints over ``pool``; each generation is written to ``log``."""
    api = APIRouter()

    @api.get("/v1/models")
    def list_models() -> dict[str, Any]:
        loaded = {s.model.name: s.loaded.n_ctx for s in pool.loaded() if s.loaded}
        return {"object": "list", "data": [
            {"id": m.name, "object": "model", "created": int(m.path.stat().st_mtime)
             if m.path.exists() else 0, "owned_by": m.source,
             "ondol": {"format": m.format, "size_bytes": m.size_bytes,
                       "loaded": m.name in loaded},
             **({"context_length": loaded[m.name]} if m.name in loaded else {})}
            for m in pool.models()]}

    @api.get("/v1/models/{name:path}")
    def one_model(name: str) -> dict[str, Any]:
        model = pool.find(name)
        return {"id": model.name, "object": "model", "created": 0, "owned_by": model.source}

    @api.post("/v1/chat/completions", response_model=None)
    async def chat(body: ChatCompletionRequest, request: Request
                   ) -> JSONResponse | StreamingResponse:
        gen.check_n(body)
        messages = _chat_messages(body, pool)
        offer = tools.offer_for(body)
        top = body.top_logprobs or 0
        if top > MAX_TOP_LOGPROBS or top < 0:
            raise ApiError(400, f"'top_logprobs' must be between 0 and {MAX_TOP_LOGPROBS}.",
                           param="top_logprobs", code="invalid_value")
        if top and not body.logprobs:
            raise ApiError(400, "'top_logprobs' needs 'logprobs' set to true.",
                           param="top_logprobs", code="invalid_value")
        # Log-probabilities of the chosen token come with at least one alternative.
        wanted = max(top, 1) if body.logprobs else 0
        max_tokens = body.max_completion_tokens or body.max_tokens
        pool.find(body.model)  # an unknown model is a 404 before anything starts
        work, stop = gen.generate(
            pool, body.model,
            lambda slot: offer.constrain(
                gen.sampling_for(body, slot.model.metadata, max_tokens, wanted)),
            messages=messages, tools=offer.tools)
        work = response_format.checked(work, body.response_format)
        ids = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()),
               "model": body.model}
        record = _Record(log, "/v1/chat/completions", body.model)
        if body.stream:
            include_usage = bool(body.stream_options and body.stream_options.include_usage)
            return await _stream(work, stop, ids, "chat.completion.chunk", include_usage,
                                 record, chat=True, top=top if body.logprobs else None,
                                 calls=offer.stream())
        answer = await _collect(work, stop, record)
        logprobs = ({"content": gen.logprobs_content(answer.logprobs, top), "refusal": None}
                    if body.logprobs else None)
        parsed = offer.parse(answer.text)
        return JSONResponse({**ids, "object": "chat.completion", "choices": [{
            "index": 0, "message": tools.message_out(parsed),
            "logprobs": logprobs,
            "finish_reason": "tool_calls" if parsed.calls else answer.finish_reason()}],
            "usage": answer.usage(), "system_fingerprint": "ondol"})

    @api.post("/v1/completions", response_model=None)
    async def complete(body: CompletionRequest) -> JSONResponse | StreamingResponse:
        gen.check_n(body)
        if isinstance(body.prompt, list):
            if len(body.prompt) != 1:
                raise ApiError(400, "Ondol completes one prompt per request.",
                               param="prompt", code="invalid_value")
            prompt = body.prompt[0]
        else:
            prompt = body.prompt
        pool.find(body.model)
        work, stop = gen.generate(
            pool, body.model,
            lambda slot: gen.sampling_for(body, slot.model.metadata, body.max_tokens or 16, 0),
            prompt=prompt)
        ids = {"id": f"cmpl-{uuid.uuid4().hex}", "created": int(time.time()),
               "model": body.model}
        record = _Record(log, "/v1/completions", body.model)
        if body.stream:
            include_usage = bool(body.stream_options and body.stream_options.include_usage)
            return await _stream(work, stop, ids, "text_completion", include_usage, record,
                                 chat=False, top=None)
        answer = await _collect(work, stop, record)
        return JSONResponse({**ids, "object": "text_completion", "choices": [{
            "index": 0, "text": answer.text, "logprobs": None,
            "finish_reason": answer.finish_reason()}], "usage": answer.usage()})

    return api


async def _collect(work: Any, stop: Any, record: _Record) -> gen.Answer:
    """The whole answer (errors raised as the API's)."""
    answer = gen.Answer()
    parts: list[str] = []
    try:
        async for event in events_of(work, stop):
            _take(answer, parts, event)
    except asyncio.CancelledError:
        record.done(answer, CLIENT_LEFT, "cancelled")
        raise
    except BaseException as err:
        record.failed(err)
        raise
    finally:
        record.done(answer)  # a handler abandoned by its client: "cancelled"
    answer.text = "".join(parts)
    return answer


def _take(answer: gen.Answer, parts: list[str], event: Any) -> str | None:
    """Fold one host event into ``answer``; the new text, if any."""
    if isinstance(event, ev.Delta):
        parts.append(event.text)
        if event.logprobs:
            answer.logprobs.extend(event.logprobs)
        return event.text
    if isinstance(event, ev.Done):
        answer.done = event
    return None


async def _stream(work: Any, stop: Any, ids: dict[str, Any], kind: str, include_usage: bool,
                  record: _Record, *, chat: bool, top: int | None,
                  calls: CallStream | None = None) -> StreamingResponse:
    """Server-sent events. The first event is awaited before the response starts, so an
    error before any text (unknown model, context too long, busy) is a proper error status.
    With ``calls``, text that may be a tool call is held back and sent parsed at the end."""
    events = await start_events(work, stop, record.failed)
    answer = gen.Answer()
    parts: list[str] = []

    def chunk(delta: dict[str, Any] | None, text: str | None, finish: str | None,
              logprobs: Any = None) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish, "logprobs": logprobs}
        if chat:
            choice["delta"] = delta or {}
        else:
            choice["text"] = text or ""
        out = {**ids, "object": kind, "choices": [choice]}
        if include_usage:
            out["usage"] = None
        return out

    async def body() -> AsyncIterator[bytes]:
        try:
            if chat:
                yield _sse(chunk({"role": "assistant", "content": ""}, None, None))

            seen = 0  # log-probabilities go out with their text (held text: at the end)
            async for event in events:
                text = _take(answer, parts, event)
                if text and calls is not None:
                    text = calls.feed(text)
                if text:
                    logprobs = None
                    if top is not None:
                        logprobs = {"content": gen.logprobs_content(answer.logprobs[seen:], top),
                                    "refusal": None}
                    seen = len(answer.logprobs)
                    yield _sse(chunk({"content": text}, text, None, logprobs))
            parsed = calls.finish() if calls is not None else None
            for delta in tools.call_deltas(parsed) if parsed is not None else []:
                rest = answer.logprobs[seen:] if top is not None else []
                seen = len(answer.logprobs)
                yield _sse(chunk(delta, None, None, {
                    "content": gen.logprobs_content(rest, top), "refusal": None} if rest else None))
            finish = "tool_calls" if parsed and parsed.calls else answer.finish_reason()
            yield _sse(chunk({}, "", finish))
            if include_usage:
                yield _sse({**ids, "object": kind, "choices": [], "usage": answer.usage()})
        except (ApiError, OndolError) as err:
            # The status line has gone out: the error travels as an event, as OpenAI's do.
            record.failed(err)
            yield _sse((err if isinstance(err, ApiError) else from_ondol(err)).body())
        finally:
            if answer.done is None:
                record.done(answer, CLIENT_LEFT, "cancelled")  # the client left mid-stream
            record.done(answer)
            await events.aclose()
        yield _sse("[DONE]")

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
