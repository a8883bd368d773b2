"""A scripted stand-in for ``RuntimeClient``, for UI timing and error tests and the GUI benchmark.

It streams a given text as tokens at a fixed rate, honours cancel, and can be told to fail.
It proves nothing about inference: tests of real generation use the real runtime.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from app.core.errors import GenerationCancelledError, NoModelLoadedError, OndolError
from app.core.runtime import events as ev
from app.core.types.params import LoadParams, SamplingParams
from app.core.types.results import StepLogprobs, TokenLogprob

WORDS = ["The", "sea", "is", "**wide**", "and", "the", "lighthouse", "keeper", "climbs",
         "the", "stairs", "every", "evening.", "\n\n```python\nprint('hello')\n```\n\n",
         "-", "a", "list", "item\n"]


def scripted_tokens(n: int) -> list[str]:
    """``n`` word-like tokens of Markdown, with a code block now and then."""
    out = []
    for i in range(n):
        out.append(WORDS[i % len(WORDS)] + " ")
        if i % 60 == 59:
            out.append("\n\n")
    return out


def scripted_logprobs(token: str, token_id: int, k: int) -> StepLogprobs:
    """Made-up probabilities for a scripted token: its probability cycles through 0.1–0.9;
    ``k`` candidates, the chosen one first."""
    chosen = TokenLogprob(token, token_id, math.log(0.1 + 0.2 * (token_id % 5)))
    rest = (1 - math.exp(chosen.logprob)) / max(1, k - 1)
    others = tuple(TokenLogprob(f"alt{i}", 1000 + i, math.log(rest)) for i in range(1, k))
    return chosen, (chosen, *others)


class FakeRuntime:
    """Same surface as ``RuntimeClient`` (load, generate, count, cancel, unload, close)."""

    def __init__(self, tokens: list[str] | None = None, tokens_per_second: float = 200.0,
                 load_seconds: float = 0.05, fail_with: OndolError | None = None,
                 n_ctx: int = 4096, prompt_seconds: float = 0.0,
                 logprobs: bool = False, answers: list[str] | None = None,
                 takes_tools: bool = True) -> None:
        self.tokens = tokens if tokens is not None else scripted_tokens(60)
        # One text per request, in turn (the last one again after); it overrides ``tokens``.
        # A text may write a call: '<tool_call>{"name": ..., "arguments": {...}}</tool_call>'.
        self.answers = list(answers or [])
        self.takes_tools = takes_tools  # the scripted model's template renders tools
        self.delay = 1.0 / tokens_per_second
        self.load_seconds = load_seconds
        self.fail_with = fail_with
        self.n_ctx = n_ctx
        self.prompt_seconds = prompt_seconds  # fitting the prompt (cancellable)
        self.loaded: ev.LoadedModel | None = None
        self.requests: list[dict[str, Any]] = []
        self._cancel = threading.Event()
        self._ids = 0
        self.closed = False
        self.logprobs = logprobs  # send made-up probabilities when they are asked for

    def load(self, path: str, params: LoadParams, on_progress: Any = None) -> ev.LoadedModel:
        self._cancel.clear()
        for step in range(1, 6):
            time.sleep(self.load_seconds / 5)
            if self._cancel.is_set():
                raise GenerationCancelledError("Loading was cancelled.", path=path)
            if on_progress is not None:
                on_progress(step / 5)
        self.loaded = ev.LoadedModel(
            path=path, architecture="fake", n_ctx=params.n_ctx, n_ctx_train=params.n_ctx,
            n_vocab=100, template_source="model", template_note="", load_seconds=0.0,
            rss_bytes=0, params=params.to_dict(), takes_tools=self.takes_tools)
        return self.loaded

    def count_chat_tokens(self, messages: list[dict[str, Any]]) -> int:
        return sum(len(m["content"].split()) + 4 for m in messages)

    def generate(self, sampling: SamplingParams, messages: list[dict[str, Any]] | None = None,
                 prompt: str | None = None, overflow_policy: Any = "drop_oldest",
                 answer_reserve: int | None = None,
                 tools: list[dict[str, Any]] | None = None) -> Iterator[Any]:
        # Like the real client: the request is made now; a cancel after this call counts.
        if self.loaded is None:
            raise NoModelLoadedError("No model is loaded.")
        self._ids += 1
        self._cancel.clear()
        self.requests.append({"sampling": sampling, "messages": messages, "prompt": prompt,
                              "overflow_policy": overflow_policy, "tools": tools})
        if self.fail_with is not None:
            raise self.fail_with
        tokens = self.tokens
        if self.answers:
            text = self.answers[min(len(self.requests), len(self.answers)) - 1]
            tokens = re.findall(r"\s*\S+", text) or [text]
        return self._stream(self._ids, sampling, messages or [], tokens)

    def _stream(self, rid: int, sampling: SamplingParams, messages: list[dict[str, Any]],
                tokens: list[str]) -> Iterator[Any]:
        started = time.perf_counter()
        reason = "stop"
        count = 0
        if self._cancel.wait(self.prompt_seconds):
            yield ev.Done(rid, "cancelled", ev.Stats(rid))
            return
        yield ev.PromptReady(rid, self.count_chat_tokens(messages), self.n_ctx)
        limit = sampling.max_tokens or len(tokens)
        for count, token in enumerate(tokens[:limit], start=1):
            if self._cancel.is_set():
                reason = "cancelled"
                count -= 1
                break
            time.sleep(self.delay)
            step = scripted_logprobs(token, count, sampling.top_logprobs) if (
                self.logprobs and sampling.top_logprobs) else None
            yield ev.Delta(rid, token, (count,), (step,) if step else None,
                           (token,) if step else None)
        else:
            reason = "length" if limit < len(tokens) else "stop"
        elapsed = time.perf_counter() - started
        yield ev.Done(rid, reason, ev.Stats(rid, prompt_tokens=10, prompt_tokens_evaluated=10,
                                            generated_tokens=count, prompt_seconds=self.delay,
                                            decode_seconds=elapsed, time_to_first_token=0.01))

    def cancel(self) -> None:
        self._cancel.set()

    def unload(self) -> None:
        self.loaded = None

    def close(self, timeout: float = 3.0) -> None:
        self.closed = True
        self.loaded = None
