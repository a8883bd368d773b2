"""GGUF models through llama-cpp-python: load, stream, cancel, tokenize.

Generation uses ``Llama.generate`` (token by token) rather than ``create_completion``: Ondol
needs each token id, a per-token cancel check, top-k log-probabilities without
``logits_all`` (which would slow prompt processing), and its own stop-string handling.
"""

from __future__ import annotations

import codecs
import ctypes
import gc
import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import llama_cpp
import numpy as np

from app.core.backends.base import (
    Backend,
    BackendCapabilities,
    GenerationOutcome,
    OnProgress,
    ShouldStop,
    TokenPiece,
)
from app.core.backends.chat_template import ChatTemplate, compile_template
from app.core.backends.llama.native import AbortHook, NativeLog, load_progress_hook
from app.core.backends.params import LoadParams, SamplingParams
from app.core.backends.stop_strings import StopStringMatcher
from app.core.errors import (
    ContextOverflowError,
    GenerationCancelledError,
    GenerationError,
    InvalidParameterError,
    ModelLoadError,
    NoModelLoadedError,
)
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.runtime.events import LoadedModel, TokenLogprob
from app.core.runtime.process_stats import peak_rss_bytes

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

    def capabilities(self) -> BackendCapabilities:
        """GPU offload as the installed build reports it; the rest always."""
        return BackendCapabilities(
            name="llama.cpp",
            gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()),
            logprobs=True,
            abort_prompt_processing=True,
            flash_attention=True,
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
                value=params.kv_cache_type)
        meta = read_gguf_metadata(path)
        # The template first: a broken one must not leave a model loaded but unusable.
        template = compile_template(meta.chat_template, meta.architecture, meta.bos_token or "",
                                    meta.eos_token or "")
        if template.choice.source != "model":
            logger.info("%s", template.choice.note)
        self.unload()
        self._log.take_recent()
        cancelled = False

        def progress(fraction: float) -> bool:
            nonlocal cancelled
            keep_going = on_progress(fraction)
            cancelled = not keep_going
            return keep_going

        started = time.perf_counter()
        try:
            with load_progress_hook(progress):
                llm = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=params.n_ctx,
                    n_batch=params.n_batch,
                    n_ubatch=params.n_batch,
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
            native = self._log.take_recent()
            detail = native[-1] if native else str(err)
            raise ModelLoadError(
                f"llama.cpp could not load {path}: {detail}", path=str(path),
                native_log=native) from err
        self._llm = llm
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
        )

    def unload(self) -> None:
        """Close the model explicitly (``Llama.__del__`` can raise at interpreter exit)."""
        if self._llm is not None:
            self._llm.close()
            self._llm = None
            self._template = None
            gc.collect()

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

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens for a full prompt: BOS as the model asks, never twice (templates often add it).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        has_bos = bool(self._bos_text) and prompt.startswith(self._bos_text)
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

    # -- generation ----------------------------------------------------------------------

    def generate(self, prompt: str, sampling: SamplingParams, should_stop: ShouldStop,
                 outcome: GenerationOutcome) -> Iterator[TokenPiece]:
        """Stream the answer to ``prompt`` token by token; ``outcome`` is filled at the end.

        Raises:
            NoModelLoadedError: nothing is loaded.
            ContextOverflowError: the prompt alone fills the context window.
            GenerationError: llama.cpp failed while computing.
        """
        llm = self._require()
        sampling.validate()
        tokens = self.prompt_tokens(prompt)
        if not tokens:
            raise InvalidParameterError("The prompt is empty.", parameter="prompt", value="")
        n_ctx = llm.n_ctx()
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(
                f"The prompt is {len(tokens)} tokens; the context window holds {n_ctx}.",
                prompt_tokens=len(tokens), n_ctx=n_ctx)
        room = n_ctx - len(tokens)
        max_new = min(sampling.max_tokens or room, room)
        seed = sampling.seed if sampling.seed is not None else random.getrandbits(32)
        llm.set_seed(seed)
        outcome.seed = seed
        outcome.prompt_tokens = len(tokens)
        ctx = llm._ctx.ctx
        llama_cpp.llama_perf_context_reset(ctx)
        abort = AbortHook(ctx, should_stop)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stops = StopStringMatcher(sampling.stop)
        started = time.perf_counter()
        first_at: float | None = None
        generated = 0
        outcome.reason = "length"
        abort.arm()
        stream = llm.generate(
            tokens,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            frequency_penalty=sampling.frequency_penalty,
            presence_penalty=sampling.presence_penalty,
            reset=True,
        )
        try:
            for token in stream:
                if first_at is None:
                    first_at = time.perf_counter()
                    abort.disarm()
                if not sampling.ignore_eos and llama_cpp.llama_vocab_is_eog(self._vocab, token):
                    outcome.reason = "stop"
                    break
                generated += 1
                logprob = self._logprobs(token, sampling.top_logprobs)
                text = stops.feed(decoder.decode(self._piece(token)))
                yield TokenPiece(text, int(token), logprob)
                if stops.stopped:
                    outcome.reason = "stop"
                    break
                if generated >= max_new:
                    outcome.reason = "length"
                    break
                if should_stop():
                    outcome.reason = "cancelled"
                    break
        except RuntimeError as err:
            if not should_stop():
                raise GenerationError(f"llama.cpp failed while generating: {err}") from err
            outcome.reason = "cancelled"  # the abort callback stopped the prompt
        finally:
            abort.disarm()
            stream.close()
        # An incomplete character left at a length cut is dropped, not shown as "\ufffd".
        tail = stops.flush()
        if tail:
            yield TokenPiece(tail, -1)
        ended = time.perf_counter()
        perf = llama_cpp.llama_perf_context(ctx)
        outcome.generated_tokens = generated
        outcome.prompt_tokens_evaluated = int(perf.n_p_eval)
        outcome.prompt_seconds = (first_at or ended) - started
        outcome.decode_seconds = ended - first_at if first_at else 0.0

    def _logprobs(self, token: int, k: int
                  ) -> tuple[TokenLogprob, tuple[TokenLogprob, ...]] | None:
        """Top-``k`` log-probabilities of the distribution ``token`` was drawn from.

        The logits of the last evaluated position are still in the context at this point
        (the sampled token is evaluated only when the stream resumes).
        """
        if k <= 0:
            return None
        llm = self._llm
        pointer = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
        logits = np.ctypeslib.as_array(pointer, shape=(llm.n_vocab(),)).astype(np.float64)
        top = logits.max()
        log_probs = logits - (top + np.log(np.exp(logits - top).sum()))
        best = np.argpartition(-log_probs, k)[:k]
        best = best[np.argsort(-log_probs[best])]

        def entry(tid: int) -> TokenLogprob:
            text = self._piece(tid, special=True).decode("utf-8", errors="replace")
            return TokenLogprob(text, tid, float(log_probs[tid]))

        return entry(int(token)), tuple(entry(int(t)) for t in best)
