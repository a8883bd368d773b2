"""The runtime host: a child process that owns one loaded model.

Native code that aborts on a bad file, runs out of memory or is killed takes down only this
process; the app notices and can start another. Requests come in over a pipe; events go out.
Tokens are coalesced into small batches (every ~15 ms) because one pipe message per token
costs measurable throughput. Cancel is a shared integer, not a message, so it works while the
host is busy: the host stops when it equals the id of the request it is working on.

The backend is chosen per load by the model path (a GGUF file: llama.cpp; an ONNX folder:
onnxruntime-genai or plain onnxruntime, see ``app.core.backends.registry``); switching kinds
unloads the previous model first. Runtimes are imported only when first needed.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from app.core.backends.base import Backend
from app.core.backends.decode import GenerationOutcome, check_answer_prefix, next_token_scores
from app.core.backends.embedding import embedding_unsupported
from app.core.backends.registry import BackendKind, backend_kind_for
from app.core.backends.registry import make_backend as make_backend_of_kind
from app.core.backends.template_preview import render_prompt
from app.core.errors import (
    GenerationCancelledError,
    GenerationError,
    NoModelLoadedError,
    OndolError,
)
from app.core.hardware.parent_watch import end_with_parent
from app.core.hardware.process_stats import peak_rss_bytes
from app.core.inspect.distribution import next_token_view
from app.core.inspect.tokens_read import VocabCache
from app.core.runtime import events as ev
from app.core.runtime import requests as rq
from app.core.runtime.context_window import default_answer_reserve, fit_messages
from app.core.types.chat import OverflowPolicy

logger = logging.getLogger("ondol.runtime.host")

FLUSH_SECONDS = 0.015  # how long tokens may wait before they are sent
STATS_SECONDS = 0.5  # how often running stats are sent


def make_backend(log_sink: Callable[[int, str], None], kind: BackendKind = "llama.cpp"
                 ) -> Backend:
    """A backend of ``kind`` (imported here, so the GUI process never loads a runtime).

    Raises:
        ModelLoadError: that runtime is not installed.
    """
    return make_backend_of_kind(kind, log_sink)


class Host:
    """Serves requests for one loaded model at a time until told to shut down or the pipe
    closes; the backend is the one the last loaded model needs."""

    def __init__(self, conn: Connection, cancel_id: Any) -> None:
        self._conn = conn
        self._cancel_id = cancel_id
        # One instance per kind, made on first use and kept (llama.cpp's log hook is set once).
        self._backends: dict[BackendKind, Backend] = {}
        self._current: Backend | None = None
        self._n_vocab = 0  # the loaded model's vocabulary size (0: unknown)
        self._vocabs = VocabCache()  # tokenizers read alone, for token spans
        self._loaded_path: str | None = None

    @property
    def _backend(self) -> Backend:
        """The backend of the loaded (or last tried) model.

        Raises:
            NoModelLoadedError: no load was asked for yet.
        """
        if self._current is None:
            raise NoModelLoadedError("No model is loaded.")
        return self._current

    def _backend_for(self, path: str) -> Backend:
        """The backend ``path`` needs; a different kind unloads the current model first.

        Raises:
            ModelLoadError: the runtime that kind needs is not installed.
        """
        kind = backend_kind_for(path)
        backend = self._backends.get(kind)
        if backend is not None and backend is self._current:
            return backend
        self._unload_all()
        if backend is None:
            backend = make_backend(self._forward_log, kind)
            self._backends[kind] = backend
        self._current = backend
        return backend

    def _unload_all(self) -> None:
        self._loaded_path = None
        for backend in self._backends.values():
            backend.unload()

    def _forward_log(self, level: int, message: str) -> None:
        if level >= logging.INFO:
            self._send(ev.Log(level, message))

    def _send(self, event: object) -> None:
        self._conn.send(event)

    def _cancelled(self, request_id: int) -> Callable[[], bool]:
        return lambda: self._cancel_id.value == request_id

    def serve(self) -> None:
        """The request loop."""
        while True:
            try:
                request = self._conn.recv()
            except (EOFError, OSError):
                break  # the app went away: exit quietly
            if isinstance(request, rq.ShutdownRequest):
                self._unload_all()
                self._send(ev.Result(request.request_id, None))
                break
            try:
                self._handle(request)
            except OndolError as err:
                self._send(ev.Failed(request.request_id, err.to_dict()))
            except (BrokenPipeError, EOFError):
                break
            except Exception as err:  # the host must answer every request, even on a bug
                logger.exception("Request %s failed unexpectedly", type(request).__name__)
                wrapped = GenerationError(f"Unexpected runtime error: {err!r}",
                                          reason="unexpected", detail=repr(err))
                self._send(ev.Failed(request.request_id, wrapped.to_dict()))
        self._unload_all()

    def _handle(self, request: rq.Request) -> None:
        rid = request.request_id
        if isinstance(request, rq.LoadRequest):
            self._load(request)
        elif isinstance(request, rq.GenerateRequest):
            self._generate(request)
        elif isinstance(request, rq.DistributionRequest):
            self._distribution(request)
        elif isinstance(request, rq.TokenizeRequest):
            self._send(ev.Result(rid, self._backend.tokenize(request.text)))
        elif isinstance(request, rq.DetokenizeRequest):
            self._send(ev.Result(rid, self._backend.detokenize(list(request.token_ids))))
        elif isinstance(request, rq.TokenSpansRequest):
            self._send(ev.Result(rid, self._token_spans(request)))
        elif isinstance(request, rq.CountChatTokensRequest):
            prompt = self._backend.render_chat(list(request.messages),
                                               request.add_generation_prompt, request.tools)
            self._send(ev.Result(rid, len(self._backend.prompt_tokens(prompt))))
        elif isinstance(request, rq.RenderChatRequest):
            self._send(ev.Result(rid, render_prompt(
                self._backend, request.messages, request.template,
                request.add_generation_prompt, request.tools, self._loaded_path)))
        elif isinstance(request, rq.EmbedRequest):
            self._send(ev.Result(rid, self._backend.embed(
                request.inputs, request.dimensions, self._cancelled(rid), request.truncate)))
        elif isinstance(request, rq.UnloadRequest):
            self._unload_all()
            self._send(ev.Result(rid, None))
        else:
            raise GenerationError(f"Unknown request {type(request).__name__}",
                                  reason="unknown_request", request=type(request).__name__)

    def _load(self, request: rq.LoadRequest) -> None:
        cancelled = self._cancelled(request.request_id)
        last_sent = [0.0]

        def on_progress(fraction: float) -> bool:
            now = time.monotonic()
            if now - last_sent[0] >= 0.05 or fraction >= 1.0:
                last_sent[0] = now
                self._send(ev.LoadProgress(request.request_id, fraction))
            return not cancelled()

        backend = self._backend_for(request.path)
        if request.params.embedding and not backend.capabilities().embeddings:
            raise embedding_unsupported(backend.capabilities().name)
        model = backend.load(request.path, request.params, on_progress)
        self._n_vocab = model.n_vocab
        if cancelled():
            # Cancelled after the runtime's last progress call: the user asked for no model.
            backend.unload()
            raise GenerationCancelledError("Loading was cancelled.", path=request.path)
        self._loaded_path = request.path
        self._send(ev.Loaded(request.request_id, model))

    def _token_spans(self, request: rq.TokenSpansRequest) -> Any:
        """The text's token spans, through the file's tokenizer or the loaded model's.

        Raises:
            NoModelLoadedError: no path and no model loaded.
            ModelNotFoundError, NotAModelFileError, CorruptModelError, ModelLoadError: the
                file's tokenizer cannot be read.
        """
        path = request.path or self._loaded_path
        if path is None:
            raise NoModelLoadedError("No model is loaded.")
        return self._vocabs.tokenization(path, request.text, request.special)

    def _prompt_tokens(self, request: rq.GenerateRequest | rq.DistributionRequest) -> list[int]:
        """The request's prompt as tokens, the conversation fitted to the context window; the
        app hears its size before the answer starts.

        Raises:
            ContextOverflowError: the conversation cannot be made to fit.
            ChatTemplateError: the template failed.
        """
        backend = self._backend
        n_ctx = backend.context_length()
        if request.messages is None:
            tokens = backend.prompt_tokens(request.prompt or "")
            dropped = 0
        else:
            reserve = request.answer_reserve
            if reserve is None:
                reserve = default_answer_reserve(request.sampling, n_ctx)
            fitted = fit_messages(
                request.messages,
                lambda msgs: backend.prompt_tokens(backend.render_chat(msgs, tools=request.tools)),
                n_ctx, reserve, OverflowPolicy(request.overflow_policy))
            tokens, dropped = fitted.tokens, fitted.messages_dropped
        self._send(ev.PromptReady(request.request_id, len(tokens), n_ctx, dropped))
        return tokens

    def _distribution(self, request: rq.DistributionRequest) -> None:
        """The next-token distribution after the request's prompt, as a ``NextTokenView``.

        Raises:
            InvalidParameterError: a value out of range, a token id outside the vocabulary.
            ContextOverflowError, ChatTemplateError: the prompt does not fit or render.
            GenerationCancelledError: cancelled while the prompt was evaluated.
            GenerationError: the runtime failed.
        """
        rid = request.request_id
        sampling = request.sampling.validate()
        check_answer_prefix(sampling.answer_prefix, self._n_vocab)
        prompt = self._prompt_tokens(request)
        backend = self._backend
        scores = next_token_scores(backend, prompt, self._cancelled(rid), sampling.answer_prefix)
        if scores is None:
            raise GenerationCancelledError("The distribution was cancelled.")
        view = next_token_view(scores, request.top_n, lambda t: backend.detokenize([t]),
                               sampling if request.steps else None)
        self._send(ev.Result(rid, dataclasses.replace(view, prompt_tokens=len(prompt))))

    def _generate(self, request: rq.GenerateRequest) -> None:
        rid = request.request_id
        request.sampling.validate()
        check_answer_prefix(request.sampling.answer_prefix, self._n_vocab)
        self._backend.check_sampling(request.sampling)  # refused before the prompt is shown
        prompt = self._prompt_tokens(request)
        outcome = GenerationOutcome()
        started = time.perf_counter()
        first_token_at = 0.0
        text_parts: list[str] = []
        ids: list[int] = []
        logprobs: list[Any] = []
        pieces: list[str] = []  # the text each token in logprobs released
        last_flush = last_stats = started
        count = 0

        def flush() -> None:
            nonlocal text_parts, ids, logprobs, pieces
            if text_parts or ids:
                self._send(ev.Delta(rid, "".join(text_parts), tuple(ids),
                                    tuple(logprobs) if logprobs else None,
                                    tuple(pieces) if logprobs else None))
                text_parts, ids, logprobs, pieces = [], [], [], []

        for piece in self._backend.generate(prompt, request.sampling, self._cancelled(rid),
                                            outcome):
            now = time.perf_counter()
            if not first_token_at:
                first_token_at = now - started
            if piece.text:
                text_parts.append(piece.text)
            if piece.token_id >= 0:
                count += 1
                ids.append(piece.token_id)
                if piece.logprob is not None:
                    logprobs.append(piece.logprob)
                    pieces.append(piece.text)
            # The first token goes out at once (time to first token); then in small batches.
            # A forced answer start goes alone (it has no log-probabilities to align).
            if count <= 1 + len(request.sampling.answer_prefix) or \
                    now - last_flush >= FLUSH_SECONDS:
                flush()
                last_flush = now
            if now - last_stats >= STATS_SECONDS:
                self._send(ev.Stats(rid, generated_tokens=count,
                                    time_to_first_token=first_token_at,
                                    decode_seconds=now - started - first_token_at))
                last_stats = now
        flush()
        stats = ev.Stats(
            rid,
            prompt_tokens=outcome.prompt_tokens,
            prompt_tokens_evaluated=outcome.prompt_tokens_evaluated,
            generated_tokens=outcome.generated_tokens,
            prompt_seconds=outcome.prompt_seconds,
            decode_seconds=outcome.decode_seconds,
            time_to_first_token=first_token_at or (time.perf_counter() - started),
            peak_rss_bytes=peak_rss_bytes(),
            seed=outcome.seed,
            drafted_tokens=outcome.drafted_tokens,
            accepted_tokens=outcome.accepted_tokens,
            plain_tokens_per_second=outcome.plain_tokens_per_second,
            threads=outcome.threads,
        )
        self._send(ev.Done(rid, outcome.reason, stats, outcome.stop_string))


def host_main(conn: Connection, cancel_id: Any, log_level: int = logging.WARNING,
              parent_pid: int | None = None, death_signal: bool = False) -> None:
    """Entry point of the host process (spawned; must be importable at module level).

    ``parent_pid`` is the app's process: the host ends when it dies, even mid-generation.
    """
    if parent_pid is not None:  # first, before anything slow: the parent may die meanwhile
        end_with_parent(parent_pid, death_signal)
    # Ctrl+C in a terminal reaches the whole process group; the app decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level)
    try:
        Host(conn, cancel_id).serve()
    finally:
        conn.close()
