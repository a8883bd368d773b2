"""Sampling and load parameters: plain values, checked once, shared by every backend."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from app.core.errors import InvalidParameterError

KV_CACHE_TYPES = ("f16", "q8_0", "q4_0", "f32")
# A JSON schema is turned into a grammar per answer; a bound keeps that work (and the request
# it crosses the runtime pipe in) small.
MAX_JSON_SCHEMA_BYTES = 64 * 1024


def _check(ok: bool, name: str, value: Any, wording: str, **facts: Any) -> None:
    """Facts for the UI's sentence: ``reason`` (``out_of_range`` unless given) and ``rule``
    (the allowed range in plain notation, ``>= 0``, ``(0, 1]``) or ``allowed`` (a list)."""
    if not ok:
        facts.setdefault("reason", "out_of_range")
        facts.setdefault("rule", wording)
        raise InvalidParameterError(f"{name} must be {wording} (got {value!r}).",
                                    parameter=name, value=value, **facts)


@dataclass(frozen=True)
class SamplingParams:
    """How the next token is chosen (the decoding step) and when the answer ends."""

    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    max_tokens: int | None = 512  # None: until the context is full
    seed: int | None = None  # None: a new random seed each time
    stop: tuple[str, ...] = ()
    top_logprobs: int = 0  # >0: report the k most likely tokens at each step
    ignore_eos: bool = False  # keep going past end-of-turn (benchmarks: a fixed length)
    # The answer must be JSON matching this JSON Schema, enforced while decoding (a grammar);
    # ``{}`` means any JSON object. None: free text. Backends without grammars refuse it.
    json_schema: dict[str, Any] | None = None
    # Forced continuation: the answer starts with these token ids (an earlier answer's first
    # tokens and another candidate) and goes on from there; ``max_tokens`` counts what follows.
    answer_prefix: tuple[int, ...] = ()

    def validate(self) -> SamplingParams:
        """Return self, or raise on the first value out of range.

        Raises:
            InvalidParameterError: naming the parameter and the allowed range.
        """
        _check(self.temperature >= 0, "temperature", self.temperature, ">= 0")
        _check(self.top_k >= 0, "top_k", self.top_k, ">= 0 (0 = off)", rule=">= 0")
        _check(0 < self.top_p <= 1, "top_p", self.top_p, "in (0, 1]", rule="(0, 1]")
        _check(0 <= self.min_p <= 1, "min_p", self.min_p, "in [0, 1]", rule="[0, 1]")
        _check(self.repeat_penalty > 0, "repeat_penalty", self.repeat_penalty, "> 0")
        _check(-2 <= self.presence_penalty <= 2, "presence_penalty", self.presence_penalty,
               "in [-2, 2]", rule="[-2, 2]")
        _check(-2 <= self.frequency_penalty <= 2, "frequency_penalty", self.frequency_penalty,
               "in [-2, 2]", rule="[-2, 2]")
        _check(self.max_tokens is None or self.max_tokens > 0, "max_tokens", self.max_tokens,
               "> 0")
        _check(self.seed is None or 0 <= self.seed < 2**32, "seed", self.seed,
               "in [0, 2^32)", rule="[0, 2^32)")
        _check(0 <= self.top_logprobs <= 20, "top_logprobs", self.top_logprobs, "in [0, 20]",
               rule="[0, 20]")
        _check(all(isinstance(s, str) and s for s in self.stop), "stop", self.stop,
               "non-empty strings", reason="empty_stop")
        check_json_schema(self.json_schema)
        _check(all(isinstance(t, int) and t >= 0 for t in self.answer_prefix), "answer_prefix",
               self.answer_prefix, "token ids >= 0", rule=">= 0")
        return self

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form."""
        return asdict(self)


def check_json_schema(schema: Any) -> None:
    """A ``json_schema`` value: None, or a JSON object that serialises within the size bound.
    (Whether it is a schema the grammar converter understands, the backend decides.)

    Raises:
        InvalidParameterError: reason ``json_schema_invalid`` (not an object, not JSON) or
            ``json_schema_too_large`` (facts ``schema_bytes``, ``limit_bytes``).
    """
    if schema is None:
        return
    if not isinstance(schema, dict):
        raise InvalidParameterError(
            f"json_schema must be a JSON object (got {type(schema).__name__}).",
            parameter="json_schema", value=type(schema).__name__, reason="json_schema_invalid",
            detail="not a JSON object")
    try:
        size = len(json.dumps(schema, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError) as err:
        raise InvalidParameterError(
            f"json_schema is not plain JSON: {err}", parameter="json_schema", value=None,
            reason="json_schema_invalid", detail=str(err)) from None
    if size > MAX_JSON_SCHEMA_BYTES:
        raise InvalidParameterError(
            f"json_schema is {size} bytes; at most {MAX_JSON_SCHEMA_BYTES} are allowed.",
            parameter="json_schema", value=None, reason="json_schema_too_large",
            schema_bytes=size, limit_bytes=MAX_JSON_SCHEMA_BYTES)


@dataclass(frozen=True)
class LoadParams:
    """How a model is loaded. ``n_ctx`` is always explicit: never a runtime's silent default."""

    n_ctx: int
    n_threads: int
    n_batch: int = 512
    n_gpu_layers: int = 0  # -1: all layers
    flash_attn: bool = True
    kv_cache_type: str = "f16"
    use_mmap: bool = True
    use_mlock: bool = False
    # Full-size KV cache for sliding-window layers (Gemma): more memory, but a conversation's
    # earlier turns stay cached between answers instead of being processed again.
    swa_full: bool = True
    # Embedding mode: the model gives one vector per input instead of generating text.
    embedding: bool = False
    # A chat template saved in Ondol for this model: used instead of the file's own.
    chat_template: str | None = None
    # Speculative decoding (GGUF): a small model of the same vocabulary drafts tokens the loaded
    # model verifies several at a time; prompt lookup drafts from the conversation itself.
    # Both are lossless: the answer is the loaded model's own.
    draft_model: str | None = None  # path of the draft GGUF, loaded in the same host
    prompt_lookup: bool = False
    mmproj: str = ""  # a vision model's projector file (mmproj-*.gguf); "" for none
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> LoadParams:
        """Return self, or raise on the first value out of range.

        Raises:
            InvalidParameterError: naming the parameter and the allowed range.
        """
        _check(self.n_ctx >= 16, "n_ctx", self.n_ctx, ">= 16")
        _check(self.n_threads >= 1, "n_threads", self.n_threads, ">= 1")
        _check(self.n_batch >= 1, "n_batch", self.n_batch, ">= 1")
        _check(self.n_gpu_layers >= -1, "n_gpu_layers", self.n_gpu_layers, ">= -1")
        _check(self.kv_cache_type in KV_CACHE_TYPES, "kv_cache_type", self.kv_cache_type,
               "one of " + ", ".join(KV_CACHE_TYPES), reason="not_one_of",
               allowed=list(KV_CACHE_TYPES))
        return self

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form."""
        return asdict(self)
