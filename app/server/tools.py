"""A chat request's ``tools`` and ``tool_choice``: what the chat template is offered, which
answers are read back as tool calls, and the messages that carry calls and their results.

``tool_choice`` ``"none"`` offers nothing and parses nothing; ``"auto"`` (the default when
tools are given) offers them all; ``"required"`` offers them all, and a named function offers
only that one; for those two, decoding is held to the schema of a call (``call_schema``,
a grammar in the runtime), so the answer is always a well-formed call.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from app.core.tools.calls import CallStream, Parsed, parse_tool_calls
from app.core.types.chat import ChatMessage
from app.core.types.params import SamplingParams
from app.server.errors import ApiError
from app.server.openai_schema import ChatCompletionRequest, ChatMessageIn

CHOICES = ("none", "auto", "required")


@dataclass(frozen=True)
class ToolOffer:
    """The tools of one request as the template and the parser take them."""

    tools: tuple[dict[str, Any], ...] = ()  # what the template renders; () offers nothing
    required: bool = False  # "required" or a named function: the answer must be a call

    @property
    def names(self) -> tuple[str, ...]:
        """The offered functions' names."""
        return tuple(tool["function"]["name"] for tool in self.tools)

    def parse(self, text: str) -> Parsed:
        """``text`` split into content and calls (no calls unless tools were offered)."""
        return parse_tool_calls(text, self.names) if self.tools else Parsed(text)

    def constrain(self, sampling: SamplingParams) -> SamplingParams:
        """``sampling`` held to a call's schema when the answer must be a call."""
        if not self.required:
            return sampling
        return dataclasses.replace(sampling, json_schema=call_schema(self))

    def stream(self) -> CallStream | None:
        """A streaming splitter, or None when nothing is parsed."""
        return CallStream(self.names) if self.tools else None


def offer_for(body: ChatCompletionRequest) -> ToolOffer:
    """The request's tools, checked, as the template is offered them.

    Raises:
        ApiError: 400 naming the field: a tool that is not a function with a name, a
            ``tool_choice`` that is not one of the choices or names no offered tool, or a
            ``tool_choice`` without tools.
    """
    return offer_of(body.tools or [], body.tool_choice)


def offer_of(given: list[dict[str, Any]], choice: str | dict[str, Any] | None) -> ToolOffer:
    """``offer_for`` over the tools and choice themselves (chat completions' nested shape).

    Raises:
        ApiError: as ``offer_for``.
    """
    tools = tuple(_checked_tool(tool, f"tools[{i}]") for i, tool in enumerate(given))
    if choice is None or choice == "none" or (choice == "auto" and tools):
        return ToolOffer(tools if choice != "none" else ())
    if not tools:
        raise ApiError(400, "'tool_choice' needs 'tools'.", param="tool_choice",
                       code="invalid_value")
    if choice == "required":
        return ToolOffer(tools, required=True)
    if isinstance(choice, str):
        raise ApiError(400, f"'tool_choice' must be one of {', '.join(CHOICES)} or a function "
                            f"(got {choice!r}).", param="tool_choice", code="invalid_value")
    name = (choice.get("function") or {}).get("name") if choice.get("type") == "function" \
        else None
    chosen = [tool for tool in tools if tool["function"]["name"] == name]
    if not chosen:
        raise ApiError(400, "'tool_choice' must name one of the offered functions "
                            "({\"type\": \"function\", \"function\": {\"name\": ...}}).",
                       param="tool_choice", code="invalid_value")
    return ToolOffer((chosen[0],), required=True)


def _checked_tool(tool: dict[str, Any], where: str) -> dict[str, Any]:
    """A tool in the shape templates read: ``{"type": "function", "function": {...}}``."""
    function = tool.get("function")
    if tool.get("type") != "function" or not isinstance(function, dict):
        raise ApiError(400, f"{where} must be {{\"type\": \"function\", \"function\": {{...}}}}.",
                       param=f"{where}.type", code="invalid_value")
    name = function.get("name")
    if not isinstance(name, str) or not name or len(name) > 64:
        raise ApiError(400, f"{where}.function.name must be a name of 1 to 64 characters.",
                       param=f"{where}.function.name", code="invalid_value")
    parameters = function.get("parameters", {"type": "object", "properties": {}})
    if not isinstance(parameters, dict):
        raise ApiError(400, f"{where}.function.parameters must be a JSON schema object.",
                       param=f"{where}.function.parameters", code="invalid_value")
    out: dict[str, Any] = {"name": name, "parameters": parameters}
    if isinstance(function.get("description"), str):
        out = {"name": name, "description": function["description"], "parameters": parameters}
    return {"type": "function", "function": out}


def call_schema(offer: ToolOffer) -> dict[str, Any]:
    """The JSON schema of one call to an offered tool: ``{"name", "arguments"}``."""
    options = [{"type": "object", "properties": {
        "name": {"const": tool["function"]["name"]},
        "arguments": tool["function"]["parameters"]},
        "required": ["name", "arguments"]} for tool in offer.tools]
    return options[0] if len(options) == 1 else {"anyOf": options}


def chat_message(message: ChatMessageIn, index: int, text: str) -> ChatMessage:
    """One request message as the template takes it ("developer" is the system prompt); an
    assistant's ``tool_calls`` with their arguments as objects, as templates expect them.

    Raises:
        ApiError: 400, a tool result without ``tool_call_id``, or a tool call that is not
            ``{"type": "function", "function": {"name", "arguments"}}``.
    """
    role = "system" if message.role == "developer" else message.role
    out = ChatMessage(role=role, content=text)  # type: ignore[typeddict-item]
    if message.role == "tool":
        if not message.tool_call_id:
            raise ApiError(400, "A 'tool' message needs the 'tool_call_id' it answers.",
                           param=f"messages[{index}].tool_call_id", code="missing_required")
        out["tool_call_id"] = message.tool_call_id
    if message.name:
        out["name"] = message.name
    if message.role == "assistant" and message.tool_calls:
        out["tool_calls"] = [_template_call(call, f"messages[{index}].tool_calls[{i}]")
                             for i, call in enumerate(message.tool_calls)]
    return out


def _template_call(call: dict[str, Any], where: str) -> dict[str, Any]:
    function = call.get("function")
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        raise ApiError(400, f"{where} must be {{\"type\": \"function\", \"function\": "
                            "{\"name\": ..., \"arguments\": ...}}.", param=where,
                       code="invalid_value")
    arguments = function.get("arguments", "{}")
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError:
            raise ApiError(400, f"{where}.function.arguments must be JSON.",
                           param=f"{where}.function.arguments", code="invalid_value") from None
    return {"id": str(call.get("id", "")), "type": "function",
            "function": {"name": function["name"], "arguments": arguments}}


def message_out(parsed: Parsed) -> dict[str, Any]:
    """The answer's ``message``: its text, and its ``tool_calls`` when there are any."""
    message: dict[str, Any] = {"role": "assistant", "content": parsed.content, "refusal": None}
    if parsed.calls:
        message["tool_calls"] = [call.to_openai() for call in parsed.calls]
    return message


def call_deltas(parsed: Parsed) -> list[dict[str, Any]]:
    """The stream's last deltas, as OpenAI streams them: the held text, then per call one
    delta with its id, type and name, and one with its arguments."""
    deltas: list[dict[str, Any]] = []
    if parsed.content:
        deltas.append({"content": parsed.content})
    for index, call in enumerate(parsed.calls):
        deltas.append({"tool_calls": [{"index": index, "id": call.id, "type": "function",
                                       "function": {"name": call.name, "arguments": ""}}]})
        deltas.append({"tool_calls": [{"index": index,
                                       "function": {"arguments": call.arguments}}]})
    return deltas
