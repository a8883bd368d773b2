"""A GGUF file's tokenizer alone, through llama.cpp's vocabulary-only load (no weights read).

Only the runtime host imports this module: it loads llama.cpp.
"""

from __future__ import annotations

import ctypes
from typing import Any

from app.core.errors import ModelLoadError
from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.inspect.tokens import Tokenization, build_tokenization

_PIECE_BYTES = 256  # longer than any vocabulary entry; a longer one is asked again


class GgufVocab:
    """The vocabulary of one GGUF file, open until ``close``."""

    def __init__(self, path: str) -> None:
        """Read the header (for a specific error), then the vocabulary only.

        Raises:
            ModelNotFoundError, NotAModelFileError, CorruptModelError: from the header check.
            ModelLoadError: llama.cpp refused the vocabulary.
        """
        import llama_cpp
        from llama_cpp import _internals

        read_gguf_metadata(path)
        self._llama: Any = llama_cpp
        self.path = path
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True  # the tokenizer's tables, none of the weights
        try:
            self._model: Any = _internals.LlamaModel(path_model=path, params=params,
                                                     verbose=False)
        except (ValueError, RuntimeError, OSError) as err:
            raise ModelLoadError(f"llama.cpp could not read the tokenizer of {path}: {err}",
                                 path=path, reason="llama_refused", detail=str(err)) from err
        self._vocab = self._model.vocab

    def close(self) -> None:
        """Free the vocabulary."""
        self._model.close()

    def tokenize(self, text: str, special: bool = True) -> list[int]:
        """Ids as llama.cpp's ``Llama.tokenize(text, add_bos=False, special=special)``.

        Raises:
            ModelLoadError: llama.cpp could not tokenize (should not happen).
        """
        data = text.encode("utf-8")
        room = len(data) + 8  # never more tokens than bytes, plus BOS/EOS room
        buffer = (self._llama.llama_token * room)()
        count = self._llama.llama_tokenize(self._vocab, data, len(data), buffer, room, False,
                                           special)
        if count < 0:
            raise ModelLoadError(f"llama.cpp could not tokenize the text ({count}).",
                                 path=self.path, reason="tokenize_failed", detail=str(count))
        return list(buffer[:count])

    def piece(self, token_id: int) -> bytes:
        """The token's raw bytes (special tokens as their text)."""
        size = _PIECE_BYTES
        while True:
            buffer = ctypes.create_string_buffer(size)
            n = self._llama.llama_token_to_piece(self._vocab, token_id, buffer, size, 0, True)
            if n >= 0:
                return buffer.raw[:n]
            size = -n

    def is_special(self, token_id: int) -> bool:
        """A control token (``<|im_start|>``, ``<s>``...)."""
        attr = self._llama.llama_vocab_get_attr(self._vocab, token_id)
        return bool(attr & self._llama.LLAMA_TOKEN_ATTR_CONTROL)

    def tokenization(self, text: str, special: bool = True) -> Tokenization:
        """``text`` as spans.

        Raises:
            ModelLoadError: llama.cpp could not tokenize.
        """
        ids = self.tokenize(text, special)
        return build_tokenization(self.path, text, ids, [self.piece(i) for i in ids],
                                  [self.is_special(i) for i in ids])
