"""The request bodies of OpenAI's API as pydantic models (as its reference documents them).

Fields Ondol does not use are accepted and ignored, as OpenAI-compatible servers do, so a
client that sends them still works; fields it cannot honour (``n`` other than 1) are refused
by the endpoint with the field named.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class TextPart(_Body):
    """One part of a message's content: text, or (for a vision model) an image as
    ``{"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}}``."""

    type: str
    text: str | None = None
    image_url: dict[str, Any] | str | None = None


class ChatMessageIn(_Body):
    """A message of the conversation."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None
    name: str | None = None
    tool_call_id: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class StreamOptions(_Body):
    """``stream_options``: whether the last chunk carries the usage."""

    include_usage: bool = False


class SamplingFields(_Body):
    """What chat and text completions share: the sampling knobs, stop strings and length."""

    model: str = Field(min_length=1)
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None  # an extension, as llama.cpp's and LM Studio's servers take it
    min_p: float | None = None  # an extension
    repeat_penalty: float | None = None  # an extension
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    max_tokens: int | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    n: int | None = None
    ignore_eos: bool = False  # an extension (llama.cpp's server has it): a fixed length
    stream: bool = False
    stream_options: StreamOptions | None = None


class ChatCompletionRequest(SamplingFields):
    """``POST /v1/chat/completions``."""

    messages: list[ChatMessageIn] = Field(min_length=1)
    max_completion_tokens: int | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None


class CompletionRequest(SamplingFields):
    """``POST /v1/completions``: a raw prompt, no chat template."""

    prompt: str | list[str]
    logprobs: int | None = None  # the legacy API: how many alternatives per token
    echo: bool = False
