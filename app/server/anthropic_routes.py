"""Anthropic's Messages API, ``POST /v1/messages``: answered whole, or streamed as its named
server-sent events (``message_start``, ``content_block_start`` / ``_delta`` / ``_stop``,
``message_delta``, ``message_stop``), with tool calls as ``tool_use`` blocks; and
``POST /v1/messages/count_tokens``, the prompt's size in the model's own tokens.

Stop sequences are the runtime's stop strings (``anthropic_turn`` names the one that ended an
answer). Errors are Anthropic's shape: ``AnthropicErrors`` rewrites every error answer on
this path (the key check, validation, unknown models, a busy queue) and streams carry an
``error`` event.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import OndolError
from app.core.runtime import events as ev
from app.core.tools.calls import Parsed
from app.server import generation as gen
from app.server.anthropic_schema import (
    CountTokensRequest,
    MessagesRequest,
    chat_messages,
    error_body,
    tool_offer,
)
from app.server.anthropic_turn import Turn
from app.server.bridge import events_of, start_events
from app.server.errors import ApiError, from_ondol
from app.server.openai_routes import CLIENT_LEFT, _Record
from app.server.openai_schema import SamplingFields
from app.server.pool import ModelPool, Slot
from app.server.request_log import RequestLog

log = logging.getLogger(__name__)
PATH = "/v1/messages"


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _blocks(parsed: Parsed, text: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if text or not parsed.calls:
        blocks.append({"type": "text", "text": text})
    blocks.extend({"type": "tool_use", "id": call.id, "name": call.name,
                   "input": json.loads(call.arguments)} for call in parsed.calls)
    return blocks


def router(pool: ModelPool, log_: RequestLog) -> APIRouter:
    """``POST /v1/messages`` and its token count over ``pool``; each answer is written to
    ``log_``."""
    api = APIRouter()

    @api.post(PATH + "/count_tokens")
    async def count_tokens(body: CountTokensRequest) -> dict[str, int]:
        conversation = chat_messages(body)
        offer = tool_offer(body)
        pool.find(body.model)  # an unknown model is a 404 before anything loads

        def count(slot: Slot) -> Iterator[int]:
            # The model's own template and tokenizer, as a message request would render it.
            yield slot.client.count_chat_tokens(  # type: ignore[union-attr]
                conversation, tools=offer.tools or None)

        work, stop = gen.on_turn(pool, body.model, count)
        counted = [n async for n in events_of(work, stop)]
        return {"input_tokens": counted[0]}

    @api.post(PATH, response_model=None)
    async def messages(body: MessagesRequest) -> JSONResponse | StreamingResponse:
        conversation = chat_messages(body)
        offer = tool_offer(body)
        # Stop sequences are the runtime's stop strings (an empty one would stop nothing).
        fields = SamplingFields(model=body.model, temperature=body.temperature,
                                top_p=body.top_p, top_k=body.top_k, seed=body.seed,
                                stop=[s for s in body.stop_sequences or [] if s])
        pool.find(body.model)  # an unknown model is a 404 before anything starts
        work, stop = gen.generate(
            pool, body.model,
            lambda slot: offer.constrain(
                gen.sampling_for(fields, slot.model.metadata, body.max_tokens, 0)),
            messages=conversation, tools=offer.tools)
        turn = Turn(offer, body.stream)
        record = _Record(log_, PATH, body.model)
        head = {"id": f"msg_{uuid.uuid4().hex[:24]}", "type": "message", "role": "assistant",
                "model": body.model}
        if body.stream:
            return await _stream(work, stop, turn, head, record)
        events = events_of(work, stop)
        try:
            async for event in events:
                turn.take(event)
        except BaseException as err:
            record.failed(err)
            raise
        finally:
            record.done(turn.answer, CLIENT_LEFT if turn.answer.done is None else 200)
        parsed = turn.finish()
        text = parsed.content or ""
        return JSONResponse({**head, "content": _blocks(parsed, text),
                             "stop_reason": turn.stop_reason(parsed),
                             "stop_sequence": turn.stop_sequence, "usage": turn.usage()})

    return api


async def _stream(work: Any, stop: Any, turn: Turn, head: dict[str, Any],
                  record: _Record) -> StreamingResponse:
    """Anthropic's events. The first host event is awaited before the response starts, so
    an error before any text (a busy queue, a prompt too long) has its own status."""
    events = await start_events(work, stop, record.failed)
    prompt = next((e.prompt_tokens for e in events.first if isinstance(e, ev.PromptReady)), 0)

    async def body() -> AsyncIterator[bytes]:
        index = 0
        text_open = False

        def text(piece: str) -> list[bytes]:
            nonlocal text_open
            out = []
            if not text_open:
                text_open = True
                out.append(_event("content_block_start", {
                    "type": "content_block_start", "index": index,
                    "content_block": {"type": "text", "text": ""}}))
            out.append(_event("content_block_delta", {
                "type": "content_block_delta", "index": index,
                "delta": {"type": "text_delta", "text": piece}}))
            return out

        try:
            yield _event("message_start", {"type": "message_start", "message": {
                **head, "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": {"input_tokens": prompt, "output_tokens": 0}}})
            yield _event("ping", {"type": "ping"})

            async for event in events:
                piece = turn.take(event)
                for chunk in text(piece) if piece else []:
                    yield chunk
            parsed = turn.finish()
            for chunk in text(parsed.content) if parsed.content else []:
                yield chunk
            if text_open:
                yield _event("content_block_stop", {"type": "content_block_stop",
                                                    "index": index})
                index += 1
            for call in parsed.calls:
                yield _event("content_block_start", {
                    "type": "content_block_start", "index": index, "content_block": {
                        "type": "tool_use", "id": call.id, "name": call.name, "input": {}}})
                yield _event("content_block_delta", {
                    "type": "content_block_delta", "index": index,
                    "delta": {"type": "input_json_delta", "partial_json": call.arguments}})
                yield _event("content_block_stop", {"type": "content_block_stop",
                                                    "index": index})
                index += 1
            yield _event("message_delta", {
                "type": "message_delta", "delta": {"stop_reason": turn.stop_reason(parsed),
                                                   "stop_sequence": turn.stop_sequence},
                "usage": turn.usage()})
            yield _event("message_stop", {"type": "message_stop"})
        except (ApiError, OndolError) as err:
            # The status line has gone out: the error travels as an event.
            record.failed(err)
            api = err if isinstance(err, ApiError) else from_ondol(err)
            yield _event("error", error_body(api.status, api.message))
        finally:
            if turn.answer.done is None:
                record.done(turn.answer, CLIENT_LEFT, "cancelled")  # the client left
            record.done(turn.answer)
            await events.aclose()

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


class AnthropicErrors:
    """Every error answer under ``/v1/messages`` in Anthropic's shape, whichever part of
    the server gave it (the key check, validation, the endpoint, an unexpected failure)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(PATH):
            await self.app(scope, receive, send)
            return
        held: dict[str, Any] = {}
        parts: list[bytes] = []
        started = False

        async def rewrite(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start" and message["status"] >= 400:
                held["start"] = message
                return
            if "start" not in held:
                started = started or message["type"] == "http.response.start"
                await send(message)
                return
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._send_error(send, held["start"], b"".join(parts))

        try:
            await self.app(scope, receive, rewrite)
        except Exception:
            if started or held:  # too late for an answer of its own
                raise
            log.exception("unexpected error in a request")
            await _respond(send, 500, {}, error_body(500, "Ondol failed to answer."))

    @staticmethod
    async def _send_error(send: Send, start: Message, raw: bytes) -> None:
        status = start["status"]
        try:
            message = json.loads(raw)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = raw.decode("utf-8", "replace") or f"HTTP {status}"
        keep = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])
                if k.lower() not in (b"content-length", b"content-type")}
        await _respond(send, status, keep, error_body(status, message))


async def _respond(send: Send, status: int, headers: dict[str, str],
                   body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        *((k.encode(), v.encode()) for k, v in headers.items()),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
