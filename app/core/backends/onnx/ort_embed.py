"""Sentence embeddings from an ONNX encoder (all-MiniLM-L6-v2, bge, e5 exports) on plain
onnxruntime.

The model is a ``.onnx`` graph with ``tokenizer.json`` beside it (or a folder holding
``model.onnx`` or ``onnx/model.onnx`` and ``tokenizer.json``). The graph takes ``input_ids``,
``attention_mask`` and, for BERT-like models, ``token_type_ids``; it returns either the last
hidden state [batch, tokens, hidden], mean-pooled here over the attention mask (what
sentence-transformers does for these models), or an already-pooled [batch, hidden]. Inputs are
run in padded batches of similar length; the vectors are L2-normalised by ``finish``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from app.core.backends.base import OnProgress
from app.core.backends.decode import ShouldStop
from app.core.backends.embedding import EmbedInput, check_tokens, finish
from app.core.backends.onnx.ort_errors import GENERATE, LOAD, TOKENIZER, translate_onnx_error
from app.core.errors import (
    GenerationCancelledError,
    InvalidParameterError,
    ModelNotFoundError,
    NoModelLoadedError,
    UnsupportedArchitectureError,
)
from app.core.hardware.process_stats import peak_rss_bytes
from app.core.types.embeddings import Embeddings
from app.core.types.params import LoadParams
from app.core.types.results import LoadedModel

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
BATCH = 16  # inputs per run: padding waste stays small once they are sorted by length
_DEFAULT_WINDOW = 512  # BERT's position table, when no config.json says otherwise


@dataclass(frozen=True)
class EncoderFiles:
    """Where an encoder's graph and tokenizer are."""

    graph: Path
    tokenizer: Path
    config: Path | None


def find_encoder_files(path: Path) -> EncoderFiles:
    """The graph and tokenizer of the encoder at ``path`` (a ``.onnx`` file or a folder).

    Raises:
        ModelNotFoundError: no graph there, or no tokenizer.json beside it.
    """
    if path.is_dir():
        graph = next((p for p in (path / "model.onnx", path / "onnx" / "model.onnx")
                      if p.is_file()), None)
        if graph is None:
            raise ModelNotFoundError(f"{path} holds no model.onnx.", path=str(path),
                                     missing="graph")
    elif path.is_file():
        graph = path
    else:
        raise ModelNotFoundError(f"No model at {path}.", path=str(path))
    folders = [graph.parent] + ([graph.parent.parent] if graph.parent.name == "onnx" else [])
    tokenizer = next((f / "tokenizer.json" for f in folders if (f / "tokenizer.json").is_file()),
                     None)
    if tokenizer is None:
        raise ModelNotFoundError(
            f"{graph.name} has no tokenizer.json beside it; an embedding model needs one.",
            path=str(graph.parent / "tokenizer.json"), missing="tokenizer")
    config = next((f / "config.json" for f in folders if (f / "config.json").is_file()), None)
    return EncoderFiles(graph=graph, tokenizer=tokenizer, config=config)


def _window(config: Path | None) -> int:
    """The model's longest input: config.json's ``max_position_embeddings``, else BERT's."""
    if config is None:
        return _DEFAULT_WINDOW
    try:
        value = json.loads(config.read_text(encoding="utf-8")).get("max_position_embeddings")
    except (OSError, ValueError, AttributeError):
        return _DEFAULT_WINDOW
    return value if isinstance(value, int) and value > 0 else _DEFAULT_WINDOW


class SentenceEncoder:
    """One loaded ONNX sentence encoder: texts in, unit vectors out."""

    def __init__(self, path: Path, n_threads: int, n_ctx: int) -> None:
        """Load the graph and tokenizer on the CPU, the window capped at ``n_ctx``.

        Raises:
            ModelNotFoundError, CorruptModelError: a file is missing or damaged.
            UnsupportedArchitectureError: the graph is not a sentence encoder.
            InsufficientMemoryError, ModelLoadError: ONNX Runtime refused the graph.
        """
        self.files = find_encoder_files(path)
        try:
            self._tokenizer = Tokenizer.from_file(str(self.files.tokenizer))
        except Exception as err:  # tokenizers raises a bare Exception with serde's message
            raise translate_onnx_error(err, self.files.tokenizer, TOKENIZER) from err
        # Ondol pads and cuts itself (the file's own settings would cut silently).
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        options = ort.SessionOptions()
        options.intra_op_num_threads = n_threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session: Any = ort.InferenceSession(
                str(self.files.graph), sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as err:  # onnxruntime's own exception types
            raise translate_onnx_error(err, self.files.graph, LOAD) from err
        names = [i.name for i in self._session.get_inputs()]
        unknown = [n for n in names if n not in INPUTS]
        if unknown or "input_ids" not in names or "attention_mask" not in names:
            raise UnsupportedArchitectureError(
                f"{self.files.graph.name} is not a sentence encoder Ondol can feed: its inputs "
                f"are {', '.join(names)}.", path=str(self.files.graph),
                inputs=", ".join(unknown or names), reason="unknown_inputs")
        output = self._session.get_outputs()[0]
        if len(output.shape) not in (2, 3):
            raise UnsupportedArchitectureError(
                f"{self.files.graph.name} returns {output.name} of rank {len(output.shape)}; a "
                "sentence encoder returns [batch, tokens, hidden] or [batch, hidden].",
                path=str(self.files.graph), output=output.name, reason="not_an_encoder")
        self._inputs = names
        self._output = output.name
        self.n_ctx = min(n_ctx, _window(self.files.config))
        self.n_vocab = self._tokenizer.get_vocab_size(with_added_tokens=True)
        shape = output.shape[-1]
        self.dimensions = shape if isinstance(shape, int) else 0

    def tokenize(self, text: str, special: bool = False) -> list[int]:
        """Token ids for ``text``; with ``special``, the model's [CLS] ... [SEP] around it."""
        return list(self._tokenizer.encode(text, add_special_tokens=special).ids)

    def detokenize(self, token_ids: list[int]) -> str:
        """Text for ``token_ids`` (special tokens shown)."""
        return self._tokenizer.decode(list(token_ids), skip_special_tokens=False)

    def embed(self, inputs: Sequence[EmbedInput], dimensions: int | None,
              should_stop: ShouldStop, truncate: bool) -> Embeddings:
        """One L2-normalised vector per input (a text, or its token ids).

        Raises:
            InvalidParameterError: an empty input, a bad token id, ``dimensions`` out of range.
            ContextOverflowError: an input longer than the window (not ``truncate``).
            GenerationCancelledError: ``should_stop()`` turned true between batches.
            GenerationError: ONNX Runtime failed.
        """
        sequences = [
            check_tokens(self.tokenize(item, special=True) if isinstance(item, str) else item,
                         index, self.n_vocab, self.n_ctx, truncate)
            for index, item in enumerate(inputs)]
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        rows: dict[int, np.ndarray] = {}
        for start in range(0, len(order), BATCH):
            if should_stop():
                raise GenerationCancelledError("The embedding request was cancelled.")
            group = order[start:start + BATCH]
            pooled = self._run([sequences[i] for i in group])
            rows.update(zip(group, pooled, strict=True))
        width = len(next(iter(rows.values()))) if rows else max(self.dimensions, 1)
        vectors = np.stack([rows[i] for i in range(len(sequences))]) if rows else np.zeros(
            (0, width), dtype=np.float32)
        return finish(vectors, sum(len(s) for s in sequences), dimensions)

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        """Raw pooled vectors for one padded batch.

        Raises:
            GenerationError: ONNX Runtime failed.
        """
        width = max(len(s) for s in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, :len(tokens)] = tokens
            mask[row, :len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask,
                "token_type_ids": np.zeros_like(ids)}
        try:
            (out,) = self._session.run([self._output],
                                       {k: v for k, v in feed.items() if k in self._inputs})
        except Exception as err:  # onnxruntime's own exception types
            raise translate_onnx_error(err, self.files.graph, GENERATE) from err
        out = np.asarray(out, dtype=np.float32)
        if out.ndim == 2:
            return out
        # mean over the real tokens only: padding must not pull the vector
        weights = mask[:, :, None].astype(np.float32)
        return (out * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


def load_encoder(path: str, params: LoadParams, on_progress: OnProgress
                 ) -> tuple[SentenceEncoder, LoadedModel]:
    """A sentence encoder for the runtime host's embedding mode, and what the load reports.

    Raises:
        GenerationCancelledError: ``on_progress`` returned False.
        OndolError: as ``SentenceEncoder``.
    """
    started = time.perf_counter()
    if not on_progress(0.0):
        raise GenerationCancelledError("Loading was cancelled.", path=path)
    encoder = SentenceEncoder(Path(path), params.n_threads, params.n_ctx)
    on_progress(1.0)
    model = LoadedModel(
        path=str(path), architecture="sentence-encoder", n_ctx=encoder.n_ctx,
        n_ctx_train=_window(encoder.files.config), n_vocab=encoder.n_vocab,
        template_source="none", template_note="", load_seconds=time.perf_counter() - started,
        rss_bytes=peak_rss_bytes(),
        params={**params.to_dict(), "n_ctx": encoder.n_ctx, "backend": "onnxruntime",
                "provider": "cpu", "provider_name": "CPUExecutionProvider",
                "graph": encoder.files.graph.name, "dimensions": encoder.dimensions},
        takes_tools=False)
    return encoder, model


def embed_with(encoder: SentenceEncoder | None, chat_loaded: bool,
               inputs: Sequence[EmbedInput], dimensions: int | None, should_stop: ShouldStop,
               truncate: bool) -> Embeddings:
    """The backend's ``embed``: through ``encoder``, or why there is none.

    Raises:
        NoModelLoadedError: nothing is loaded.
        InvalidParameterError: a chat model is loaded (reason ``not_loaded_for_embedding``), an
            empty input, a bad token id, ``dimensions`` out of range.
        ContextOverflowError: an input longer than the window (not ``truncate``).
        GenerationCancelledError: ``should_stop()`` turned true.
        GenerationError: ONNX Runtime failed.
    """
    if encoder is None:
        if chat_loaded:
            raise InvalidParameterError(
                "This model was loaded for chat, not in embedding mode; load it for embeddings.",
                parameter="model", value=False, reason="not_loaded_for_embedding")
        raise NoModelLoadedError("No model is loaded.")
    return encoder.embed(inputs, dimensions, should_stop, truncate)
