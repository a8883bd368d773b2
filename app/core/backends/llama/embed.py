"""Embeddings through llama.cpp: several inputs packed into one batch (a sequence id each, so
they never attend to each other), the model's own pooling read back per sequence.

A model whose GGUF names no pooling (a chat model's decoder) gives one vector per token; those
are averaged here, which is what llama.cpp's mean pooling computes. A reranker's pooling gives
a score, not an embedding, and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import llama_cpp
import numpy as np

from app.core.backends.decode import ShouldStop
from app.core.backends.embedding import embedding_unsupported
from app.core.errors import GenerationCancelledError, GenerationError


def text_tokens(llm: Any, text: str, n_ctx: int, truncate: bool) -> list[int]:
    """``text``'s tokens as the model embeds them: BOS (and EOS/SEP) as its vocabulary adds
    them, special-token text left as text. A last-token-pooling model (Qwen3-Embedding) reads
    its vector off the end-of-text token, so that token is appended when the GGUF does not say
    to add it (files converted before the converter learned to), and kept last when the text
    is cut to the window."""
    tokens = list(llm.tokenize(text.encode("utf-8"), add_bos=True, special=False))
    if int(llm.pooling_type()) != llama_cpp.LLAMA_POOLING_TYPE_LAST:
        return tokens
    eos = int(llm.token_eos())
    if eos < 0:
        return tokens
    if not tokens or tokens[-1] != eos:
        tokens.append(eos)
    if truncate and len(tokens) > n_ctx > 0:
        tokens = [*tokens[:n_ctx - 1], eos]
    return tokens


def embed_sequences(llm: Any, sequences: Sequence[list[int]], should_stop: ShouldStop
                    ) -> np.ndarray:
    """Raw (not normalised) vectors, one row per sequence; each sequence fits ``n_batch``.

    Raises:
        InvalidParameterError: the model pools for ranking (reason ``embedding_unsupported``).
        GenerationCancelledError: ``should_stop()`` turned true between batches.
        GenerationError: llama.cpp failed.
    """
    pooling = int(llm.pooling_type())
    if pooling == llama_cpp.LLAMA_POOLING_TYPE_RANK:
        raise embedding_unsupported("llama.cpp", "a reranker scores pairs of texts")
    ctx = llm._ctx
    n_embd, n_batch = llm.n_embd(), llm.n_batch
    n_seq_max = llm.context_params.n_seq_max
    out = np.empty((len(sequences), n_embd), dtype=np.float32)
    batch = llm._batch
    pending: list[int] = []
    used = 0

    def flush() -> None:
        if not pending:
            return
        if should_stop():
            raise GenerationCancelledError("The embedding request was cancelled.")
        ctx.kv_cache_clear()
        try:
            ctx.decode(batch)
        except RuntimeError as err:
            raise GenerationError(f"llama.cpp failed while embedding: {err}",
                                  reason="llama_failed", detail=str(err)) from err
        if pooling == llama_cpp.LLAMA_POOLING_TYPE_NONE:
            total = sum(len(sequences[i]) for i in pending)
            rows = np.ctypeslib.as_array(llama_cpp.llama_get_embeddings(ctx.ctx),
                                         shape=(total, n_embd))
            start = 0
            for i in pending:
                size = len(sequences[i])
                out[i] = rows[start:start + size].mean(axis=0)
                start += size
        else:
            for seq, i in enumerate(pending):
                pointer = llama_cpp.llama_get_embeddings_seq(ctx.ctx, seq)
                out[i] = np.ctypeslib.as_array(pointer, shape=(n_embd,))
        batch.reset()
        pending.clear()

    try:
        batch.reset()
        for index, tokens in enumerate(sequences):
            if used + len(tokens) > n_batch or len(pending) >= n_seq_max:
                flush()
                used = 0
            batch.add_sequence(tokens, len(pending), True)  # every token is an output
            pending.append(index)
            used += len(tokens)
        flush()
    finally:
        batch.reset()
        ctx.kv_cache_clear()
        llm.reset()
    return out
