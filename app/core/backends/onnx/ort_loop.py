"""onnx-community (Optimum layout) models through plain onnxruntime and Ondol's own loop.

onnxruntime-genai only runs its own layout (``genai_config.json``); an onnx-community folder
holds a bare decoder graph, ``tokenizer.json`` and the Hugging Face configs. So Ondol drives
the graph itself: ``tokenizers`` for text, one ``InferenceSession``, a KV cache kept between
answers (a new prompt that starts with the cached tokens only evaluates the rest), and the
numpy sampler.

The graph is read from its inputs and operators; two kinds are run:

- standard attention (Optimum's export): inputs ``input_ids``, ``attention_mask``,
  ``position_ids``, ``past_key_values.N.key/value`` [1, kv_heads, past, head_dim]; outputs
  ``logits`` and ``present.N.key/value`` = past + new, a fresh tensor every run. The present
  tensors become the next past as they are, without a trip through numpy.
- fused ``GroupQueryAttention`` (onnxruntime-genai's builder; some onnx-community repos): no
  ``position_ids`` (the kernel derives positions from the attention mask: its sum gives the
  filled length, its width the total). Fed a growing past it concatenates like the standard
  graph (and works); fed the same buffer as past input and present output it writes only the
  new positions, in place. Ondol uses the shared buffer: a decode step copies nothing.

Everything runs through one ``IOBinding``: inputs are bound as OrtValues over numpy arrays,
the logits are written straight into a numpy array Ondol owns, and the cache never leaves
ONNX Runtime's tensors.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from app.core.backends.base import OnProgress
from app.core.backends.chat_template import template_for
from app.core.backends.decode import Decoder, ShouldStop
from app.core.backends.embedding import EmbedInput
from app.core.backends.onnx import providers as prov
from app.core.backends.onnx.decoder_graph import GQA, DecoderGraph, describe_graph
from app.core.backends.onnx.fallback import candidates, first_that_loads, forced_device
from app.core.backends.onnx.kv_cache import ORT_DEVICE, KvCache
from app.core.backends.onnx.onnx_backend import OnnxBackend
from app.core.backends.onnx.ort_decoder import OrtDecoder
from app.core.backends.onnx.ort_embed import SentenceEncoder, embed_with, load_encoder
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, TOKENIZER, translate_onnx_error
from app.core.backends.onnx.sampler import TokenSampler
from app.core.backends.onnx.text_stream import common_prefix
from app.core.errors import (
    InvalidParameterError,
    NoModelLoadedError,
    OndolError,
)
from app.core.formats.onnx_folder import OnnxModelFiles, onnx_metadata, read_onnx_model
from app.core.types.embeddings import Embeddings
from app.core.types.params import LoadParams, SamplingParams
from app.core.types.results import LoadedModel

logger = logging.getLogger(__name__)

BACKEND_NAME = "onnxruntime"
# LoadParams.extra key: True allocates the whole KV cache (n_ctx positions) at load, for graphs
# whose cache must not change size (see KvCache); otherwise it grows as the context fills.
PREALLOCATE_KEY = "onnx_kv_preallocate"
# A prompt run returns logits for every position: keep that array under this size (a 262k
# vocabulary, Gemma 3, gets 128-token runs; SmolLM2's 49k gets n_batch).
_LOGITS_BUDGET = 128 * 1024 * 1024


# -- the backend -----------------------------------------------------------------------------


class OrtLoopBackend(OnnxBackend):
    """One onnx-community model on plain onnxruntime, owned by the runtime host."""

    backend_name = BACKEND_NAME
    gives_embeddings = True

    def __init__(self, log_sink: Callable[[int, str], None] | None = None) -> None:
        super().__init__(log_sink)
        self._session: Any = None
        self._binding: Any = None
        self._tokenizer: Tokenizer | None = None
        self._graph: DecoderGraph | None = None
        self._cache: KvCache | None = None
        self._cached: list[int] = []  # the tokens whose keys and values are in the cache
        # The last prompt evaluated and its last position's logits (a regenerate reuses them).
        self._last_prompt: tuple[list[int], np.ndarray] | None = None
        self._chunk = 512
        self._mask = np.ones((1, 0), dtype=np.int64)
        self._step_logits = np.zeros((1, 1, 0), dtype=np.float32)
        self._encoder: SentenceEncoder | None = None  # embedding mode's model

    # -- loading -------------------------------------------------------------------------

    def load(self, path: str, params: LoadParams, on_progress: OnProgress) -> LoadedModel:
        """Load an onnx-community folder (its graph picked by device) or one of its graphs.

        ``params.n_ctx`` caps prompt + answer (and the model's trained context caps it);
        ``n_threads`` sets ONNX Runtime's intra-op threads; ``n_batch`` is the most prompt
        tokens per run (cancel is checked between runs). ``n_gpu_layers=0`` keeps the model
        on the CPU; otherwise the best working provider is used, and the CPU when it fails.
        ``params.extra["onnx_provider"]`` forces a device; ``params.extra
        ["onnx_kv_preallocate"]`` allocates a GroupQueryAttention graph's whole KV cache now.

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError: the folder check, or
                what ONNX Runtime found missing or damaged (graph, weights, tokenizer).
            UnsupportedArchitectureError: a graph this loop cannot feed.
            InsufficientMemoryError: ONNX Runtime could not allocate the model.
            GenerationCancelledError: ``on_progress`` returned False.
            InvalidParameterError: an unknown forced provider.
            ModelLoadError: ONNX Runtime refused the graph.
        """
        params.validate()
        if params.embedding:
            self.unload()
            self._encoder, model = load_encoder(path, params, on_progress)
            return model
        checks = self._provider_checks()
        tried = candidates(forced_device(params), checks, allow_gpu=params.n_gpu_layers != 0)
        files = read_onnx_model(Path(path), "gpu" if tried[0].gpu else "cpu")
        meta = onnx_metadata(files)
        template = template_for(meta, params.chat_template)
        self.unload()
        self._go_on(on_progress, 0.0, path)
        started = time.perf_counter()
        tokenizer = self._load_tokenizer(files)
        session, files, used, note = self._create_session(Path(path), files, params, tried,
                                                          checks)
        self._go_on(on_progress, 0.9, path, session)
        graph = describe_graph(session, files.graph, meta.head_count_kv, meta.head_dim_k,
                               meta.vocab_size)
        context = meta.context_length or params.n_ctx
        self._n_ctx = min(params.n_ctx, context)
        self._device = used.device
        ort_device = ORT_DEVICE.get(used.device, "cpu")
        self._session, self._binding = session, session.io_binding()
        self._tokenizer, self._template, self._files, self._graph = (tokenizer, template, files,
                                                                     graph)
        # A sliding-window model (Gemma 3) gets its whole cache now: its graphs expect one
        # cache size for the whole answer. Others grow it as the context fills.
        preallocate = params.extra.get(PREALLOCATE_KEY, meta.sliding_window is not None)
        self._cache = KvCache(graph, self._n_ctx, shared=graph.attention == GQA,
                              device=ort_device, preallocate=bool(preallocate))
        self._cached = []
        self._last_prompt = None
        self._eos_ids = frozenset(files.eos_token_ids) or self._eos_from_tokenizer(meta.eos_token)
        itemsize = graph.logits_dtype.itemsize
        self._chunk = max(1, min(params.n_batch, _LOGITS_BUDGET // (graph.vocab * itemsize)))
        self._mask = np.ones((1, self._n_ctx), dtype=np.int64)
        self._step_logits = np.zeros((1, 1, graph.vocab), dtype=graph.logits_dtype)
        on_progress(1.0)
        return self._loaded_model(path, meta, params, started, graph.vocab, used, note,
                                  graph=files.graph.name, attention=graph.attention)

    def _load_tokenizer(self, files: OnnxModelFiles) -> Tokenizer:
        """tokenizer.json through ``tokenizers``.

        Raises:
            ModelNotFoundError, CorruptModelError: the file is missing or damaged.
        """
        source = files.folder / "tokenizer.json"
        try:
            return Tokenizer.from_file(str(source))
        except Exception as err:  # tokenizers raises a bare Exception with serde's message
            raise translate_onnx_error(err, files, TOKENIZER) from err

    def _eos_from_tokenizer(self, eos_token: str | None) -> frozenset[int]:
        """End-of-answer ids when no config lists any: tokenizer_config's eos_token."""
        assert self._tokenizer is not None
        token_id = self._tokenizer.token_to_id(eos_token) if eos_token else None
        return frozenset() if token_id is None else frozenset({token_id})

    def _create_session(self, path: Path, files: OnnxModelFiles, params: LoadParams,
                        tried: list[prov.ProviderCheck], checks: tuple[prov.ProviderCheck, ...]
                        ) -> tuple[Any, OnnxModelFiles, prov.ProviderCheck, str]:
        """The session on the first provider that takes the graph, and a note on what
        happened. A folder path picks its graph by device, so the CPU after a failed GPU
        re-picks it (fp16 is the GPU's graph; the CPU wants q4 or int8).

        Raises:
            OndolError: what ONNX Runtime found wrong (see ``fallback.first_that_loads``).
        """
        picked = {"files": files}

        def create(check: prov.ProviderCheck) -> tuple[Any, prov.ProviderCheck, str]:
            if check is not tried[0] and not check.gpu:
                picked["files"] = read_onnx_model(path, "cpu")
            options = ort.SessionOptions()
            options.intra_op_num_threads = params.n_threads
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3  # errors only; they come back as exceptions too
            session = ort.InferenceSession(str(picked["files"].graph), sess_options=options,
                                           providers=[check.name])
            active = session.get_providers()
            if check.gpu and active[:1] != [check.name]:
                # ORT fell back by itself (a node the provider lacks, a missing library).
                return session, prov.check_for_device("cpu", checks), (
                    f"{check.device} was asked for but ONNX Runtime ran {', '.join(active)}")
            return session, check, ""

        def translate(err: Exception, check: prov.ProviderCheck) -> OndolError:
            return translate_onnx_error(err, picked["files"], LOAD, check.device)

        session, used, note = first_that_loads(tried, create, translate, checks, BACKEND_NAME,
                                               self._warn)
        return session, picked["files"], used, note

    def unload(self) -> None:
        """Drop the session, its binding and the cache (native memory goes with them)."""
        self._encoder = None
        if self._session is not None:
            self._binding = None
            self._cache = None
            self._cached = []
            self._last_prompt = None
            self._session = None
            self._tokenizer = None
            self._template = None
            self._files = None
            self._graph = None
            gc.collect()

    def embed(self, inputs: Sequence[EmbedInput], dimensions: int | None = None,
              should_stop: ShouldStop = lambda: False, truncate: bool = False) -> Embeddings:
        """One L2-normalised vector per input, from a model loaded in embedding mode.

        Raises:
            NoModelLoadedError, InvalidParameterError, ContextOverflowError,
                GenerationCancelledError, GenerationError: see ``ort_embed.embed_with``.
        """
        return embed_with(self._encoder, self._session is not None, inputs, dimensions,
                          should_stop, truncate)

    def _require(self) -> Tokenizer:
        if self._session is None or self._tokenizer is None:
            raise NoModelLoadedError("No model is loaded.")
        return self._tokenizer

    # -- text <-> tokens -----------------------------------------------------------------

    def tokenize(self, text: str) -> list[int]:
        """Token ids for ``text``, special tokens parsed, nothing added (the template writes
        BOS where the model wants one).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        return list(self._require().encode(text, add_special_tokens=False).ids)

    def detokenize(self, token_ids: list[int]) -> str:
        """Text for ``token_ids`` (special tokens shown).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        return self._require().decode(list(token_ids), skip_special_tokens=False)

    # -- running the graph ---------------------------------------------------------------

    def _run(self, tokens: list[int]) -> np.ndarray:
        """Evaluate ``tokens`` after the cached ones; the logits of the last one.

        Raises:
            OndolError: ONNX Runtime failed (the cache is emptied: its state is unknown).
        """
        assert self._cache is not None and self._graph is not None
        cache, graph, binding = self._cache, self._graph, self._binding
        new = len(tokens)
        past = cache.length
        total = past + new
        ids = np.array([tokens], dtype=np.int64)
        # Step runs write into one reused array; a prompt run into its own (n x vocab).
        logits = self._step_logits if new == 1 else np.empty((1, new, graph.vocab),
                                                                  dtype=graph.logits_dtype)
        # The OrtValues wrap these numpy arrays (no copy); they stay alive until the run ends.
        keep = [ort.OrtValue.ortvalue_from_numpy(ids), ort.OrtValue.ortvalue_from_numpy(logits)]
        try:
            binding.bind_ortvalue_input("input_ids", keep[0])
            if graph.attention_mask:
                keep.append(ort.OrtValue.ortvalue_from_numpy(self._mask[:, :total]))
                binding.bind_ortvalue_input("attention_mask", keep[-1])
            if graph.position_ids:
                positions = np.arange(past, total, dtype=np.int64).reshape(1, new)
                keep.append(ort.OrtValue.ortvalue_from_numpy(positions))
                binding.bind_ortvalue_input("position_ids", keep[-1])
            # Logits first, so the cache's outputs follow it in get_outputs().
            binding.bind_ortvalue_output("logits", keep[1])
            cache.bind(binding, new)
            self._session.run_with_iobinding(binding)
            cache.commit([] if cache.shared else binding.get_outputs()[1:], new)
        except Exception as err:  # ORT raises its own classes; numpy MemoryError too
            self._reset_cache()
            assert self._files is not None
            raise translate_onnx_error(err, self._files, GENERATE, self._device) from err
        self._cached.extend(tokens)
        return logits[0, -1]

    def _reset_cache(self) -> None:
        self._last_prompt = None
        if self._cache is not None:
            self._cache.truncate(0)
        self._cached = []

    def clear_cache(self) -> None:
        """Forget the cached prompt: the next answer evaluates its whole prompt.

        A prompt run over many tokens and one over a single token round differently, so an
        answer after a cache hit can differ (slightly, and greedy answers eventually) from
        the same answer computed cold; this gives the cold one.
        """
        self._reset_cache()

    @property
    def prompt_batch(self) -> int:
        """Most prompt tokens per run (``LoadParams.n_batch``, capped by the logits budget)."""
        return self._chunk

    @prompt_batch.setter
    def prompt_batch(self, tokens: int) -> None:
        if tokens < 1:
            raise InvalidParameterError("prompt_batch must be >= 1.", parameter="n_batch",
                                        value=tokens, reason="out_of_range", rule=">= 1")
        self._chunk = tokens

    def _evaluate_prompt(self, tokens: list[int], should_stop: ShouldStop
                         ) -> tuple[np.ndarray | None, int]:
        """Run the prompt's uncached tokens in chunks; (last logits or None if cancelled,
        tokens evaluated).

        Raises:
            OndolError: ONNX Runtime failed.
        """
        assert self._cache is not None
        shared = common_prefix(self._cached, tokens)
        last = self._last_prompt
        if shared == len(tokens) and last is not None and last[0] == tokens:
            # The same prompt again (regenerate): its cache and its last logits are kept, so
            # the answer is drawn from exactly the same scores, and nothing is evaluated.
            self._cache.truncate(shared)
            del self._cached[shared:]
            return last[1].copy(), 0
        reuse = min(shared, len(tokens) - 1)
        self._cache.truncate(reuse)
        del self._cached[reuse:]
        logits: np.ndarray | None = None
        evaluated = 0
        for begin in range(reuse, len(tokens), self._chunk):
            if should_stop():
                return None, evaluated
            chunk = tokens[begin:begin + self._chunk]
            logits = self._run(chunk)
            evaluated += len(chunk)
        self._last_prompt = (list(tokens), logits.copy()) if logits is not None else None
        return logits, evaluated

    # -- what the decoding loop asks --------------------------------------------------

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens for a full prompt: exactly what the template wrote (BOS included).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        return self.tokenize(prompt)

    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: ShouldStop) -> Decoder:
        """A decoder over Ondol's own loop: the KV cache is kept between answers, so a prompt
        that starts with the last prompt and answer (the next turn of a chat) only evaluates
        what is new.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        tokenizer = self._require()
        return OrtDecoder(self, tokenizer, tokens, TokenSampler(sampling, seed), should_stop)
