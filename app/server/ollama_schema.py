"""Ollama's API shapes: the request bodies as pydantic models (as Ollama's API reference
documents them) and the model descriptions its clients read (``details``, sizes, times).

Fields Ondol does not use are accepted and ignored, as Ollama itself ignores unknown ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.catalog.library import LocalModel
from app.server.openai_schema import SamplingFields

# The level of Ollama's API these shapes follow: clients compare it against the first
# version that had a feature they use, so Ondol's own version number would mislead them.
# Chat with tools came in 0.3, format schemas in 0.5; editor plugins refuse servers under
# 0.6.4 (Raycast) or 0.6.5 (Continue). Fields of later versions that Ondol does not know
# (``think``, ...) are ignored, as an older Ollama ignores them.
OLLAMA_API_VERSION = "0.9.0"
LATEST = ":latest"  # Ollama's default tag; "<name>:latest" is "<name>"


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class Options(_Body):
    """``options``: the sampling knobs Ondol honours (``num_ctx`` and the rest are ignored:
    the context is the one the model was loaded with)."""

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repeat_penalty: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    num_predict: int | None = None  # -1: until the model stops, -2: fill the context
    stop: str | list[str] | None = None
    ignore_eos: bool = False  # an extension, as on the OpenAI endpoints: a fixed length


class Message(_Body):
    """One message of ``/api/chat``'s conversation."""

    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    images: list[str] | None = None
    tool_calls: list[dict[str, Any]] | None = None


class _Generating(_Body):
    """What ``/api/chat`` and ``/api/generate`` share."""

    model: str = Field(min_length=1)
    stream: bool = True  # Ollama streams unless told not to
    format: str | dict[str, Any] | None = None
    options: Options | None = None
    keep_alive: str | int | float | None = None  # the server's TTL decides instead

    def sampling_fields(self) -> SamplingFields:
        """The options in the OpenAI endpoints' terms, so both APIs sample alike."""
        options = self.options or Options()
        known = options.model_dump(include=set(Options.model_fields) - {"num_predict"})
        return SamplingFields(model=self.model, **known)

    def max_tokens(self) -> int | None:
        """``num_predict``: a negative count means no limit but the context."""
        wanted = self.options.num_predict if self.options else None
        return None if wanted is None or wanted < 0 else wanted


class ChatRequest(_Generating):
    """``POST /api/chat``; no messages only loads the model."""

    messages: list[Message] = Field(default_factory=list)
    tools: list[dict[str, Any]] | None = None


class GenerateRequest(_Generating):
    """``POST /api/generate``; an empty prompt only loads the model."""

    prompt: str = ""
    system: str | None = None
    suffix: str | None = None
    raw: bool = False
    images: list[str] | None = None


class ShowRequest(_Body):
    """``POST /api/show``: ``model``, or ``name`` as older clients send it."""

    model: str | None = None
    name: str | None = None
    verbose: bool = False


def timestamp(seconds: float | None = None) -> str:
    """RFC 3339 in UTC, as Ollama writes ``created_at`` and ``modified_at``."""
    moment = dt.datetime.fromtimestamp(
        dt.datetime.now(dt.UTC).timestamp() if seconds is None else seconds, dt.UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def human_number(count: int) -> str:
    """A parameter count as Ollama writes it: ``135M`` stays short, ``1.5B``, ``8B``."""
    for size, unit, places in ((1_000_000_000, "B", 1), (1_000_000, "M", 2), (1_000, "K", 0)):
        if count >= size:
            value = count / size
            return f"{value:.0f}{unit}" if value == int(value) else f"{value:.{places}f}{unit}"
    return str(count)


def modified(model: LocalModel) -> float:
    """When the model's file last changed (0 when it cannot be read)."""
    try:
        return model.path.stat().st_mtime
    except OSError:
        return 0.0


def digest(model: LocalModel) -> str:
    """A stable identity for the file. Ollama's is its manifest's hash; hashing a model of
    gigabytes on every listing would be too slow, so name, size and time stand in."""
    key = f"{model.name}\0{model.size_bytes}\0{modified(model)}"
    return hashlib.sha256(key.encode()).hexdigest()


def details(model: LocalModel) -> dict[str, Any]:
    """Ollama's ``details``: format, family, parameter size, quantisation."""
    meta = model.metadata
    family = meta.architecture if meta is not None else ""
    return {"parent_model": "", "format": model.format, "family": family,
            "families": [family] if family else None,
            "parameter_size": human_number(meta.parameter_count)
            if meta is not None and meta.parameter_count else "",
            "quantization_level": model.quant or ""}


def listing(model: LocalModel) -> dict[str, Any]:
    """One entry of ``/api/tags``."""
    return {"name": model.name, "model": model.name, "modified_at": timestamp(modified(model)),
            "size": model.size_bytes, "digest": digest(model), "details": details(model)}


def model_info(model: LocalModel) -> dict[str, Any]:
    """``/api/show``'s ``model_info``: the header's figures under GGUF's key names."""
    meta = model.metadata
    if meta is None:
        return {}
    arch = meta.architecture
    keyed = {"general.architecture": arch, "general.name": meta.name,
             "general.parameter_count": meta.parameter_count,
             f"{arch}.context_length": meta.context_length,
             f"{arch}.embedding_length": meta.embedding_length,
             f"{arch}.block_count": meta.block_count,
             f"{arch}.attention.head_count": meta.head_count,
             f"{arch}.attention.head_count_kv": meta.head_count_kv,
             f"{arch}.vocab_size": meta.vocab_size}
    return {key: value for key, value in keyed.items() if value is not None}


def show(model: LocalModel, parameters: str) -> dict[str, Any]:
    """``/api/show``'s answer for ``model`` whose defaults are ``parameters``."""
    meta = model.metadata
    template = (meta.chat_template or "") if meta is not None else ""
    # Clients offer tools only to a model said to take them: one whose template renders them.
    capabilities = ["completion", "tools"] if "tools" in template else ["completion"]
    return {"modelfile": f"# Ondol's library\nFROM {model.name}\n",
            "parameters": parameters, "template": template,
            "details": details(model), "model_info": model_info(model),
            "capabilities": capabilities, "modified_at": timestamp(modified(model))}
