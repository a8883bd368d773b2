"""OpenAI's Responses API, ``POST /v1/responses``: the answer as a ``response`` object whose
``output`` holds a message (``output_text``) and any function calls, whole or streamed as the
typed server-sent events of OpenAI's reference (``response.created`` ...
``response.completed``, each ``event:`` + ``data:`` with ``type`` and ``sequence_number``).

A response is kept (``store``, on unless turned off; see ``response_store``) so that a later
request can continue it with ``previous_response_id`` and ``GET`` / ``DELETE
/v1/responses/{id}`` find it. With ``include: ["message.output_text.logprobs"]`` the text comes
with its tokens' log-probabilities (``top_logprobs`` alternatives each), whole and streamed.

Generation, the request log and tool-call parsing are chat completions'; this module only
shapes what goes in and out.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from app.core.errors import OndolError
from app.core.tools.calls import CallStream, Parsed, ToolCall
from app.server import generation as gen
from app.server import response_format
from app.server import responses_schema as schema
from app.server.bridge import start_events
from app.server.errors import ApiError, from_ondol
from app.server.openai_routes import CLIENT_LEFT, _collect, _Record, _take
from app.server.pool import ModelPool
from app.server.request_log import RequestLog
from app.server.response_store import ResponseStore
from app.server.responses_schema import ResponsesRequest

ENDPOINT = "/v1/responses"


def _id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def usage_of(answer: gen.Answer) -> dict[str, Any]:
    """The Responses API's ``usage``: input / output / total tokens, with the cached ones."""
    usage = answer.usage()
    return {"input_tokens": usage["prompt_tokens"],
            "input_tokens_details": {
                "cached_tokens": usage["prompt_tokens_details"]["cached_tokens"],
                "cache_write_tokens": 0},
            "output_tokens": usage["completion_tokens"],
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": usage["total_tokens"]}


def _text_part(text: str, logprobs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": logprobs or []}


def _message(item_id: str, text: str | None, status: str,
             logprobs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": item_id, "type": "message", "role": "assistant", "status": status,
            "content": [] if text is None else [_text_part(text, logprobs)]}


def _call_item(item_id: str, call: ToolCall, arguments: str, status: str) -> dict[str, Any]:
    return {"id": item_id, "type": "function_call", "call_id": call.id, "name": call.name,
            "arguments": arguments, "status": status}


class _Shape:
    """One response's ids, the request's settings it echoes, and where it is kept."""

    def __init__(self, body: ResponsesRequest, store: ResponseStore,
                 earlier: list[dict[str, Any]]) -> None:
        self.body = body
        self.store, self.earlier = store, earlier
        self.id = _id("resp")
        self.message_id = _id("msg")
        self.created_at = int(time.time())

    def response(self, status: str, output: list[dict[str, Any]],
                 answer: gen.Answer | None = None) -> dict[str, Any]:
        """The ``response`` object; ``answer`` (when it has ended) gives usage and status."""
        body = self.body
        incomplete = None
        if answer is not None and status == "incomplete":
            incomplete = {"reason": "max_output_tokens"}
        return {
            "id": self.id, "object": "response", "created_at": self.created_at,
            "status": status, "error": None, "incomplete_details": incomplete,
            "instructions": body.instructions, "max_output_tokens": body.max_output_tokens,
            "model": body.model, "output": output,
            "parallel_tool_calls": body.parallel_tool_calls is not False,
            "previous_response_id": body.previous_response_id,
            "reasoning": {"effort": None, "summary": None}, "store": body.stores,
            "temperature": body.temperature, "top_p": body.top_p,
            "top_logprobs": body.top_logprobs,
            "text": body.text or {"format": {"type": "text"}},
            "tool_choice": body.tool_choice or "auto", "tools": body.tools or [],
            "truncation": "disabled", "metadata": body.metadata or {}, "user": None,
            "usage": usage_of(answer) if answer is not None else None}

    def status_of(self, answer: gen.Answer, parsed: Parsed) -> str:
        """``incomplete`` when the answer ran out of ``max_output_tokens`` (not a call)."""
        if parsed.calls or answer.finish_reason() != "length":
            return "completed"
        return "incomplete"

    def logprobs(self, steps: list[Any]) -> list[dict[str, Any]]:
        """The tokens' log-probabilities when the request includes them, else none."""
        top = self.body.logprobs
        return gen.logprobs_content(steps, top) if top is not None else []

    def keep(self, response: dict[str, Any]) -> dict[str, Any]:
        """Store the finished ``response`` (unless ``store`` is off), with its conversation:
        the earlier items, this request's input, then its output."""
        if self.body.stores:
            self.store.put(response, [*self.earlier, *schema.input_items(self.body),
                                      *response["output"]])
        return response

    def output(self, parsed: Parsed, status: str,
               logprobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The message (when there is text, or nothing else) and the function calls."""
        items = []
        if parsed.content or not parsed.calls:
            items.append(_message(self.message_id, parsed.content or "", status, logprobs))
        items += [_call_item(_id("fc"), call, call.arguments, "completed")
                  for call in parsed.calls]
        return items


def _not_found(response_id: str, param: str, previous: bool = False) -> ApiError:
    """OpenAI's answer for a response it does not hold: a 400 for ``previous_response_id``
    (``previous_response_not_found``), a 404 for the path of ``GET`` / ``DELETE``."""
    if previous:
        return ApiError(400, f"Previous response with id '{response_id}' not found.",
                        param=param, code="previous_response_not_found")
    return ApiError(404, f"Response with id '{response_id}' not found.", param=param,
                    code="response_not_found")


def router(pool: ModelPool, log: RequestLog) -> APIRouter:
    """``POST``, ``GET`` and ``DELETE /v1/responses`` over ``pool``; each answer is written to
    ``log``. The responses kept live with this router, one store per application."""
    api = APIRouter()
    store = ResponseStore()

    @api.post(ENDPOINT, response_model=None)
    async def respond(body: ResponsesRequest) -> JSONResponse | StreamingResponse:
        gen.check_n(body)
        schema.check_supported(body)
        earlier: list[dict[str, Any]] = []
        if body.previous_response_id is not None:
            kept = store.get(body.previous_response_id)
            if kept is None:
                raise _not_found(body.previous_response_id, "previous_response_id", True)
            earlier = kept.items
        messages = schema.chat_messages(body, earlier)
        offer = schema.offer_for(body)
        # Log-probabilities of the chosen token come with at least one alternative.
        wanted = max(body.logprobs, 1) if body.logprobs is not None else 0
        pool.find(body.model)  # an unknown model is a 404 before anything starts
        work, stop = gen.generate(
            pool, body.model,
            lambda slot: offer.constrain(
                gen.sampling_for(body, slot.model.metadata, body.max_output_tokens, wanted)),
            messages=messages, tools=offer.tools)
        work = response_format.checked(work, body.response_format)
        shape = _Shape(body, store, earlier)
        record = _Record(log, ENDPOINT, body.model)
        if body.stream:
            return await _stream(work, stop, shape, record, offer.stream())
        answer = await _collect(work, stop, record)
        parsed = offer.parse(answer.text)
        status = shape.status_of(answer, parsed)
        output = shape.output(parsed, status, shape.logprobs(answer.logprobs))
        return JSONResponse(shape.keep(shape.response(status, output, answer)))

    @api.get(ENDPOINT + "/{response_id}")
    def retrieve(response_id: str) -> dict[str, Any]:
        kept = store.get(response_id)
        if kept is None:
            raise _not_found(response_id, "response_id")
        return kept.response

    @api.delete(ENDPOINT + "/{response_id}")
    def delete(response_id: str) -> dict[str, Any]:
        if not store.delete(response_id):
            raise _not_found(response_id, "response_id")
        return {"id": response_id, "object": "response", "deleted": True}

    return api


class _Events:
    """The typed events of one stream, numbered in order."""

    def __init__(self) -> None:
        self.sequence = 0

    def __call__(self, kind: str, **fields: Any) -> bytes:
        data = {"type": kind, "sequence_number": self.sequence, **fields}
        self.sequence += 1
        return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _stream(work: Any, stop: Any, shape: _Shape, record: _Record,
                  calls: CallStream | None) -> StreamingResponse:
    """The answer as typed events. The first host event is awaited before the response
    starts, so an error before any text (context too long, busy) is a proper status. With
    ``calls``, text that may be a function call is held back and sent parsed at the end."""
    events = await start_events(work, stop, record.failed)

    async def body() -> AsyncIterator[bytes]:
        emit = _Events()
        answer, parts, sent = gen.Answer(), [], []
        sent_logprobs: list[dict[str, Any]] = []
        opened, seen = False, 0  # log-probabilities go out with their text

        def open_message() -> list[bytes]:
            nonlocal opened
            opened = True
            return [emit("response.output_item.added", output_index=0,
                         item=_message(shape.message_id, None, "in_progress")),
                    emit("response.content_part.added", item_id=shape.message_id,
                         output_index=0, content_index=0, part=_text_part(""))]

        def text_out(text: str) -> list[bytes]:
            nonlocal seen
            out = [] if opened else open_message()
            sent.append(text)
            logprobs = shape.logprobs(answer.logprobs[seen:])
            seen = len(answer.logprobs)
            sent_logprobs.extend(logprobs)
            return [*out, emit("response.output_text.delta", item_id=shape.message_id,
                               output_index=0, content_index=0, delta=text,
                               logprobs=logprobs)]

        try:
            yield emit("response.created", response=shape.response("in_progress", []))
            yield emit("response.in_progress", response=shape.response("in_progress", []))
            async for event in events:
                text = _take(answer, parts, event)
                if text and calls is not None:
                    text = calls.feed(text)
                for chunk in text_out(text) if text else []:
                    yield chunk
            parsed = calls.finish() if calls is not None else Parsed("".join(parts))
            for chunk in text_out(parsed.content) if parsed.content and calls else []:
                yield chunk
            status = shape.status_of(answer, parsed)
            output: list[dict[str, Any]] = []
            if opened or not parsed.calls:
                for chunk in [] if opened else open_message():
                    yield chunk
                text = "".join(sent)
                yield emit("response.output_text.done", item_id=shape.message_id,
                           output_index=0, content_index=0, text=text,
                           logprobs=sent_logprobs)
                yield emit("response.content_part.done", item_id=shape.message_id,
                           output_index=0, content_index=0,
                           part=_text_part(text, sent_logprobs))
                output.append(_message(shape.message_id, text, status, sent_logprobs))
                yield emit("response.output_item.done", output_index=0, item=output[-1])
            for call in parsed.calls:
                index, call_id = len(output), _id("fc")
                yield emit("response.output_item.added", output_index=index,
                           item=_call_item(call_id, call, "", "in_progress"))
                yield emit("response.function_call_arguments.delta", item_id=call_id,
                           output_index=index, delta=call.arguments)
                yield emit("response.function_call_arguments.done", item_id=call_id,
                           output_index=index, name=call.name, arguments=call.arguments)
                output.append(_call_item(call_id, call, call.arguments, "completed"))
                yield emit("response.output_item.done", output_index=index, item=output[-1])
            yield emit(f"response.{status}",
                       response=shape.keep(shape.response(status, output, answer)))
        except (ApiError, OndolError) as err:
            # The status line has gone out: the error travels as an event, as OpenAI's do.
            record.failed(err)
            api = err if isinstance(err, ApiError) else from_ondol(err)
            yield emit("error", code=api.code, message=api.message, param=api.param)
        finally:
            if answer.done is None:
                record.done(answer, CLIENT_LEFT, "cancelled")  # the client left mid-stream
            record.done(answer)
            await events.aclose()

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
