"""A draft model: a small model of the same vocabulary guesses the next tokens, greedily.

It keeps its own context in step with the answer (only what changed is evaluated) and stops
guessing when it is unsure, as llama.cpp's own speculative decoding does: an unsure guess is
rarely accepted and its verification costs the big model's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import llama_cpp
import numpy as np

from app.core.backends.llama.evaluate import common_prefix, evaluate, truncate
from app.core.backends.threads import ThreadGovernor
from app.core.errors import GenerationError

# Stop drafting when the draft model's best token is less likely than this.
MIN_CONFIDENCE = 0.7


class ModelDrafter:
    """Greedy drafts from a second loaded ``Llama`` (the draft model)."""

    name = "draft"

    def __init__(self, llm: Any, governor: ThreadGovernor, relative_cost: float) -> None:
        """``relative_cost``: the draft's size over the model's (a step reads every weight
        once, so it is what a drafted token costs as a share of a step, roughly)."""
        self._llm = llm
        self.relative_cost = relative_cost
        self._governor = governor  # the model's: a busy machine slows both alike
        self._threads = 0
        self._history: list[int] = []

    def begin(self, tokens: Sequence[int]) -> None:
        """A new answer to the prompt ``tokens`` (evaluated at the first draft)."""
        self._history = list(tokens)

    def extend(self, tokens: Sequence[int]) -> None:
        """The answer went on with ``tokens``."""
        self._history.extend(tokens)

    def draft(self, n: int) -> list[int]:
        """Up to ``n`` tokens, fewer when the draft model is unsure.

        Raises:
            GenerationError: the draft model failed, or its context is full.
        """
        llm, history = self._llm, self._history
        if len(history) + n >= int(llm._n_ctx):
            return []
        threads = self._governor.threads()
        if threads != self._threads:
            llama_cpp.llama_set_n_threads(llm._ctx.ctx, threads, self._governor.batch_threads())
            self._threads = threads
        truncate(llm, min(common_prefix(llm, history), len(history) - 1))
        if not evaluate(llm, history[int(llm.n_tokens):]):
            raise GenerationError("The draft model stopped.", reason="llama_failed")
        ctx, n_vocab = llm._ctx.ctx, llm.n_vocab()
        out: list[int] = []
        while True:
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, -1),
                                           shape=(n_vocab,))
            token = int(np.argmax(logits))
            best = float(logits[token])
            if 1.0 / float(np.exp(logits - best).sum()) < MIN_CONFIDENCE:
                break
            out.append(token)
            if len(out) >= n:
                break
            evaluate(llm, [token])
        return out

    def stats_key(self) -> str:
        """One acceptance figure for the draft model."""
        return self.name

    def close(self) -> None:
        """The draft model itself is closed by the backend."""
