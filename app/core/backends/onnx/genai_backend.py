"""ONNX models in the onnxruntime-genai layout (``genai_config.json``): load, stream, cancel.

onnxruntime-genai runs the whole decoding loop natively (KV cache, sampling); Ondol drives it
one token at a time so it can cancel per token, match stop strings and stream text.
``Generator.generate_next_token()`` holds the GIL for a whole model step, which is one more
reason this backend only ever runs inside the runtime host process, never in the GUI.

The execution provider is the best one that really works here (see ``providers``); when a
GPU provider's model cannot be created, the model is loaded on the CPU and the reason is
reported in ``LoadedModel.params["provider_note"]``.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime_genai as og

from app.core.backends.base import OnProgress
from app.core.backends.chat_template import template_for
from app.core.backends.decode import Decoder, ShouldStop
from app.core.backends.onnx import providers as prov
from app.core.backends.onnx.fallback import candidates, first_that_loads, forced_device
from app.core.backends.onnx.onnx_backend import OnnxBackend
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, TOKENIZER, translate_onnx_error
from app.core.errors import (
    NoModelLoadedError,
    NotAModelFileError,
    OndolError,
)
from app.core.formats.onnx_folder import GENAI, OnnxModelFiles, onnx_metadata, read_onnx_model
from app.core.types.params import LoadParams, SamplingParams
from app.core.types.results import LoadedModel

logger = logging.getLogger(__name__)

BACKEND_NAME = "onnxruntime-genai"


class OnnxGenaiBackend(OnnxBackend):
    """One onnxruntime-genai model, owned by the runtime host."""

    backend_name = BACKEND_NAME
    seed_bits = 31  # genai's random_seed is a 31-bit int

    def __init__(self, log_sink: Callable[[int, str], None] | None = None,
                 checks: tuple[prov.ProviderCheck, ...] | None = None) -> None:
        """``checks``: the provider checks to choose from (default: ``probe_providers()``)."""
        super().__init__(log_sink, checks)
        self._model: Any = None
        self._tokenizer: Any = None
        self._n_batch = 512
        self._bos_id = -1
        self._bos_text = ""
        self._adds_bos = False

    # -- loading -------------------------------------------------------------------------

    def load(self, path: str, params: LoadParams, on_progress: OnProgress) -> LoadedModel:
        """Load an onnxruntime-genai folder on the best working execution provider.

        ``params.n_ctx`` caps the sequence length (prompt and answer); ``n_threads`` sets ONNX
        Runtime's intra-op threads; ``n_batch`` is how many prompt tokens go in per step
        (cancel is checked between them). ``params.extra["onnx_provider"]`` forces a device.

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError: the folder check, or
                what onnxruntime-genai found damaged or missing.
            UnsupportedArchitectureError: this onnxruntime-genai does not know the model type.
            InsufficientMemoryError: the runtime could not allocate the model.
            GenerationCancelledError: ``on_progress`` returned False.
            InvalidParameterError: an unknown forced provider.
            ModelLoadError: onnxruntime-genai refused the model, or a forced provider failed.
        """
        params.validate()
        checks = self._provider_checks()
        tried = candidates(forced_device(params), checks)
        files = read_onnx_model(Path(path), "gpu" if tried[0].gpu else "cpu")
        if files.layout != GENAI:
            raise NotAModelFileError(
                f"{files.folder} is an onnx-community model (no genai_config.json); it runs on "
                "the plain onnxruntime backend.", path=str(path), looks_like="onnx-optimum",
                reason="optimum_layout")
        meta = onnx_metadata(files)
        template = template_for(meta, params.chat_template)
        self.unload()
        self._go_on(on_progress, 0.0, path)
        started = time.perf_counter()
        model, used, note = self._create_model(files, params, tried, checks)
        self._go_on(on_progress, 0.9, path, model)
        try:
            tokenizer = og.Tokenizer(model)
        except Exception as err:  # onnxruntime-genai raises plain RuntimeError
            del model
            gc.collect()
            raise translate_onnx_error(err, files, TOKENIZER, used.device) from err
        self._model, self._tokenizer = model, tokenizer
        self._template, self._files = template, files
        self._device = used.device
        self._n_ctx = min(params.n_ctx, meta.context_length or params.n_ctx)
        self._n_batch = params.n_batch
        self._eos_ids = frozenset(int(t) for t in tokenizer.eos_token_ids) | frozenset(
            files.eos_token_ids)
        self._bos_id = int(tokenizer.bos_token_id)
        self._bos_text = meta.bos_token or ""
        self._adds_bos = self._bos_id >= 0 and self._encode("")[:1] == [self._bos_id]
        on_progress(1.0)
        return self._loaded_model(path, meta, params, started, meta.vocab_size or 0, used, note,
                                  graph=str(files.graph))

    def _create_model(self, files: OnnxModelFiles, params: LoadParams,
                      tried: list[prov.ProviderCheck], checks: tuple[prov.ProviderCheck, ...]
                      ) -> tuple[Any, prov.ProviderCheck, str]:
        """The og.Model on the first provider that takes it, with a note on what happened.

        Raises:
            OndolError: what onnxruntime-genai found wrong (see ``first_that_loads``).
        """

        def create(check: prov.ProviderCheck) -> tuple[Any, prov.ProviderCheck, str]:
            config = og.Config(str(files.folder))
            # Threads first: an overlay of session_options must not drop the providers.
            config.overlay(json.dumps({"model": {"decoder": {"session_options": {
                "intra_op_num_threads": params.n_threads, "inter_op_num_threads": 1}}}}))
            config.clear_providers()
            genai_name = prov.genai_provider_name(check)
            if genai_name is not None:
                config.append_provider(genai_name)
            return og.Model(config), check, ""

        def translate(err: Exception, check: prov.ProviderCheck) -> OndolError:
            return translate_onnx_error(err, files, LOAD, check.device)

        return first_that_loads(tried, create, translate, checks, BACKEND_NAME, self._warn)

    def unload(self) -> None:
        """Drop the tokenizer and model explicitly (their native memory goes with them)."""
        if self._model is not None or self._tokenizer is not None:
            self._tokenizer = None
            self._model = None
            self._template = None
            self._files = None
            gc.collect()

    def _require(self) -> Any:
        if self._model is None:
            raise NoModelLoadedError("No model is loaded.")
        return self._model

    # -- text <-> tokens -----------------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        return [int(t) for t in self._tokenizer.encode(text)]

    def tokenize(self, text: str) -> list[int]:
        """Token ids for ``text``, special tokens parsed, no BOS added.

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        tokens = self._encode(text)
        # Tokenizers whose post-processor adds BOS (Llama 2, Phi-3...) add it here too.
        if self._adds_bos and tokens[:1] == [self._bos_id]:
            tokens = tokens[1:]
        return tokens

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens for a full prompt: BOS as the tokenizer adds it, never twice (templates
        often write it too).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        tokens = self._encode(prompt)
        if len(tokens) >= 2 and tokens[0] == tokens[1] == self._bos_id:
            tokens = tokens[1:]
        return tokens

    def detokenize(self, token_ids: list[int]) -> str:
        """Text for ``token_ids`` (onnxruntime-genai leaves special tokens out).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        if not token_ids:
            return ""
        return str(self._tokenizer.decode(np.asarray(token_ids, dtype=np.int32)))

    # -- what the decoding loop asks --------------------------------------------------

    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: ShouldStop) -> Decoder:
        """A decoder over one ``og.Generator``, which samples natively.

        onnxruntime-genai samples with temperature, top-k, top-p and a repetition penalty;
        ``min_p`` and the presence / frequency penalties have no equivalent and are not used.

        Raises:
            NoModelLoadedError: nothing is loaded.
            GenerationError, InsufficientMemoryError: onnxruntime-genai refused to start.
        """
        model = self._require()
        max_length = len(tokens) + max_new
        # genai's seed is a 31-bit int (-1 means "random"): seeds 2^31 apart draw alike.
        options: dict[str, Any] = {"max_length": max_length, "random_seed": seed & 0x7FFFFFFF,
                                   "do_sample": sampling.temperature > 0,
                                   "repetition_penalty": sampling.repeat_penalty}
        if sampling.temperature > 0:
            options.update(temperature=sampling.temperature, top_k=sampling.top_k,
                           top_p=sampling.top_p)
        if sampling.ignore_eos:
            # genai cannot ignore EOS, but min_length masks it until the length is reached.
            options["min_length"] = max_length
        try:
            gen_params = og.GeneratorParams(model)
            gen_params.set_search_options(**options)
            generator = og.Generator(model, gen_params)
        except Exception as err:  # onnxruntime-genai raises plain RuntimeError
            raise self._runtime_error(err) from err
        return GenaiDecoder(self, generator, tokens, should_stop, sampling.top_logprobs > 0)

    def _runtime_error(self, err: Exception) -> Exception:
        assert self._files is not None
        return translate_onnx_error(err, self._files, GENERATE, self._device)


class GenaiDecoder(Decoder):
    """One answer through an ``og.Generator``; the prompt goes in ``n_batch`` pieces so cancel
    is checked between them."""

    def __init__(self, backend: OnnxGenaiBackend, generator: Any, tokens: list[int],
                 should_stop: ShouldStop, keep_scores: bool) -> None:
        self._backend = backend
        self._generator: Any = generator
        self._tokenizer = backend._tokenizer
        self._stream = backend._tokenizer.create_stream()
        self._pending: list[int] | None = tokens
        self._should_stop = should_stop
        self._evaluated = 0
        self._keep_scores = keep_scores
        self._scores: np.ndarray | None = None

    def next_token(self) -> int | None:
        """The next token (the first call feeds the prompt).

        Raises:
            GenerationError, InsufficientMemoryError: onnxruntime-genai failed.
        """
        generator = self._generator
        try:
            if self._pending is not None:
                tokens, self._pending = self._pending, None
                step = self._backend._n_batch
                for begin in range(0, len(tokens), step):
                    if self._should_stop():
                        return None
                    generator.append_tokens(tokens[begin:begin + step])
                    self._evaluated = min(begin + step, len(tokens))
            if self._keep_scores:
                # genai evaluates a token as it is appended: the logits the next token is
                # drawn from are there before the step, replaced by the next ones after it.
                self._scores = np.array(generator.get_logits()).reshape(-1)
            generator.generate_next_token()
            return int(generator.get_next_tokens()[0])
        except Exception as err:  # onnxruntime-genai raises plain RuntimeError
            raise self._backend._runtime_error(err) from err

    def text(self, token: int) -> str:
        """genai's own token stream (holds back incomplete characters)."""
        return str(self._stream.decode(token))

    def scores(self, index: int = 0) -> np.ndarray | None:
        """The logits the last token was drawn from (kept when log-probabilities are asked)."""
        return self._scores

    def token_text(self, token: int) -> str:
        """One token's text."""
        return str(self._tokenizer.decode(np.asarray([token], dtype=np.int32)))

    def prompt_tokens_evaluated(self) -> int:
        """The whole prompt is evaluated each time (genai keeps no cache between answers)."""
        return self._evaluated

    def close(self) -> None:
        """Free the generator now: its KV cache is the big part."""
        self._generator = None
