"""What the two ONNX backends share: the loaded model's window and end-of-turn ids, which
device runs it, load cancellation, and the ``LoadedModel`` they report."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import Any, ClassVar

from app.core.backends.base import Backend, BackendCapabilities, OnProgress
from app.core.backends.chat_template import ChatTemplate
from app.core.backends.onnx import providers as prov
from app.core.errors import GenerationCancelledError
from app.core.formats.metadata import ModelMetadata
from app.core.formats.onnx_folder import OnnxModelFiles
from app.core.hardware.process_stats import peak_rss_bytes
from app.core.types.params import LoadParams
from app.core.types.results import LoadedModel

logger = logging.getLogger(__name__)


class OnnxBackend(Backend):
    """The state and steps both ONNX backends have; the runtime-specific parts are theirs."""

    backend_name: ClassVar[str] = "onnx"
    logprobs: ClassVar[bool] = True
    gives_embeddings: ClassVar[bool] = False  # loads sentence encoders in embedding mode

    def __init__(self, log_sink: Callable[[int, str], None] | None = None,
                 checks: tuple[prov.ProviderCheck, ...] | None = None) -> None:
        """``checks``: the provider checks to choose from (default: ``probe_providers()``)."""
        self._log_sink = log_sink
        self._checks = checks
        self._template: ChatTemplate | None = None
        self._files: OnnxModelFiles | None = None
        self._device = "cpu"
        self._n_ctx = 0
        self._eos_ids: frozenset[int] = frozenset()

    @property
    def _loaded(self) -> bool:
        return self._files is not None

    def capabilities(self) -> BackendCapabilities:
        """GPU when a GPU provider works here (or the loaded model runs on one)."""
        if self._loaded:
            gpu = self._device != "cpu"
        else:
            best = prov.best_provider(self._checks)
            gpu = best.works and best.gpu
        return BackendCapabilities(name=self.backend_name, gpu_offload=gpu,
                                   logprobs=self.logprobs, abort_prompt_processing=True,
                                   flash_attention=False, embeddings=self.gives_embeddings)

    def _provider_checks(self) -> tuple[prov.ProviderCheck, ...]:
        return self._checks if self._checks is not None else prov.probe_providers()

    def _note(self, level: int, message: str) -> None:
        """A line for the log, forwarded to the app."""
        logger.log(level, "%s", message)
        if self._log_sink is not None:
            self._log_sink(level, message)

    def _warn(self, message: str) -> None:
        self._note(logging.WARNING, message)

    @staticmethod
    def _go_on(on_progress: OnProgress, fraction: float, path: str, made: Any = None) -> None:
        """Report progress; when the user cancelled, drop what was made and say so.

        Raises:
            GenerationCancelledError: ``on_progress`` returned False.
        """
        if not on_progress(fraction):
            del made
            gc.collect()
            raise GenerationCancelledError("Loading was cancelled.", path=path)

    def _loaded_model(self, path: str, meta: ModelMetadata, params: LoadParams,
                      started: float, n_vocab: int, used: prov.ProviderCheck, note: str,
                      **extra: Any) -> LoadedModel:
        """What the load reports, with the ONNX facts in ``params``."""
        assert self._template is not None and self._files is not None
        files, choice = self._files, self._template.choice
        return LoadedModel(
            path=str(path),
            architecture=meta.architecture,
            n_ctx=self._n_ctx,
            n_ctx_train=meta.context_length or params.n_ctx,
            n_vocab=n_vocab,
            template_source=choice.source,
            template_note=choice.note,
            load_seconds=time.perf_counter() - started,
            rss_bytes=peak_rss_bytes(),
            params={**params.to_dict(), "n_ctx": self._n_ctx, "backend": self.backend_name,
                    "provider": used.device, "provider_name": used.name,
                    "provider_note": note, "precision": files.precision,
                    "layout": files.layout, **extra},
            takes_tools=self._template.takes_tools,
        )

    # -- what the decoding loop asks --------------------------------------------------

    def context_length(self) -> int:
        """The loaded context window (capped by the model's own).

        Raises:
            NoModelLoadedError: nothing is loaded.
        """
        self._require()
        return self._n_ctx

    def is_end_of_turn(self, token: int) -> bool:
        """The model's end-of-answer ids (generation config, tokenizer)."""
        return token in self._eos_ids
