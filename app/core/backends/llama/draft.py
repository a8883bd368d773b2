"""Loading a draft model beside the model, and the speculator for the model's answers."""

from __future__ import annotations

import os
from typing import Any

import llama_cpp

from app.core.backends.llama.draft_model import ModelDrafter
from app.core.backends.llama.native import NativeLog, library_templates_off
from app.core.backends.speculation.lookup import PromptLookup
from app.core.backends.speculation.speculator import DraftSource, Speculator
from app.core.backends.threads import ThreadGovernor
from app.core.errors import ModelLoadError
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.types.params import LoadParams


def vocabulary(llm: Any) -> list[bytes]:
    """Every token's text, in id order (what makes two models' tokens the same tokens)."""
    vocab = llm._model.vocab
    return [llama_cpp.llama_vocab_get_text(vocab, token) or b""
            for token in range(llm.n_vocab())]


def load_draft(path: str, params: LoadParams, target: Any, log: NativeLog) -> Any:
    """The draft model at ``path``, loaded like the model (same context length and threads),
    after checking its vocabulary is the model's, token for token.

    Raises:
        ModelNotFoundError, NotAModelFileError, CorruptModelError,
        UnsupportedArchitectureError: from the header check.
        ModelLoadError: llama.cpp refused the draft (reason ``draft_refused``), or its
            vocabulary is not the model's (reason ``draft_vocab_differs``).
    """
    read_gguf_metadata(path)
    try:
        with library_templates_off():
            draft = llama_cpp.Llama(
                model_path=str(path), n_ctx=params.n_ctx, n_batch=params.n_batch,
                n_ubatch=params.n_batch, n_threads=params.n_threads,
                n_threads_batch=params.n_threads, n_gpu_layers=params.n_gpu_layers,
                flash_attn=params.flash_attn, use_mmap=params.use_mmap, logits_all=False,
                verbose=False)
    except (ValueError, RuntimeError, OSError) as err:
        detail = log.failure_detail() or str(err)
        raise ModelLoadError(f"llama.cpp could not load the draft model {path}: {detail}",
                             path=str(path), reason="draft_refused", detail=detail) from err
    if vocabulary(draft) != vocabulary(target):
        draft.close()
        raise ModelLoadError(
            f"The draft model {path} has another vocabulary than the model: it cannot draft "
            "for it.", path=str(path), reason="draft_vocab_differs",
            draft_tokens=draft.n_vocab(), model_tokens=target.n_vocab())
    return draft


def speculator_for(target_path: str, params: LoadParams, draft: Any,
                   governor: ThreadGovernor) -> Speculator | None:
    """Prompt lookup first (a look-up costs nothing), then the draft model; None for neither."""
    sources: list[DraftSource] = []
    if params.prompt_lookup:
        sources.append(PromptLookup())
    if draft is not None:
        size = os.path.getsize(params.draft_model or "")
        relative = size / max(1, os.path.getsize(target_path))
        sources.append(ModelDrafter(draft, governor, relative))
    return Speculator(sources) if sources else None
