"""Evaluating tokens with llama.cpp's own batch API, one place for every caller.

Ondol fills llama.cpp's batch itself rather than calling ``Llama.eval`` so that it can ask for
exactly the logits it needs: the last row for a prompt (as ``Llama.eval`` does), every row when
a drafted run is verified. ``Llama.eval`` gives either the last row or, with ``logits_all``,
every row of every batch, prompt included, copied into a table of n_ctx × n_vocab floats,
which makes speculative decoding through llama-cpp-python slower than none.
``llm.n_tokens`` and ``llm.input_ids`` are kept as ``Llama.eval`` keeps them, so the prompt
cache works the same way.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

import llama_cpp
import numpy as np

from app.core.errors import GenerationError

ABORTED = 2  # llama_decode's return code when the abort callback stopped it


class Pace(Protocol):
    """What paces evaluations (the thread count, the abort callback) around each one."""

    def before_eval(self, n_tokens: int) -> None: ...
    def after_eval(self, n_tokens: int, seconds: float) -> None: ...


def common_prefix(llm: Any, tokens: Sequence[int]) -> int:
    """How many of ``tokens`` the context already holds, from the start."""
    cached = min(int(llm.n_tokens), len(tokens))
    if cached == 0:
        return 0
    differs = np.flatnonzero(np.asarray(llm.input_ids[:cached]) != np.asarray(tokens[:cached]))
    return int(differs[0]) if len(differs) else cached


def truncate(llm: Any, keep: int) -> None:
    """Keep only the first ``keep`` positions of the context (the rest are forgotten).

    Raises:
        GenerationError: llama.cpp could not drop them (a memory that cannot be cut).
    """
    if keep >= llm.n_tokens:
        return
    if not llm._ctx.kv_cache_seq_rm(-1, keep, -1):
        if keep > 0:
            raise GenerationError("llama.cpp could not drop tokens from the context.",
                                  reason="llama_failed", detail="memory_seq_rm refused")
        llama_cpp.llama_memory_clear(llm._ctx.memory, True)
    llm.n_tokens = keep


def evaluate(llm: Any, tokens: Sequence[int], all_logits: bool = False,
             pace: Pace | None = None) -> bool:
    """Append ``tokens`` to the context, in batches of ``n_batch``; logits for the last row,
    or for every row with ``all_logits`` (only for a run that fits one batch). False when the
    abort callback stopped it (the context then ends where the last whole batch ended).

    Raises:
        GenerationError: llama.cpp failed (no room in the context, a bad batch, a compute error).
    """
    ctx, batch = llm._ctx.ctx, llm._batch.batch
    size = int(llm.n_batch)
    llm._ctx.kv_cache_seq_rm(-1, int(llm.n_tokens), -1)  # whatever lies past the end
    for start in range(0, len(tokens), size):
        chunk = tokens[start:start + size]
        n_past, n = int(llm.n_tokens), len(chunk)
        batch.n_tokens = n
        for i, token in enumerate(chunk):
            batch.token[i] = token
            batch.pos[i] = n_past + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = all_logits
        batch.logits[n - 1] = True
        if pace is not None:
            pace.before_eval(n)
        began = time.perf_counter()
        code = llama_cpp.llama_decode(ctx, batch)
        if pace is not None:
            pace.after_eval(n, time.perf_counter() - began)
        if code == ABORTED:
            llama_cpp.llama_memory_seq_rm(llm._ctx.memory, 0, n_past, -1)
            return False
        if code != 0:
            raise GenerationError(f"llama.cpp failed while evaluating tokens (code {code}).",
                                  reason="llama_failed", detail=f"llama_decode returned {code}")
        llm.input_ids[n_past:n_past + n] = chunk
        llm.n_tokens = n_past + n
    return True

