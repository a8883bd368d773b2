"""One answer from a llama.cpp model: evaluate, verify drafts, sample with llama.cpp's sampler.

The sampler chain is llama-cpp-python's own (``Llama._init_sampler``: penalties, grammar,
top-k, typical, top-p, min-p, temperature, seeded draw), so answers are what
``Llama.generate`` gave. A step evaluates the last token and any drafted ones in one batch,
then samples row by row: a drafted token stays only where the model's own sample is that
token, so every token of the answer is the model's own sample. Each sample is one draw from
the seeded generator, as without drafts: with the same seed, the answer is the same.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from typing import Any

import llama_cpp
import numpy as np

from app.core.backends.decode import Decoder, ShouldStop
from app.core.backends.llama.evaluate import common_prefix, evaluate, truncate
from app.core.backends.llama.native import AbortHook
from app.core.backends.llama.pacing import StepPacer
from app.core.backends.threads import ThreadGovernor
from app.core.types.params import SamplingParams


class LlamaDecoder(Decoder):
    """One answer; llama.cpp's abort callback stops a long prompt (and slow steps)."""

    def __init__(self, backend: Any, llm: Any, tokens: list[int], sampling: SamplingParams,
                 seed: int, should_stop: ShouldStop, grammar: Any,
                 governor: ThreadGovernor) -> None:
        self._backend = backend
        self._llm = llm
        self._should_stop = should_stop
        llm.set_seed(seed)
        self._sampler = llm._init_sampler(
            top_k=sampling.top_k, top_p=sampling.top_p, min_p=sampling.min_p,
            temp=sampling.temperature, repeat_penalty=sampling.repeat_penalty,
            frequency_penalty=sampling.frequency_penalty,
            presence_penalty=sampling.presence_penalty, grammar=grammar)
        self._ctx = llm._ctx.ctx
        self._abort = AbortHook(self._ctx, should_stop)
        # Steps: the governor's thread counts, and the abort callback while steps are slow.
        self._pace = StepPacer(self._ctx, governor, self._abort)
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._prompt: list[int] | None = list(tokens)
        self._pending = -1  # the last sampled token: evaluated by the next step
        self._rows: list[int] = [-1]  # the logits row each token of the last step came from
        self._evaluated = 0

    def next_token(self) -> int | None:
        """The next token (the first call evaluates the prompt; cancellable).

        Raises:
            GenerationError: llama.cpp failed while computing.
        """
        got = self.next_tokens(())
        return None if got is None else got[0]

    def next_tokens(self, draft: Sequence[int]) -> list[int] | None:
        """The model's tokens after the last one and ``draft``, verified in one batch.

        Raises:
            GenerationError: llama.cpp failed while computing.
        """
        if self._prompt is not None:
            return self._start(self._prompt)
        llm = self._llm
        room = int(llm._n_ctx) - int(llm.n_tokens) - 1  # the batch must fit the context
        batch = [self._pending, *list(draft)[:max(0, room)]]
        n_past = int(llm.n_tokens)
        if not evaluate(llm, batch, all_logits=len(batch) > 1, pace=self._pace):
            return None
        got: list[int] = []
        for row in range(len(batch)):
            token = self._sample(row)
            got.append(token)
            if row + 1 >= len(batch) or token != batch[row + 1]:
                break  # the model chose otherwise: the rest of the draft is dropped
        truncate(llm, n_past + len(got))  # keeps the last token and the accepted drafts
        self._pending = got[-1]
        self._rows = list(range(len(got)))
        return got

    def _start(self, tokens: list[int]) -> list[int] | None:
        """Evaluate the prompt (after what the context already holds) and sample."""
        self._prompt = None
        llm = self._llm
        # A prompt already evaluated whole is evaluated from its last token, for fresh logits.
        truncate(llm, min(common_prefix(llm, tokens), len(tokens) - 1))
        cached = int(llm.n_tokens)
        self._abort.arm()
        try:
            done = evaluate(llm, tokens[cached:])
        finally:
            self._abort.disarm()
        self._evaluated = int(llm.n_tokens) - cached  # short of the prompt when cancelled
        if not done:
            return None
        self._pending = self._sample(-1)
        self._rows = [-1]
        return [self._pending]

    def _sample(self, row: int) -> int:
        return int(llama_cpp.llama_sampler_sample(self._sampler.sampler, self._ctx, row))

    def text(self, token: int) -> str:
        """The token's bytes through an incremental UTF-8 decoder."""
        return self._utf8.decode(self._backend._piece(token))

    def scores(self, index: int = 0) -> np.ndarray:
        """The logits the ``index``-th token of the last step was drawn from: still in the
        context, since the next step has not run."""
        pointer = llama_cpp.llama_get_logits_ith(self._ctx, self._rows[index])
        return np.ctypeslib.as_array(pointer, shape=(self._llm.n_vocab(),))

    def token_text(self, token: int) -> str:
        """The token's piece with special tokens shown."""
        return self._backend._piece(token, special=True).decode("utf-8", errors="replace")

    def prompt_tokens_evaluated(self) -> int:
        """Prompt tokens computed now (tokens reused from the cache are not counted)."""
        return self._evaluated

    def threads(self) -> int:
        """The decode thread count in use now."""
        return int(llama_cpp.llama_n_threads(self._ctx))

    def close(self) -> None:
        """Stop the abort hook and free the sampler."""
        self._pace.close()
        self._sampler.close()
