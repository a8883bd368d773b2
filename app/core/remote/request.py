"""Ondol's sampling settings as an OpenAI-style request.

OpenAI's own fields go as themselves; ``top_k``, ``min_p`` and ``repeat_penalty`` go in the
body as extra fields (vLLM, llama-server, llama-cpp-python and Ollama read them), except those
the server was found to refuse (``probe``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from app.core.types.chat import ChatMessage
from app.core.types.params import SamplingParams

EXTRA_KNOBS = ("top_k", "min_p", "repeat_penalty")


def extra_knobs(sampling: SamplingParams) -> dict[str, Any]:
    """The extra (non-OpenAI) knobs and their values."""
    return {"top_k": sampling.top_k, "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty}


def request_fields(sampling: SamplingParams, refused: Collection[str] = ()
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(OpenAI keyword arguments, extra body) for one answer, leaving out ``refused`` knobs
    and whatever is unset (no seed: the server picks; no max_tokens: until the context ends).
    """
    fields: dict[str, Any] = {"temperature": sampling.temperature, "top_p": sampling.top_p,
                              "presence_penalty": sampling.presence_penalty,
                              "frequency_penalty": sampling.frequency_penalty}
    if sampling.max_tokens is not None:
        fields["max_tokens"] = sampling.max_tokens
    if sampling.seed is not None:
        fields["seed"] = sampling.seed
    if sampling.stop:
        fields["stop"] = list(sampling.stop)
    if sampling.json_schema is not None:
        fields["response_format"] = {"type": "json_schema", "json_schema": {
            "name": "answer", "schema": sampling.json_schema}}
    extra = {k: v for k, v in extra_knobs(sampling).items() if k not in refused}
    if sampling.ignore_eos and "ignore_eos" not in refused:
        extra["ignore_eos"] = True
    return fields, extra


def wire_messages(messages: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    """Messages as the chat endpoint takes them (tool calls' arguments as JSON text)."""
    import json

    out = []
    for message in messages:
        item: dict[str, Any] = {"role": message["role"], "content": message["content"]}
        if message.get("tool_calls"):
            item["tool_calls"] = [
                {**call, "function": {**call["function"], "arguments": json.dumps(
                    call["function"].get("arguments", {}))}}
                if not isinstance(call.get("function", {}).get("arguments"), str) else call
                for call in message["tool_calls"]]
        for key in ("tool_call_id", "name"):
            if key in message:
                item[key] = message[key]  # type: ignore[literal-required]
        out.append(item)
    return out
