"""What a backend reports back: the loaded model, per-token log-probabilities, why it stopped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StopReason = Literal["stop", "length", "cancelled"]


@dataclass(frozen=True)
class TokenLogprob:
    """One candidate token and its log-probability."""

    token: str
    token_id: int
    logprob: float


# (the chosen token, the k most likely) at one step of an answer.
StepLogprobs = tuple[TokenLogprob, tuple[TokenLogprob, ...]]


@dataclass(frozen=True)
class LoadedModel:
    """What a finished load reports."""

    path: str
    architecture: str
    n_ctx: int
    n_ctx_train: int
    n_vocab: int
    template_source: str
    template_note: str
    load_seconds: float
    rss_bytes: int
    params: dict[str, Any] = field(default_factory=dict)
    # The chat template renders a ``tools`` list itself, so the model was taught to call tools
    # (a remote server is trusted to say so by answering with calls).
    takes_tools: bool = False
    vision: bool = False  # a projector was loaded: messages may carry images
    image_size: int | None = None  # the side (pixels) the projector sees images at; scale to it
