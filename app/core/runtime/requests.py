"""What the client asks the runtime host to do: small picklable requests with an id each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.types.chat import ChatMessage, OverflowPolicy
from app.core.types.params import LoadParams, SamplingParams


@dataclass(frozen=True)
class LoadRequest:
    """Load one model (unloading any other first)."""

    request_id: int
    path: str
    params: LoadParams


@dataclass(frozen=True)
class GenerateRequest:
    """Generate an answer: from chat ``messages`` through the template, or from a raw ``prompt``.

    The host fits ``messages`` into the context window by ``overflow_policy``, keeping
    ``answer_reserve`` tokens for the answer (None: the default rule, see
    ``context_window.default_answer_reserve``).
    """

    request_id: int
    sampling: SamplingParams
    messages: tuple[ChatMessage, ...] | None = None
    prompt: str | None = None
    overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST
    answer_reserve: int | None = None
    # Tools the chat template offers the model (OpenAI's ``{"type": "function", ...}`` dicts).
    tools: tuple[dict[str, Any], ...] | None = None


@dataclass(frozen=True)
class DistributionRequest:
    """The next-token distribution after a prompt (``messages`` through the template, as
    ``GenerateRequest`` renders them, or a raw ``prompt``), then ``sampling.answer_prefix``:
    its ``top_n`` most likely tokens and summary numbers (a ``NextTokenView``), with each
    decoding step of ``sampling`` when ``steps`` is set. Nothing is generated."""

    request_id: int
    sampling: SamplingParams
    messages: tuple[ChatMessage, ...] | None = None
    prompt: str | None = None
    top_n: int = 20
    steps: bool = False
    overflow_policy: OverflowPolicy = OverflowPolicy.DROP_OLDEST
    answer_reserve: int | None = 1  # only the next token is asked for
    tools: tuple[dict[str, Any], ...] | None = None


@dataclass(frozen=True)
class TokenizeRequest:
    """Text to token ids (no BOS added)."""

    request_id: int
    text: str


@dataclass(frozen=True)
class TokenSpansRequest:
    """Text as readable token spans (a ``Tokenization``), through the tokenizer of the model
    file at ``path`` (read alone, weights unread, kept per path) or, without one, of the
    loaded model; ``special``: control-token text such as ``<|im_start|>`` is parsed."""

    request_id: int
    text: str
    path: str | None = None
    special: bool = True


@dataclass(frozen=True)
class DetokenizeRequest:
    """Token ids to text."""

    request_id: int
    token_ids: tuple[int, ...]


@dataclass(frozen=True)
class CountChatTokensRequest:
    """How many tokens ``messages`` take once rendered through the chat template (offering
    ``tools``, if any), counted as a generation's prompt is."""

    request_id: int
    messages: tuple[ChatMessage, ...]
    add_generation_prompt: bool = True
    tools: tuple[dict[str, Any], ...] | None = None


@dataclass(frozen=True)
class RenderChatRequest:
    """The prompt ``messages`` make through the chat template — the loaded model's, or
    ``template`` (a draft, compiled in the same sandbox) — with its token count."""

    request_id: int
    messages: tuple[ChatMessage, ...]
    template: str | None = None
    add_generation_prompt: bool = True
    tools: tuple[dict[str, Any], ...] | None = None


@dataclass(frozen=True)
class EmbedRequest:
    """One L2-normalised vector per input (a text, or its token ids), shortened to
    ``dimensions`` when given; the model must be loaded in embedding mode."""

    request_id: int
    inputs: tuple[str | tuple[int, ...], ...]
    dimensions: int | None = None
    truncate: bool = False  # cut an input longer than the context window instead of refusing


@dataclass(frozen=True)
class UnloadRequest:
    """Free the model."""

    request_id: int


@dataclass(frozen=True)
class ShutdownRequest:
    """Unload and exit the host."""

    request_id: int


Request = (
    LoadRequest
    | GenerateRequest
    | DistributionRequest
    | TokenizeRequest
    | TokenSpansRequest
    | DetokenizeRequest
    | CountChatTokensRequest
    | RenderChatRequest
    | EmbedRequest
    | UnloadRequest
    | ShutdownRequest
)
