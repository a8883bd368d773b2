"""The one small interface every inference backend implements.

A backend lives inside the runtime host process and is driven by it: load with progress and
cancel, stream pieces of an answer, tokenize and detokenize, unload. It never sees pipes or
request ids; the host turns its output into events.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from app.core.backends.chat_template import ChatTemplate
from app.core.backends.decode import (
    Decoder,
    GenerationOutcome,
    ShouldStop,
    TokenPiece,
    decode,
    json_schema_unsupported,
)
from app.core.backends.embedding import EmbedInput, embedding_unsupported
from app.core.backends.speculation.speculator import Speculator
from app.core.types.embeddings import Embeddings
from app.core.types.params import LoadParams, SamplingParams
from app.core.types.results import LoadedModel

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
    embeddings: bool = False  # can load a model in embedding mode (``LoadParams.embedding``)
    vision: bool = False  # can load a projector beside a model (``LoadParams.mmproj``)


class Backend(ABC):
    """One loaded model at a time.

    A backend loads, tokenizes and runs one step of its model; the decoding loop itself
    (``decode``) is shared by every backend.
    """

    # Bits of a random seed this runtime takes (onnxruntime-genai's seed is a 31-bit int).
    seed_bits: ClassVar[int] = 32

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

    @property
    def chat_template(self) -> ChatTemplate | None:
        """The loaded model's compiled chat template (None: nothing loaded)."""
        return self._template

    def render_chat(self, messages: Sequence[Any], add_generation_prompt: bool = True,
                    tools: Sequence[dict[str, Any]] | None = None) -> str:
        """The prompt for ``messages`` (offering ``tools``, if any) through the model's
        (sandboxed) chat template.

        Raises:
            ChatTemplateError: the template failed.
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        assert self._template is not None
        return self._template.render(list(messages), add_generation_prompt,
                                     tools=list(tools) if tools else None)

    def generate(self, prompt: str | Sequence[int], sampling: SamplingParams,
                 should_stop: ShouldStop, outcome: GenerationOutcome) -> Iterator[TokenPiece]:
        """Stream the answer to ``prompt`` (text, or its tokens); fills ``outcome`` as it ends.

        Raises:
            NoModelLoadedError: nothing is loaded.
            InvalidParameterError: the prompt is empty, a sampling value is out of range, or
                ``json_schema`` is one this backend cannot hold an answer to.
            ContextOverflowError: the prompt alone does not fit the context window.
            GenerationError: the runtime failed.
        """
        self._require()
        self.check_sampling(sampling)
        return decode(self, prompt, sampling, should_stop, outcome)

    def speculator(self) -> Speculator | None:
        """What drafts tokens for this model's answers (None: every step is one token)."""
        return None

    def check_sampling(self, sampling: SamplingParams) -> None:
        """Refuse, before any prompt work, what this backend cannot honour: by default a JSON
        schema (holding an answer to one needs a grammar, which a backend opts into).

        Raises:
            InvalidParameterError: ``json_schema`` is set (reason ``json_schema_unsupported``).
        """
        if sampling.json_schema is not None:
            raise json_schema_unsupported(self.capabilities().name)

    def embed(self, inputs: Sequence[EmbedInput], dimensions: int | None = None,
              should_stop: ShouldStop = lambda: False, truncate: bool = False) -> Embeddings:
        """One L2-normalised vector per input (a text, or its token ids), shortened to
        ``dimensions`` when given; the model must have been loaded in embedding mode. With
        ``truncate``, an input longer than the context window is cut to it.

        Raises:
            InvalidParameterError: this backend or model gives no embeddings (reason
                ``embedding_unsupported``), an empty input, a bad token id, or ``dimensions``
                out of range.
            ContextOverflowError: an input longer than the context window.
            GenerationCancelledError: ``should_stop()`` turned true.
        """
        raise embedding_unsupported(self.capabilities().name)

    # -- what the decoding loop asks of a backend ----------------------------------------

    @abstractmethod
    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens for a full prompt: BOS as the model asks, never twice.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """

    @abstractmethod
    def context_length(self) -> int:
        """The loaded context window, in tokens.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """

    @abstractmethod
    def is_end_of_turn(self, token: int) -> bool:
        """Whether ``token`` ends the model's turn (EOS, end-of-turn markers)."""

    @abstractmethod
    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: ShouldStop) -> Decoder:
        """A decoder for one answer to ``tokens``, sampling as ``sampling`` says.

        Raises:
            GenerationError: the runtime could not start.
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
