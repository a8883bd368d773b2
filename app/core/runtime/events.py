"""What the runtime host sends back: small, picklable events, each tagged with its request id.

Every request ends with exactly one terminal event: ``Done`` (generation finished, with its
reason), ``Loaded`` / ``Result`` (other requests) or ``Failed`` (a typed error, as a dict).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.core.types.results import LoadedModel, StepLogprobs, StopReason


@dataclass(frozen=True)
class Delta:
    """New answer text since the last delta (several tokens, coalesced by the host)."""

    request_id: int
    text: str
    token_ids: tuple[int, ...] = ()
    # One entry per token in token_ids when top-k logprobs were asked for: (chosen, top-k).
    logprobs: tuple[StepLogprobs, ...] | None = None
    # With logprobs: the shown text each of those tokens released (joined: ``text``, less an
    # end-of-answer tail, which comes last and belongs to the last token).
    pieces: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PromptReady:
    """The prompt a generation sends, once the host has fitted it to the context window."""

    request_id: int
    prompt_tokens: int
    n_ctx: int
    messages_dropped: int = 0  # oldest turns left out so the conversation fits


@dataclass(frozen=True)
class Stats:
    """Generation figures so far (sent periodically) or in total (inside ``Done``)."""

    request_id: int
    prompt_tokens: int = 0  # tokens in the prompt
    prompt_tokens_evaluated: int = 0  # of those, processed now (the rest came from the cache)
    generated_tokens: int = 0
    prompt_seconds: float = 0.0
    decode_seconds: float = 0.0
    time_to_first_token: float = 0.0
    peak_rss_bytes: int = 0  # of the host process
    seed: int | None = None  # the sampling seed used (to reproduce an answer)
    # Speculative decoding: tokens drafted and, of those, accepted by the loaded model; and
    # the plain (one token per step) decode speed measured on this model, for the speed-up.
    drafted_tokens: int = 0
    accepted_tokens: int = 0
    plain_tokens_per_second: float = 0.0
    threads: int = 0  # the thread count in use at the end (it adapts to a busy machine)

    @property
    def prompt_tokens_per_second(self) -> float:
        """Prompt processing speed over the evaluated tokens."""
        if self.prompt_seconds <= 0:
            return 0.0
        return self.prompt_tokens_evaluated / self.prompt_seconds

    @property
    def decode_tokens_per_second(self) -> float:
        """Generation speed after the first token."""
        if self.decode_seconds <= 0 or self.generated_tokens < 2:
            return 0.0
        return (self.generated_tokens - 1) / self.decode_seconds

    @property
    def speculation_speedup(self) -> float:
        """Decode speed over the plain speed (0 when either is unknown)."""
        if self.plain_tokens_per_second <= 0 or self.decode_tokens_per_second <= 0:
            return 0.0
        return self.decode_tokens_per_second / self.plain_tokens_per_second

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form, with the derived speeds."""
        data = asdict(self)
        data["prompt_tokens_per_second"] = round(self.prompt_tokens_per_second, 2)
        data["decode_tokens_per_second"] = round(self.decode_tokens_per_second, 2)
        data["speculation_speedup"] = round(self.speculation_speedup, 3)
        return data


@dataclass(frozen=True)
class ToolCalls:
    """The tool calls an answer ended with, as a server sends them apart from the text (sent
    just before ``Done``): ``calls`` are (call id, function name, arguments as JSON text)."""

    request_id: int
    calls: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Done:
    """A generation ended. ``reason``: stop (end of turn or stop string), length, cancelled;
    ``stop_string``: the stop string that ended it, if one did."""

    request_id: int
    reason: StopReason
    stats: Stats
    stop_string: str | None = None


@dataclass(frozen=True)
class Failed:
    """A request failed; ``error`` is ``OndolError.to_dict()``."""

    request_id: int
    error: dict[str, Any]


@dataclass(frozen=True)
class LoadProgress:
    """Fraction of a model load done (0..1)."""

    request_id: int
    fraction: float


@dataclass(frozen=True)
class Loaded:
    """A load finished."""

    request_id: int
    model: LoadedModel


@dataclass(frozen=True)
class Result:
    """The answer to a small request (tokenize, detokenize, count, unload)."""

    request_id: int
    value: Any


@dataclass(frozen=True)
class Log:
    """A line from the native runtime's log, forwarded to the app's logger."""

    level: int
    message: str


Event = (Delta | PromptReady | Stats | ToolCalls | Done | Failed | LoadProgress | Loaded
         | Result | Log)
TERMINAL = (Done, Failed, Loaded, Result)
