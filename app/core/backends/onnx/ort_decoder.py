"""One answer on Ondol's own ONNX loop: the prompt in chunks, one graph run per token, the
next token sampled in numpy, text decoded without splitting a character."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from tokenizers import Tokenizer

from app.core.backends.decode import Decoder, ShouldStop
from app.core.backends.onnx.sampler import TokenSampler
from app.core.backends.onnx.text_stream import TextStream

if TYPE_CHECKING:
    from app.core.backends.onnx.ort_loop import OrtLoopBackend


class OrtDecoder(Decoder):
    """One answer: the prompt in chunks, then one graph run per token, sampled in numpy."""

    def __init__(self, backend: OrtLoopBackend, tokenizer: Tokenizer, tokens: list[int],
                 sampler: TokenSampler, should_stop: ShouldStop) -> None:
        self._backend = backend
        self._tokenizer = tokenizer
        self._sampler = sampler
        self._should_stop = should_stop
        self._prompt: list[int] | None = tokens
        self._text = TextStream(tokenizer, tokens)
        self._logits: np.ndarray | None = None
        self._last = -1
        self._evaluated = 0

    def next_token(self) -> int | None:
        """Evaluate the prompt (first call) or the last token, then sample.

        Raises:
            GenerationError, InsufficientMemoryError: ONNX Runtime failed.
        """
        if self._prompt is not None:
            prompt, self._prompt = self._prompt, None
            logits, self._evaluated = self._backend._evaluate_prompt(prompt, self._should_stop)
            if logits is None:
                return None
        else:
            logits = self._backend._run([self._last])
        self._logits = logits
        self._last = self._sampler.sample(logits)
        return self._last

    def text(self, token: int) -> str:
        """Incremental text that never splits a UTF-8 character."""
        return self._text.push(token)

    def flush_text(self) -> str:
        """Held-back text, without a trailing incomplete character."""
        return self._text.flush()

    def scores(self, index: int = 0) -> np.ndarray | None:
        """The logits the last token was drawn from (before penalties and temperature)."""
        return self._logits

    def token_text(self, token: int) -> str:
        """One token's text, special tokens shown."""
        return self._tokenizer.decode([token], skip_special_tokens=False)

    def prompt_tokens_evaluated(self) -> int:
        """Prompt tokens computed now (a cached prefix is not counted)."""
        return self._evaluated
