"""What every backend's embeddings share: checks of the inputs, L2 normalisation and
shortening to fewer dimensions (truncate, then normalise again, as Matryoshka-trained models
are meant to be used)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.core.errors import ContextOverflowError, InvalidParameterError
from app.core.types.embeddings import Embeddings

EmbedInput = str | Sequence[int]


def embedding_unsupported(backend: str, why: str = "") -> InvalidParameterError:
    """The refusal of a backend (or model) that cannot give embeddings."""
    return InvalidParameterError(
        f"The {backend} backend cannot give embeddings for this model"
        f"{f' ({why})' if why else ''}; GGUF models through llama.cpp can.",
        parameter="model", value=True, reason="embedding_unsupported", backend=backend)


def check_tokens(tokens: Sequence[int], index: int, n_vocab: int, n_ctx: int,
                 truncate: bool = False) -> list[int]:
    """One input's tokens, checked: not empty, every id in the vocabulary, within the window
    (or cut to it, with ``truncate``).

    Raises:
        InvalidParameterError: empty (reason ``empty_prompt``) or an unknown token id.
        ContextOverflowError: longer than the context window (reason ``embedding_input``).
    """
    if not tokens:
        raise InvalidParameterError(f"Input {index} is empty: there is nothing to embed.",
                                    parameter="input", value=index, reason="empty_prompt")
    bad = next((t for t in tokens if not 0 <= int(t) < n_vocab), None)
    if bad is not None:
        raise InvalidParameterError(
            f"Input {index} holds token id {bad}, outside the vocabulary [0, {n_vocab}).",
            parameter="input", value=bad, reason="out_of_range", rule=f"[0, {n_vocab})")
    if len(tokens) > n_ctx and truncate:
        tokens = tokens[:n_ctx]
    if len(tokens) > n_ctx:
        raise ContextOverflowError(
            f"Input {index} has {len(tokens)} tokens; this model embeds at most {n_ctx}.",
            reason="embedding_input", index=index, input_tokens=len(tokens), n_ctx=n_ctx)
    return [int(t) for t in tokens]


def finish(vectors: np.ndarray, prompt_tokens: int, dimensions: int | None) -> Embeddings:
    """Raw vectors (one per row) shortened to ``dimensions`` and L2-normalised.

    Raises:
        InvalidParameterError: ``dimensions`` outside 1 .. the model's size.
    """
    size = vectors.shape[1]
    if dimensions is not None:
        if not 1 <= dimensions <= size:
            raise InvalidParameterError(
                f"dimensions must be in [1, {size}] for this model (got {dimensions}).",
                parameter="dimensions", value=dimensions, reason="out_of_range",
                rule=f"[1, {size}]")
        vectors = vectors[:, :dimensions]
    work = vectors.astype(np.float64)
    norms = np.linalg.norm(work, axis=1, keepdims=True)
    work = np.divide(work, norms, out=np.zeros_like(work), where=norms > 0)
    out = np.ascontiguousarray(work, dtype="<f4")
    return Embeddings(count=out.shape[0], dimensions=out.shape[1], data=out.tobytes(),
                      prompt_tokens=prompt_tokens)
