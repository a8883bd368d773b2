"""Tokenizers read from model files, kept per path: what the runtime host uses to answer a
``TokenSpansRequest`` without loading a second model.

Only the runtime host imports this module (the readers load llama.cpp or ``tokenizers``).
"""

from __future__ import annotations

import importlib
import os
from collections import OrderedDict
from typing import Protocol

from app.core.backends.registry import LLAMA_CPP, backend_kind_for
from app.core.inspect.tokens import Tokenization

KEEP = 4  # tokenizers kept open; a vocabulary costs tens of MB at most
# The readers, imported by name: the window imports the runtime client, and a plain import
# here would make llama.cpp part of its import graph (the frozen app bundles these).
READER_MODULES = {LLAMA_CPP: "app.core.inspect.tokens_gguf:GgufVocab",
                  "onnx": "app.core.inspect.tokens_onnx:OnnxVocab"}


class Vocab(Protocol):
    """A tokenizer read from a model file."""

    def tokenization(self, text: str, special: bool = True) -> Tokenization: ...

    def close(self) -> None: ...


def open_vocab(path: str) -> Vocab:
    """The tokenizer of the model at ``path`` (GGUF file or ONNX folder/graph), weights unread.
    ``llama_cpp`` or ``tokenizers`` is imported now, in the calling process.

    Raises:
        ModelNotFoundError, NotAModelFileError, CorruptModelError: the file is missing or
            damaged.
        ModelLoadError: the runtime refused it.
    """
    kind = LLAMA_CPP if backend_kind_for(path) == LLAMA_CPP else "onnx"
    module_name, class_name = READER_MODULES[kind].split(":")
    reader: Vocab = getattr(importlib.import_module(module_name), class_name)(path)
    return reader


class VocabCache:
    """The last few tokenizers read, by path (a file changed on disk is read again)."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._open: OrderedDict[tuple[str, float], Vocab] = OrderedDict()

    def tokenization(self, path: str, text: str, special: bool = True) -> Tokenization:
        """``text`` through the tokenizer of the model at ``path``.

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError, ModelLoadError: see
                ``open_vocab``.
        """
        try:
            stamp = os.stat(path).st_mtime
        except OSError:
            stamp = 0.0  # open_vocab says what is wrong
        key = (os.path.abspath(path), stamp)
        vocab = self._open.pop(key, None) or open_vocab(path)
        self._open[key] = vocab
        while len(self._open) > self._keep:
            self._open.popitem(last=False)[1].close()
        return vocab.tokenization(text, special)

    def close(self) -> None:
        """Free every tokenizer."""
        while self._open:
            self._open.popitem()[1].close()
