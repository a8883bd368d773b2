"""``POST /v1/responses`` as the server takes it: the request body (pydantic), its ``input``
items as the chat template's messages, and its flat ``tools`` as the tool offer that chat
completions use.

A request may continue a kept response (``previous_response_id``, see ``response_store``):
its conversation items come first, then the request's own ``input``. Conversations kept as
objects (``conversation``) are refused with a 400 that says to send the whole conversation.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from app.core.types.chat import ChatMessage
from app.server import response_format, tools
from app.server.errors import ApiError
from app.server.openai_schema import SamplingFields

ROLES = ("user", "assistant", "system", "developer")
TEXT_PARTS = ("input_text", "output_text", "text")
ITEMS = ("message", "function_call", "function_call_output")
NOT_KEPT = ("conversation",)
LOGPROBS = "message.output_text.logprobs"  # the ``include`` that asks for them
MAX_TOP_LOGPROBS = 20


class ResponsesRequest(SamplingFields):
    """``POST /v1/responses``: text in and out, tools, streamed or whole.

    ``top_k``, ``min_p``, ``seed``, ``stop`` and ``ignore_eos`` are taken as extensions, as
    on chat completions.
    """

    input: str | list[dict[str, Any]]
    instructions: str | None = None
    max_output_tokens: int | None = Field(default=None, ge=1)
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    text: dict[str, Any] | None = None
    previous_response_id: str | None = None
    conversation: Any = None
    background: bool | None = None
    store: bool | None = None
    parallel_tool_calls: bool | None = None
    metadata: dict[str, str] | None = None
    include: list[str] | None = None
    top_logprobs: int | None = Field(default=None, ge=0, le=MAX_TOP_LOGPROBS)

    @property
    def stores(self) -> bool:
        """Whether the response is kept: ``store`` is on unless turned off."""
        return self.store is not False

    @property
    def logprobs(self) -> int | None:
        """How many alternatives each token's log-probability comes with, when ``include``
        asks for log-probabilities; ``None`` when it does not."""
        return (self.top_logprobs or 0) if LOGPROBS in (self.include or ()) else None

    @property
    def response_format(self) -> dict[str, Any] | None:
        """``text.format`` in chat completions' ``response_format`` shape (``sampling_for``
        reads it): ``{"type": "json_schema", "name", "schema"}`` is flat here."""
        spec = (self.text or {}).get("format")
        if not isinstance(spec, dict) or spec.get("type") != "json_schema":
            return spec if isinstance(spec, dict) else None
        return {"type": "json_schema", "json_schema": {
            "name": spec.get("name"), "schema": spec.get("schema", {})}}


def _bad(message: str, param: str, code: str = "invalid_value") -> ApiError:
    return ApiError(400, message, param=param, code=code)


def check_supported(body: ResponsesRequest) -> None:
    """Refuse what needs a conversation object or a background worker.

    Raises:
        ApiError: 400 naming ``conversation`` or ``background``,
            or the field of ``text.format`` that is not a format.
    """
    for name in NOT_KEPT:
        if getattr(body, name) is not None:
            raise _bad(f"'{name}' is not supported: Ondol keeps no conversations; send the "
                       "whole conversation in 'input'.", name, "unsupported_parameter")
    if body.background:
        raise _bad("'background' is not supported: ask without it (stream for long answers).",
                   "background", "unsupported_parameter")
    if body.text is not None and not isinstance(body.text.get("format", {}), dict):
        raise _bad("'text.format' must be an object.", "text.format")
    try:
        response_format.json_schema_for(body.response_format)
    except ApiError as err:  # named as this API spells the field
        param = (err.param or "").replace("json_schema.", "")
        param = param.replace(response_format.PARAM, "text.format", 1)
        raise _bad(err.message.replace(err.param or "", param), param) from None


def _text(content: Any, where: str) -> str:
    """A message's or a tool result's content as text: a string, or text parts joined."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise _bad(f"'{where}' must be a string or a list of input_text parts.", where)
    texts = []
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in TEXT_PARTS or not isinstance(part.get("text"), str):
            raise _bad(f"Only text content is understood; {where}[{index}] is {kind!r}.",
                       f"{where}[{index}]", "unsupported_content")
        texts.append(part["text"])
    return "".join(texts)


def _string(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise _bad(f"'{where}.{key}' must be a non-empty string.", f"{where}.{key}",
                   "missing_required" if value is None else "invalid_value")
    return value


def _call(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A ``function_call`` item as the template's tool call (arguments as an object)."""
    name, call_id = _string(item, "name", where), _string(item, "call_id", where)
    try:
        arguments = json.loads(item.get("arguments") or "{}")
    except (TypeError, json.JSONDecodeError):
        arguments = None
    if not isinstance(arguments, dict):
        raise _bad(f"'{where}.arguments' must be a JSON object in a string.",
                   f"{where}.arguments")
    return {"id": call_id, "type": "function",
            "function": {"name": name, "arguments": arguments}}


def input_items(body: ResponsesRequest) -> list[dict[str, Any]]:
    """The request's ``input`` as items (a string is one user message), as they are kept."""
    if isinstance(body.input, str):
        return [{"type": "message", "role": "user",
                 "content": [{"type": "input_text", "text": body.input}]}]
    return body.input


def chat_messages(body: ResponsesRequest, earlier: list[dict[str, Any]] | None = None
                  ) -> list[ChatMessage]:
    """``instructions``, the ``earlier`` items of a kept conversation, then ``input``, as the
    conversation the chat template renders; a function call joins the assistant message
    before it, as templates expect.

    Raises:
        ApiError: 400 naming the item: an empty input, an unknown item or role, content that
            is not text, a function call without name, call id or JSON arguments, a result
            without its call id.
    """
    out: list[ChatMessage] = []
    if body.instructions:
        out.append(ChatMessage(role="system", content=body.instructions))
    if isinstance(body.input, list) and not body.input:
        raise _bad("'input' must not be empty.", "input")
    for index, item in enumerate(earlier or []):
        _add(out, item, f"previous_response_id[{index}]")
    for index, item in enumerate(input_items(body)):
        _add(out, item, f"input[{index}]")
    return out


def _add(out: list[ChatMessage], item: Any, where: str) -> None:
    """One input item onto the conversation ``out``.

    Raises:
        ApiError: 400 naming the item (see ``chat_messages``).
    """
    if not isinstance(item, dict):
        raise _bad(f"'{where}' must be an object.", where)
    kind = item.get("type", "message")
    if kind not in ITEMS:
        raise _bad(f"'{where}.type' must be one of {', '.join(ITEMS)} (got {kind!r}).",
                   f"{where}.type", "unsupported_content")
    if kind == "function_call":
        call = _call(item, where)
        if out and out[-1]["role"] == "assistant":
            out[-1].setdefault("tool_calls", []).append(call)
        else:
            out.append(ChatMessage(role="assistant", content="", tool_calls=[call]))
    elif kind == "function_call_output":
        out.append(ChatMessage(role="tool", tool_call_id=_string(item, "call_id", where),
                               content=_text(item.get("output", ""), f"{where}.output")))
    else:
        role = item.get("role")
        if role not in ROLES:
            raise _bad(f"'{where}.role' must be one of {', '.join(ROLES)} (got {role!r}).",
                       f"{where}.role")
        out.append(ChatMessage(role="system" if role == "developer" else role,
                               content=_text(item.get("content", ""), f"{where}.content")))


def offer_for(body: ResponsesRequest) -> tools.ToolOffer:
    """The flat ``tools`` (``{"type": "function", "name", "description", "parameters"}``) and
    ``tool_choice`` as chat completions offer them.

    Raises:
        ApiError: 400 naming the field: a tool that is not a function with a name, a choice
            that names no offered function.
    """
    nested = []
    for index, tool in enumerate(body.tools or []):
        where = f"tools[{index}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            kind = tool.get("type") if isinstance(tool, dict) else None
            raise _bad(f"Only function tools are supported; '{where}.type' is {kind!r}.",
                       f"{where}.type")
        name = tool.get("name")
        if not isinstance(name, str) or not name or len(name) > 64:
            raise _bad(f"'{where}.name' must be a name of 1 to 64 characters.", f"{where}.name")
        parameters = tool.get("parameters") or {"type": "object", "properties": {}}
        if not isinstance(parameters, dict):
            raise _bad(f"'{where}.parameters' must be a JSON schema object.",
                       f"{where}.parameters")
        function = {"name": name, "parameters": parameters}
        if isinstance(tool.get("description"), str):
            function["description"] = tool["description"]
        nested.append({"type": "function", "function": function})
    choice = body.tool_choice
    if isinstance(choice, dict):
        name = choice.get("name")
        if choice.get("type") != "function" or name not in {t["function"]["name"]
                                                               for t in nested}:
            raise _bad("'tool_choice' must name one of the offered functions "
                       "({\"type\": \"function\", \"name\": ...}).", "tool_choice")
        choice = {"type": "function", "function": {"name": name}}
    return tools.offer_of(nested, choice)
