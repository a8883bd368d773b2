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
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime_genai as og

from app.core.backends.base import (
    Backend,
    BackendCapabilities,
    GenerationOutcome,
    OnProgress,
    ShouldStop,
    TokenPiece,
)
from app.core.backends.chat_template import ChatTemplate, compile_template
from app.core.backends.onnx import providers as prov
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, TOKENIZER, translate_onnx_error
from app.core.backends.params import LoadParams, SamplingParams
from app.core.backends.stop_strings import StopStringMatcher
from app.core.errors import (
    ContextOverflowError,
    GenerationCancelledError,
    InvalidParameterError,
    ModelLoadError,
    NoModelLoadedError,
    NotAModelFileError,
)
from app.core.formats.onnx_folder import GENAI, OnnxModelFiles, onnx_metadata, read_onnx_model
from app.core.runtime.events import LoadedModel
from app.core.runtime.process_stats import peak_rss_bytes

logger = logging.getLogger(__name__)

BACKEND_NAME = "onnxruntime-genai"
# LoadParams.extra key: force a device ("cuda", "dml", "coreml", "cpu"); "auto" or absent picks
# the best working one and falls back to the CPU. A forced device that fails is an error.
PROVIDER_KEY = "onnx_provider"


class OnnxGenaiBackend(Backend):
    """One onnxruntime-genai model, owned by the runtime host."""

    def __init__(self, log_sink: Callable[[int, str], None] | None = None,
                 checks: tuple[prov.ProviderCheck, ...] | None = None) -> None:
        """``checks``: the provider checks to choose from (default: ``probe_providers()``)."""
        self._log_sink = log_sink
        self._checks = checks
        self._model: Any = None
        self._tokenizer: Any = None
        self._template: ChatTemplate | None = None
        self._files: OnnxModelFiles | None = None
        self._device = "cpu"
        self._n_ctx = 0
        self._n_batch = 512
        self._eos_ids: frozenset[int] = frozenset()
        self._bos_id = -1
        self._bos_text = ""
        self._adds_bos = False

    def capabilities(self) -> BackendCapabilities:
        """GPU when a GPU provider works here (or the loaded model runs on one); no logprobs."""
        if self._model is not None:
            gpu = self._device != "cpu"
        else:
            best = prov.best_provider(self._checks)
            gpu = best.works and best.gpu
        return BackendCapabilities(name=BACKEND_NAME, gpu_offload=gpu, logprobs=False,
                                   abort_prompt_processing=True, flash_attention=False)

    def _note(self, level: int, message: str) -> None:
        logger.log(level, "%s", message)
        if self._log_sink is not None:
            self._log_sink(level, message)

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
        forced = str(params.extra.get(PROVIDER_KEY, "auto")).lower()
        if forced not in ("auto", "cuda", "dml", "coreml", "cpu"):
            raise InvalidParameterError(
                "onnx_provider must be auto, cuda, dml, coreml or cpu.", parameter=PROVIDER_KEY,
                value=forced)
        candidates = self._candidates(forced)
        files = read_onnx_model(Path(path), "gpu" if candidates[0].gpu else "cpu")
        if files.layout != GENAI:
            raise NotAModelFileError(
                f"{files.folder} is an onnx-community model (no genai_config.json); it runs on "
                "the plain onnxruntime backend.", path=str(path), looks_like="onnx-optimum")
        meta = onnx_metadata(files)
        # The template first: a broken one must not leave a model loaded but unusable.
        template = compile_template(meta.chat_template, meta.architecture, meta.bos_token or "",
                                    meta.eos_token or "")
        if template.choice.source != "model":
            logger.info("%s", template.choice.note)
        self.unload()
        if not on_progress(0.0):
            raise GenerationCancelledError("Loading was cancelled.", path=str(path))
        started = time.perf_counter()
        model, used, note = self._create_model(files, params, candidates)
        if not on_progress(0.9):
            del model
            gc.collect()
            raise GenerationCancelledError("Loading was cancelled.", path=str(path))
        try:
            tokenizer = og.Tokenizer(model)
        except Exception as err:  # onnxruntime-genai raises plain RuntimeError
            del model
            gc.collect()
            raise translate_onnx_error(err, files, TOKENIZER, used.device) from err
        context = meta.context_length or params.n_ctx
        self._model, self._tokenizer = model, tokenizer
        self._template, self._files = template, files
        self._device = used.device
        self._n_ctx = min(params.n_ctx, context)
        self._n_batch = params.n_batch
        self._eos_ids = frozenset(int(t) for t in tokenizer.eos_token_ids) | frozenset(
            files.eos_token_ids)
        self._bos_id = int(tokenizer.bos_token_id)
        self._bos_text = meta.bos_token or ""
        self._adds_bos = self._bos_id >= 0 and self._encode("")[:1] == [self._bos_id]
        on_progress(1.0)
        choice = template.choice
        return LoadedModel(
            path=str(path),
            architecture=meta.architecture,
            n_ctx=self._n_ctx,
            n_ctx_train=context,
            n_vocab=meta.vocab_size or 0,
            template_source=choice.source,
            template_note=choice.note,
            load_seconds=time.perf_counter() - started,
            rss_bytes=peak_rss_bytes(),
            params={**params.to_dict(), "n_ctx": self._n_ctx, "backend": BACKEND_NAME,
                    "provider": used.device, "provider_name": used.name,
                    "precision": files.precision, "layout": files.layout,
                    "graph": str(files.graph), "provider_note": note},
        )

    def _candidates(self, forced: str) -> list[prov.ProviderCheck]:
        """The providers to try in order: the forced one, or the best and then the CPU."""
        checks = self._checks if self._checks is not None else prov.probe_providers()
        if forced != "auto":
            return [prov.check_for_device(forced, checks)]
        best = prov.best_provider(checks)
        return [best] if not best.gpu else [best, prov.check_for_device("cpu", checks)]

    def _create_model(self, files: OnnxModelFiles, params: LoadParams,
                      candidates: list[prov.ProviderCheck]
                      ) -> tuple[Any, prov.ProviderCheck, str]:
        """The og.Model on the first candidate that takes it, with a note on what happened.

        Raises:
            OndolError: the translated error of the last candidate, or of the first one when
                the files themselves are at fault (another provider would not help).
        """
        notes: list[str] = []
        for index, check in enumerate(candidates):
            last = index == len(candidates) - 1
            try:
                config = og.Config(str(files.folder))
                # Threads first: an overlay of session_options must not drop the providers.
                config.overlay(json.dumps({"model": {"decoder": {"session_options": {
                    "intra_op_num_threads": params.n_threads, "inter_op_num_threads": 1}}}}))
                config.clear_providers()
                genai_name = prov.genai_provider_name(check)
                if genai_name is not None:
                    config.append_provider(genai_name)
                model = og.Model(config)
            except Exception as err:  # onnxruntime-genai raises plain RuntimeError
                typed = translate_onnx_error(err, files, LOAD, check.device)
                # Only a provider's failure is worth another provider; a damaged file is not.
                if last or type(typed) is not ModelLoadError:
                    if notes:
                        typed.facts.setdefault("provider_note", "; ".join(notes))
                    raise typed from err
                notes.append(f"{check.device} failed ({typed.message}); using the CPU")
                self._note(logging.WARNING, f"onnxruntime-genai on {check.device} failed: "
                                            f"{typed.message}")
                continue
            if check.gpu:
                notes.append(f"running on {check.device}")
            elif not notes:
                notes.append(prov.describe_providers(self._checks))
            return model, check, "; ".join(notes)
        raise ModelLoadError("No execution provider to try.", path=str(files.folder))

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

    # -- generation ----------------------------------------------------------------------

    def generate(self, prompt: str, sampling: SamplingParams, should_stop: ShouldStop,
                 outcome: GenerationOutcome) -> Iterator[TokenPiece]:
        """Stream the answer to ``prompt`` token by token; ``outcome`` is filled at the end.

        onnxruntime-genai samples with temperature, top-k, top-p and a repetition penalty;
        ``min_p`` and the presence / frequency penalties have no equivalent and are not used.

        Raises:
            NoModelLoadedError: nothing is loaded.
            ContextOverflowError: the prompt alone fills the context window.
            InvalidParameterError: the prompt is empty.
            GenerationError: onnxruntime-genai failed while computing.
        """
        model = self._require()
        sampling.validate()
        tokens = self.prompt_tokens(prompt)
        if not tokens:
            raise InvalidParameterError("The prompt is empty.", parameter="prompt", value="")
        n_ctx = self._n_ctx
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(
                f"The prompt is {len(tokens)} tokens; the context window holds {n_ctx}.",
                prompt_tokens=len(tokens), n_ctx=n_ctx)
        room = n_ctx - len(tokens)
        max_new = min(sampling.max_tokens or room, room)
        max_length = len(tokens) + max_new
        seed = sampling.seed if sampling.seed is not None else random.getrandbits(31)
        outcome.seed = seed
        outcome.prompt_tokens = len(tokens)
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
        stops = StopStringMatcher(sampling.stop)
        started = time.perf_counter()
        first_at: float | None = None
        generated = 0
        outcome.reason = "length"
        generator: Any = None
        try:
            gen_params = og.GeneratorParams(model)
            gen_params.set_search_options(**options)
            generator = og.Generator(model, gen_params)
            stream = self._tokenizer.create_stream()
            # The prompt in n_batch pieces: cancel is checked between them.
            for begin in range(0, len(tokens), self._n_batch):
                if should_stop():
                    outcome.reason = "cancelled"
                    break
                generator.append_tokens(tokens[begin:begin + self._n_batch])
                outcome.prompt_tokens_evaluated = min(begin + self._n_batch, len(tokens))
            while outcome.reason != "cancelled" and not generator.is_done():
                if should_stop():
                    outcome.reason = "cancelled"
                    break
                generator.generate_next_token()
                token = int(generator.get_next_tokens()[0])
                if first_at is None:
                    first_at = time.perf_counter()
                if token in self._eos_ids and not sampling.ignore_eos:
                    outcome.reason = "stop"
                    break
                generated += 1
                text = stops.feed(stream.decode(token))
                yield TokenPiece(text, token)
                if stops.stopped:
                    outcome.reason = "stop"
                    break
                if generated >= max_new:
                    break
        except Exception as err:  # onnxruntime-genai raises plain RuntimeError
            assert self._files is not None
            raise translate_onnx_error(err, self._files, GENERATE, self._device) from err
        finally:
            del generator  # its KV cache is the big part: free it now, not at the next gc
        # An incomplete character left at a length cut is dropped (the stream holds it back).
        tail = stops.flush()
        if tail:
            yield TokenPiece(tail, -1)
        ended = time.perf_counter()
        outcome.generated_tokens = generated
        outcome.prompt_seconds = (first_at or ended) - started
        outcome.decode_seconds = ended - first_at if first_at else 0.0
