"""The one decoding loop every backend runs: what ends an answer, and what is reported.

A backend only says what differs between runtimes, through a ``Decoder`` for one answer:
evaluate what is pending and pick the next token, give the scores that token was drawn from,
and turn tokens into text. Everything else lives here once: checking the request, the context
window and answer length, the seed, stop strings across token boundaries, end of turn, cancel,
log-probabilities, the outcome and its timings. Log-probabilities for the inspector,
speculative decoding and grammars hook in here, for every backend at once.
"""

from __future__ import annotations

import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from app.core.backends.speculation.speculator import Speculator
from app.core.backends.stop_strings import StopStringMatcher
from app.core.errors import ContextOverflowError, GenerationError, InvalidParameterError
from app.core.types.params import SamplingParams
from app.core.types.results import StepLogprobs, StopReason, TokenLogprob

# Returns True when the current request should stop (checked per token and during prompt work).
ShouldStop = Callable[[], bool]

# The backends that can hold an answer to a JSON schema while decoding (with a grammar).
JSON_SCHEMA_BACKENDS = ("llama.cpp",)


def json_schema_unsupported(backend: str) -> InvalidParameterError:
    """The refusal of a backend that cannot constrain decoding to a JSON schema."""
    return InvalidParameterError(
        f"The {backend} backend cannot hold an answer to a JSON schema; "
        f"{', '.join(JSON_SCHEMA_BACKENDS)} (GGUF models) can.",
        parameter="json_schema", value=None, reason="json_schema_unsupported",
        backend=backend, supported=list(JSON_SCHEMA_BACKENDS))


@dataclass(frozen=True)
class TokenPiece:
    """One generated token and the text it completed (may be empty while UTF-8 is partial).

    ``token_id`` is -1 for the held-back text released at the end of an answer.
    """

    text: str
    token_id: int
    logprob: StepLogprobs | None = None


@dataclass
class GenerationOutcome:
    """How a generation ended, with its counts and timings."""

    reason: StopReason = "stop"
    prompt_tokens: int = 0
    prompt_tokens_evaluated: int = 0
    generated_tokens: int = 0
    prompt_seconds: float = 0.0
    decode_seconds: float = 0.0
    seed: int | None = None
    stop_string: str | None = None  # the stop string that ended the answer, if one did
    drafted_tokens: int = 0  # speculative decoding: tokens drafted for verification
    accepted_tokens: int = 0  # of those, the ones the model's own choice agreed with
    plain_tokens_per_second: float = 0.0  # the measured one-token-per-step speed
    threads: int = 0  # the thread count in use at the end


class Decoder(ABC):
    """One answer's worth of runtime state, driven by ``decode``."""

    @abstractmethod
    def next_token(self) -> int | None:
        """Evaluate what is pending (the prompt the first time, then the last token) and pick
        the next token; None when ``should_stop`` ended the prompt's evaluation.

        Raises:
            GenerationError, InsufficientMemoryError: the runtime failed while computing.
        """

    @abstractmethod
    def text(self, token: int) -> str:
        """The new answer text ``token`` completes ("" while a character is incomplete)."""

    def flush_text(self) -> str:
        """At the end: text still held back, without a trailing incomplete character."""
        return ""

    def next_tokens(self, draft: Sequence[int]) -> list[int] | None:
        """Evaluate what is pending and the drafted tokens ``draft`` in one step, and give the
        tokens the model itself picks: the drafted ones it agrees with, in order, then its own
        next one (so always at least one); None when ``should_stop`` ended the evaluation.
        A runtime that cannot verify drafts steps one token at a time (``draft`` ignored).

        Raises:
            GenerationError, InsufficientMemoryError: the runtime failed while computing.
        """
        token = self.next_token()
        return None if token is None else [token]

    def scores(self, index: int = 0) -> np.ndarray | None:
        """The raw next-token scores (logits) the ``index``-th token of the last step was
        drawn from, if available."""
        return None

    def threads(self) -> int:
        """The CPU thread count the runtime computes with now (0: not known)."""
        return 0

    def token_text(self, token: int) -> str:
        """One token's own text, special tokens shown (for log-probability entries)."""
        return self.text(token)

    def prompt_tokens_evaluated(self) -> int:
        """How many prompt tokens were computed now (the rest came from a cache)."""
        return 0

    def close(self) -> None:  # noqa: B027 - most decoders hold nothing to free
        """Free what this answer held (runs however the answer ended)."""


class DecodingModel(Protocol):
    """What ``decode`` needs from a loaded backend."""

    seed_bits: int

    def prompt_tokens(self, prompt: str) -> list[int]: ...
    def context_length(self) -> int: ...
    def is_end_of_turn(self, token: int) -> bool: ...
    def start_decoder(self, tokens: list[int], sampling: SamplingParams, seed: int,
                      max_new: int, should_stop: ShouldStop) -> Decoder: ...
    def speculator(self) -> Speculator | None: ...


def top_logprobs(scores: np.ndarray, token: int, k: int, token_text: Callable[[int], str]
                 ) -> StepLogprobs:
    """The chosen token's log-probability and the ``k`` most likely, from raw scores (the
    model's own distribution, before penalties and temperature, as llama.cpp reports it).

    Runs once per generated token, so it makes one pass for the log-sum-exp and finds the
    top ``k`` on the raw scores (log-softmax keeps their order), in float32: the probabilities
    over the whole vocabulary still sum to 1 within 1e-6.
    """
    values = np.asarray(scores, dtype=np.float32)  # no copy for llama.cpp's float32 logits
    top = values.max()
    shifted = values - top
    np.exp(shifted, out=shifted)
    log_total = float(top) + float(np.log(shifted.sum(dtype=np.float64)))
    # Only a few hundred tokens lie within a few nats of the best one: partition those
    # instead of the whole vocabulary (wider, then everything, when fewer than k do).
    for margin in (8.0, 16.0, float("inf")):
        near = np.flatnonzero(values >= top - margin)
        if len(near) >= k:
            break
    if len(near) > k:
        near = near[np.argpartition(values[near], -k)[-k:]]
    best = near[np.argsort(-values[near], kind="stable")]

    def entry(tid: int) -> TokenLogprob:
        return TokenLogprob(token_text(tid), tid, float(values[tid]) - log_total)

    return entry(int(token)), tuple(entry(int(t)) for t in best)


def prepare(model: DecodingModel, prompt: str | Sequence[int], sampling: SamplingParams
            ) -> tuple[list[int], int]:
    """The prompt's tokens and the most tokens the answer may have.

    Raises:
        InvalidParameterError: a sampling value is out of range, or the prompt is empty.
        ContextOverflowError: the prompt alone fills the context window.
    """
    sampling.validate()
    tokens = model.prompt_tokens(prompt) if isinstance(prompt, str) else list(prompt)
    if not tokens:
        raise InvalidParameterError("The prompt is empty.", parameter="prompt", value="",
                                    reason="empty_prompt")
    n_ctx = model.context_length()
    if len(tokens) >= n_ctx:
        raise ContextOverflowError(
            f"The prompt is {len(tokens)} tokens; the context window holds {n_ctx}.",
            prompt_tokens=len(tokens), n_ctx=n_ctx, reason="prompt")
    room = n_ctx - len(tokens)
    return tokens, min(sampling.max_tokens or room, room)


def check_answer_prefix(prefix: Sequence[int], n_vocab: int) -> None:
    """Every forced token id must be in the loaded vocabulary (``n_vocab`` 0: unknown).

    Raises:
        InvalidParameterError: reason ``out_of_range``, naming the first bad id.
    """
    bad = next((t for t in prefix if not 0 <= t < n_vocab), None) if n_vocab > 0 else None
    if bad is not None:
        raise InvalidParameterError(
            f"answer_prefix holds token id {bad}, outside the vocabulary [0, {n_vocab}).",
            parameter="answer_prefix", value=bad, reason="out_of_range", rule=f"[0, {n_vocab})")


def room_after_prefix(model: DecodingModel, tokens: Sequence[int], prefix: Sequence[int]) -> int:
    """How many tokens may follow a forced ``prefix`` after the prompt ``tokens``.

    Raises:
        ContextOverflowError: the prompt and the prefix fill the context window.
    """
    n_ctx = model.context_length()
    used = len(tokens) + len(prefix)
    if prefix and used >= n_ctx:
        raise ContextOverflowError(
            f"The prompt and the forced answer start are {used} tokens; the context window "
            f"holds {n_ctx}.", prompt_tokens=used, n_ctx=n_ctx, reason="prompt")
    return n_ctx - used


def next_token_scores(model: DecodingModel, prompt: str | Sequence[int],
                      should_stop: ShouldStop, answer_prefix: Sequence[int] = ()
                      ) -> np.ndarray | None:
    """The raw scores (a float32 copy over the whole vocabulary) of the token after
    ``prompt`` and ``answer_prefix``, evaluated as an answer's first step is; nothing is
    generated. None when ``should_stop`` ended the evaluation.

    Raises:
        InvalidParameterError: the prompt is empty.
        ContextOverflowError: the prompt (and prefix) fill the context window.
        GenerationError: the runtime failed, or its decoder gives no scores.
        InsufficientMemoryError: the runtime ran out of memory.
    """
    # top_logprobs: decoders that keep scores only on request (onnxruntime-genai) keep them.
    sampling = SamplingParams(temperature=0.0, max_tokens=1, top_logprobs=1)
    tokens, _ = prepare(model, prompt, sampling)
    prefix = list(answer_prefix)
    room_after_prefix(model, tokens, prefix)
    decoder = model.start_decoder(tokens + prefix, sampling, 0, 1, should_stop)
    try:
        if decoder.next_token() is None:
            return None
        scores = decoder.scores()
        if scores is None:
            raise GenerationError("This runtime gives no next-token scores.",
                                  reason="no_scores")
        return np.array(scores, dtype=np.float32).reshape(-1)  # a copy: the runtime reuses it
    finally:
        decoder.close()


def decode(model: DecodingModel, prompt: str | Sequence[int], sampling: SamplingParams,
           should_stop: ShouldStop, outcome: GenerationOutcome) -> Iterator[TokenPiece]:
    """Stream the answer to ``prompt`` (text, or its tokens); ``outcome`` is filled as it ends.

    Ends at the model's end of turn (unless ``ignore_eos``, which a JSON schema overrules), a
    stop string, the length limit (``max_tokens`` or a full context) or ``should_stop``; a stop
    string is never shown, and an incomplete character left at a length cut is dropped rather
    than shown as U+FFFD. The decoder holds the answer to ``sampling.json_schema``, if set.
    With ``sampling.answer_prefix`` the answer starts with those tokens (yielded first, without
    log-probabilities, evaluated with the prompt) and the sampled tokens continue them.

    Raises:
        InvalidParameterError: a sampling value is out of range, or the prompt is empty.
        ContextOverflowError: the prompt (with any answer prefix) fills the context window.
        GenerationError, InsufficientMemoryError: the runtime failed while computing.
    """
    tokens, max_new = prepare(model, prompt, sampling)
    prefix = list(sampling.answer_prefix)
    max_new = min(max_new, room_after_prefix(model, tokens, prefix))
    seed = sampling.seed if sampling.seed is not None else random.getrandbits(model.seed_bits)
    outcome.seed = seed
    outcome.prompt_tokens = len(tokens)
    outcome.reason = "length"
    stops = StopStringMatcher(sampling.stop)
    k = sampling.top_logprobs
    started = time.perf_counter()
    first_at: float | None = None
    generated = 0
    spec = model.speculator()
    decoder = model.start_decoder(tokens + prefix, sampling, seed, max_new, should_stop)
    steps = _steps(decoder, spec, tokens + prefix, max_new)
    try:
        for token in prefix:  # a forced continuation: its text starts the answer, read whole
            yield TokenPiece(stops.feed(decoder.text(token)), token)
            if stops.stopped:
                break
        while not stops.stopped:
            step = next(steps)
            if step is None:
                outcome.reason = "cancelled"
                break
            token, row = step
            if first_at is None:
                first_at = time.perf_counter()
            # Under a JSON schema the grammar allows only end of turn once the JSON is whole.
            ends = not sampling.ignore_eos or sampling.json_schema is not None
            if ends and model.is_end_of_turn(token):
                outcome.reason = "stop"
                break
            generated += 1
            scores = decoder.scores(row) if k > 0 else None
            logprob = top_logprobs(scores, token, k, decoder.token_text) if (
                scores is not None) else None
            yield TokenPiece(stops.feed(decoder.text(token)), token, logprob)
            if stops.stopped:
                outcome.reason = "stop"
                break
            if generated >= max_new:
                break
            if should_stop():
                outcome.reason = "cancelled"
                break
        tail = "" if stops.stopped else stops.feed(decoder.flush_text()) + stops.flush()
        if stops.stopped and outcome.reason == "length":
            outcome.reason = "stop"  # the held-back text completed a stop string
        outcome.stop_string = stops.matched
    finally:
        steps.close()
        outcome.prompt_tokens_evaluated = decoder.prompt_tokens_evaluated()
        outcome.threads = decoder.threads()
        if spec is not None:
            outcome.drafted_tokens, outcome.accepted_tokens = spec.drafted, spec.accepted
            outcome.plain_tokens_per_second = spec.plain_tokens_per_second()
        decoder.close()
    if tail:
        yield TokenPiece(tail, -1)
    ended = time.perf_counter()
    outcome.generated_tokens = generated
    outcome.prompt_seconds = (first_at or ended) - started
    outcome.decode_seconds = ended - first_at if first_at else 0.0


def _steps(decoder: Decoder, spec: Speculator | None, history: list[int], max_new: int
           ) -> Iterator[tuple[int, int] | None]:
    """The model's tokens one by one, each with the row of the step that gave it (for its
    scores); None when ``should_stop`` ended a step.

    With a speculator, each step after the first (the prompt) also verifies a draft, so one
    step may give several tokens; they are the model's own either way.
    """
    if spec is not None:
        spec.begin(history)
    made = 0
    while True:
        name, draft = spec.propose(max_new - made - 1) if spec is not None and made else ("", [])
        began = time.perf_counter()
        got = decoder.next_tokens(draft)
        if got is None:
            yield None
            return
        if spec is not None and made:
            spec.record(name, draft, got, time.perf_counter() - began, decoder.threads())
        elif spec is not None:
            spec.extend(got)  # the prompt's step: not a verification, not timed as one
        made += len(got)
        for row, token in enumerate(got):
            yield token, row
