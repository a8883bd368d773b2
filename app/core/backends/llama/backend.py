"""GGUF models through llama-cpp-python: load, stream, cancel, tokenize.

Generation runs Ondol's own decoder (``decoder.py``) over llama.cpp's batch API rather than
``create_completion``: Ondol needs each token id, a per-token cancel check, top-k
log-probabilities without ``logits_all`` (which would slow prompt processing), its own
stop-string handling, and drafted tokens verified several at a time (speculative decoding,
with a draft model loaded beside the model, ``draft.py``, and prompt lookup).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import llama_cpp

from app.core.backends.base import Backend, BackendCapabilities, OnProgress
from app.core.backends.chat_template import ChatTemplate, template_for
from app.core.backends.decode import Decoder, ShouldStop
from app.core.backends.embedding import EmbedInput, check_tokens, finish
from app.core.backends.llama.decoder import LlamaDecoder
from app.core.backends.llama.draft import load_draft, speculator_for
from app.core.backends.llama.embed import embed_sequences, text_tokens
from app.core.backends.llama.grammar import grammar_for
from app.core.backends.llama.native import (
    NativeLog,
    library_templates_off,
    load_progress_hook,
)
from app.core.backends.llama.vision import (
    MARKER,
    Projector,
    VisionDecoder,
    read_projector_info,
    refuse_images,
    split_messages,
)
from app.core.backends.speculation.speculator import Speculator
from app.core.backends.threads import ThreadGovernor
from app.core.errors import (
    GenerationCancelledError,
    InvalidParameterError,
    ModelLoadError,
    NoModelLoadedError,
)
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.hardware.process_stats import peak_rss_bytes
from app.core.types.embeddings import Embeddings
from app.core.types.params import LoadParams, SamplingParams
from app.core.types.results import LoadedModel

logger = logging.getLogger(__name__)

# ggml type ids for the KV cache (ggml.h: GGML_TYPE_*).
_KV_TYPES = {"f32": 0, "f16": 1, "q4_0": 2, "q8_0": 8}


class LlamaCppBackend(Backend):
    """One llama.cpp model, owned by the runtime host."""

    def __init__(self, log_sink: Callable[[int, str], None] | None = None) -> None:
        self._log = NativeLog(log_sink)
        self._log.install()
        self._llm: Any = None
        self._template: ChatTemplate | None = None
        self._vocab: Any = None
        self._bos_id: int = -1
        self._bos_text: str = ""
        self._draft: Any = None  # a second Llama: the draft model, when one is loaded
        self._speculator: Speculator | None = None
        self._governor: ThreadGovernor | None = None  # thread counts, kept across answers
        self._projector: Projector | None = None  # a vision model's projector (mmproj)
        self._images: tuple[str, list[bytes]] = ("", [])  # the last rendered prompt's images

    def capabilities(self) -> BackendCapabilities:
        """GPU offload as the installed build reports it; the rest always."""
        return BackendCapabilities(
            name="llama.cpp",
            gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()),
            logprobs=True,
            abort_prompt_processing=True,
            flash_attention=True,
            embeddings=True,
            vision=True,
        )

    # -- loading -------------------------------------------------------------------------

    def load(self, path: str, params: LoadParams, on_progress: OnProgress) -> LoadedModel:
        """Load a GGUF file (checking its header first, for a specific error).

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError,
            UnsupportedArchitectureError: from the header check.
            GenerationCancelledError: ``on_progress`` returned False.
            InvalidParameterError: a quantised KV cache without flash attention.
            ModelLoadError: llama.cpp refused the file or could not make a context.
        """
        params.validate()
        if params.kv_cache_type != "f16" and not params.flash_attn:
            raise InvalidParameterError(
                "A quantised KV cache needs flash attention on.", parameter="kv_cache_type",
                value=params.kv_cache_type, reason="needs_flash_attn",
                rule="f16 unless flash_attn")
        meta = read_gguf_metadata(path)
        template = template_for(meta, params.chat_template)
        vision = read_projector_info(params.mmproj) if params.mmproj else None
        self.unload()
        self._log.take_recent()
        cancelled = False

        def progress(fraction: float) -> bool:
            nonlocal cancelled
            keep_going = on_progress(fraction)
            cancelled = not keep_going
            return keep_going

        # Embedding mode: one input is evaluated in one step (a non-causal encoder must see
        # it whole), so the batch spans the context.
        n_batch = params.n_ctx if params.embedding else params.n_batch
        started = time.perf_counter()
        try:
            with load_progress_hook(progress), library_templates_off():
                llm = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=params.n_ctx,
                    n_batch=n_batch,
                    n_ubatch=n_batch,
                    embedding=params.embedding,
                    n_threads=params.n_threads,
                    n_threads_batch=params.n_threads,
                    n_gpu_layers=params.n_gpu_layers,
                    flash_attn=params.flash_attn,
                    type_k=_KV_TYPES[params.kv_cache_type],
                    type_v=_KV_TYPES[params.kv_cache_type],
                    use_mmap=params.use_mmap,
                    use_mlock=params.use_mlock,
                    swa_full=params.swa_full,
                    logits_all=False,
                    verbose=False,
                    **params.extra,
                )
        except (ValueError, RuntimeError, OSError) as err:
            if cancelled:
                raise GenerationCancelledError("Loading was cancelled.", path=str(path)) from err
            detail = self._log.failure_detail() or str(err)
            native = self._log.take_recent()
            raise ModelLoadError(
                f"llama.cpp could not load {path}: {detail}", path=str(path),
                native_log=native, reason="llama_refused", detail=detail) from err
        self._llm = llm
        if vision is not None and not params.embedding:
            try:
                self._projector = Projector(vision, llm, params.n_threads,
                                            use_gpu=params.n_gpu_layers != 0)
            except BaseException:
                self.unload()
                raise
        if params.draft_model and not params.embedding:
            try:
                self._draft = load_draft(params.draft_model, params, llm, self._log)
            except BaseException:
                self.unload()  # the draft was asked for: without it, the load failed
                raise
        self._governor = ThreadGovernor(params.n_threads)
        self._speculator = (None if params.embedding
                            else speculator_for(path, params, self._draft, self._governor))
        self._vocab = llm._model.vocab
        self._bos_id = llm.token_bos()
        self._bos_text = meta.bos_token or ""
        self._template = template
        choice = template.choice
        return LoadedModel(
            path=str(path),
            architecture=meta.architecture,
            n_ctx=llm.n_ctx(),
            n_ctx_train=meta.context_length or llm.n_ctx(),
            n_vocab=llm.n_vocab(),
            template_source=choice.source,
            template_note=choice.note,
            load_seconds=time.perf_counter() - started,
            rss_bytes=peak_rss_bytes(),
            params=params.to_dict(),
            takes_tools=template.takes_tools,
            vision=self._projector is not None,
            image_size=self._projector.info.image_size if self._projector else None,
        )

    def unload(self) -> None:
        """Close the model explicitly (``Llama.__del__`` can raise at interpreter exit)."""
        if self._speculator is not None:
            self._speculator.close()
            self._speculator = None
        if self._draft is not None:
            self._draft.close()
            self._draft = None
        if self._projector is not None:  # before the model it was made for
            self._projector.close()
            self._projector = None
        self._images = ("", [])
        if self._llm is not None:
            self._llm.close()
            self._llm = None
            self._template = None
            gc.collect()

    def embed(self, inputs: Sequence[EmbedInput], dimensions: int | None = None,
              should_stop: ShouldStop = lambda: False, truncate: bool = False) -> Embeddings:
        """One L2-normalised vector per input; texts are tokenized as the model's tokenizer
        says (BOS, and EOS/SEP where the vocabulary adds one), special-token text left as text.

        Raises:
            NoModelLoadedError: nothing is loaded.
            InvalidParameterError: not loaded in embedding mode, a reranker, an empty input, a
                token id outside the vocabulary, ``dimensions`` out of range.
            ContextOverflowError: an input longer than the context window (not ``truncate``).
            GenerationCancelledError: ``should_stop()`` turned true.
            GenerationError: llama.cpp failed.
        """
        llm = self._require()
        if not llm.context_params.embeddings:
            raise InvalidParameterError(
                "This model was loaded for chat, not in embedding mode; load it for embeddings.",
                parameter="model", value=False, reason="not_loaded_for_embedding")
        n_vocab, n_ctx = llm.n_vocab(), int(llm.n_batch)
        sequences = [
            check_tokens(text_tokens(llm, item, n_ctx, truncate)
                         if isinstance(item, str) else item, index, n_vocab, n_ctx, truncate)
            for index, item in enumerate(inputs)]
        vectors = embed_sequences(llm, sequences, should_stop)
        return finish(vectors, sum(len(s) for s in sequences), dimensions)

    def _require(self) -> Any:
        if self._llm is None:
            raise NoModelLoadedError("No model is loaded.")
        return self._llm

    # -- text <-> tokens -----------------------------------------------------------------

    def tokenize(self, text: str) -> list[int]:
        """Token ids for ``text``, special tokens parsed, no BOS.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        return list(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def render_chat(self, messages: Sequence[Any], add_generation_prompt: bool = True,
                    tools: Sequence[dict[str, Any]] | None = None) -> str:
        """The prompt for ``messages``; image parts become the projector's marker, and the
        images wait for ``prompt_tokens`` of this prompt.

        Raises:
            DocumentError: an image for a model without a projector (``no_vision``), or an
                image that is not inline (``remote_image``, ``not_an_image``).
            ChatTemplateError: the template failed.
            NoModelLoadedError: nothing is loaded.
        """
        if self._projector is None:
            refuse_images(messages)
            return super().render_chat(messages, add_generation_prompt, tools)
        flat, images = split_messages(messages)
        prompt = super().render_chat(flat, add_generation_prompt, tools)
        self._images = (prompt, images)
        return prompt

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens for a full prompt: BOS as the model asks, never twice (templates often add it).
        A prompt with images (just rendered) gets placeholders where the images go.

        Raises:
            NoModelLoadedError: nothing is loaded.
            DocumentError: the projector cannot decode an image (``not_an_image``).
            GenerationError: the prompt's markers and images differ in number.
        """
        has_bos = bool(self._bos_text) and prompt.startswith(self._bos_text)
        rendered, images = self._images
        if self._projector is not None and images and rendered == prompt and MARKER in prompt:
            self._require()
            return list(self._projector.plan(prompt, images, add_special=not has_bos).tokens)
        tokens = list(self._require().tokenize(prompt.encode("utf-8"), add_bos=not has_bos,
                                               special=True))
        if len(tokens) >= 2 and tokens[0] == tokens[1] == self._bos_id:
            tokens = tokens[1:]
        return tokens

    def detokenize(self, token_ids: list[int]) -> str:
        """Text for ``token_ids`` (special tokens shown).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        data = b"".join(self._piece(t, special=True) for t in token_ids)
        return data.decode("utf-8", errors="replace")

    def _piece(self, token: int, special: bool = False) -> bytes:
        size = 64
        while True:
            buffer = ctypes.create_string_buffer(size)
            n = llama_cpp.llama_token_to_piece(self._vocab, token, buffer, size, 0, special)
            if n >= 0:
                return buffer.raw[:n]
            size = -n  # buffer too small: llama.cpp says how much it needs

    # -- what the decoding loop asks --------------------------------------------------

    def context_length(self) -> int:
        """The loaded context window.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        return int(self._require().n_ctx())

    def is_end_of_turn(self, token: int) -> bool:
        """llama.cpp's end-of-generation tokens (EOS, EOT, the template's end markers)."""
        return bool(llama_cpp.llama_vocab_is_eog(self._vocab, token))

    def check_sampling(self, sampling: SamplingParams) -> None:
        """A JSON schema must make a grammar llama.cpp accepts (built once, then cached).

        Raises:
            NoModelLoadedError: nothing is loaded.
            InvalidParameterError: reason ``json_schema_invalid``.
        """
        if sampling.json_schema is not None:
            self._require()
            grammar_for(sampling.json_schema, self._vocab)

    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: ShouldStop) -> Decoder:
        """A decoder that evaluates with llama.cpp's batch API and samples with
        llama-cpp-python's sampler chain, held to ``sampling.json_schema`` by a grammar when one
        is given.

        Raises:
            NoModelLoadedError: nothing is loaded.
            InvalidParameterError: the JSON schema makes no grammar llama.cpp accepts.
        """
        llm = self._require()
        grammar = (grammar_for(sampling.json_schema, self._vocab)
                   if sampling.json_schema is not None else None)
        assert self._governor is not None
        plan = self._projector.plan_for(tokens) if self._projector is not None else None
        if plan is not None:
            assert self._projector is not None
            return VisionDecoder(self, llm, tokens, sampling, seed, should_stop, grammar,
                                 self._governor, projector=self._projector, plan=plan)
        return LlamaDecoder(self, llm, tokens, sampling, seed, should_stop, grammar,
                            self._governor)

    def speculator(self) -> Speculator | None:
        """Prompt lookup and the draft model, as loaded (None: neither, or a prompt with
        images: image positions are no tokens to draft from)."""
        if self._images[1]:
            return None
        return self._speculator

