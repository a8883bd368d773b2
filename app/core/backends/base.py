"""The one small interface every inference backend implements.

A backend lives inside the runtime host process and is driven by it: load with progress and
cancel, stream pieces of an answer, tokenize and detokenize, unload. It never sees pipes or
request ids; the host turns its output into events.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from app.core.backends.chat_template import ChatTemplate
from app.core.backends.params import LoadParams, SamplingParams
from app.core.runtime.events import LoadedModel, StopReason, TokenLogprob

# Returns True when the current request should stop (checked per token and during prompt work).
ShouldStop = Callable[[], bool]
# Receives load progress 0..1; returning False aborts the load.
OnProgress = Callable[[float], bool]


@dataclass(frozen=True)
class BackendCapabilities:
    """What a backend (in this build, on this machine) can do."""

    name: str
    gpu_offload: bool = False
    logprobs: bool = False
    abort_prompt_processing: bool = False
    flash_attention: bool = False


@dataclass(frozen=True)
class TokenPiece:
    """One generated token and the text it completed (may be empty while UTF-8 is partial)."""

    text: str
    token_id: int
    logprob: tuple[TokenLogprob, tuple[TokenLogprob, ...]] | None = None


@dataclass
class GenerationOutcome:
    """How a generation ended, with llama.cpp-side timings where the backend has them."""

    reason: StopReason = "stop"
    prompt_tokens: int = 0
    prompt_tokens_evaluated: int = 0
    generated_tokens: int = 0
    prompt_seconds: float = 0.0
    decode_seconds: float = 0.0
    seed: int | None = None


class Backend(ABC):
    """One loaded model at a time."""

    @abstractmethod
    def capabilities(self) -> BackendCapabilities:
        """What this backend can do here."""

    @abstractmethod
    def load(self, path: str, params: LoadParams, on_progress: OnProgress) -> LoadedModel:
        """Load ``path``; ``on_progress`` returning False cancels.

        Raises:
            OndolError: a typed error (corrupt file, unsupported architecture, cancelled, ...).
        """

    # Set by ``load`` (compiled before the model loads), cleared by ``unload``.
    _template: ChatTemplate | None = None

    @abstractmethod
    def _require(self) -> Any:
        """The loaded model (or its tokenizer).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """

    def render_chat(self, messages: list[dict[str, Any]], add_generation_prompt: bool = True
                    ) -> str:
        """The prompt for ``messages`` through the model's (sandboxed) chat template.

        Raises:
            ChatTemplateError: the template failed.
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        assert self._template is not None
        return self._template.render(messages, add_generation_prompt)

    @abstractmethod
    def generate(self, prompt: str, sampling: SamplingParams, should_stop: ShouldStop,
                 outcome: GenerationOutcome) -> Iterator[TokenPiece]:
        """Stream the answer to ``prompt``; fills ``outcome`` as it ends.

        Raises:
            NoModelLoadedError: nothing is loaded.
            ContextOverflowError: the prompt alone does not fit the context window.
            GenerationError: the runtime failed.
        """

    @abstractmethod
    def tokenize(self, text: str) -> list[int]:
        """Token ids for ``text`` (special tokens parsed, no BOS added).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """

    @abstractmethod
    def detokenize(self, token_ids: list[int]) -> str:
        """Text for ``token_ids``.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """

    @abstractmethod
    def unload(self) -> None:
        """Free the model (safe to call when nothing is loaded)."""
