"""An ONNX model folder's tokenizer (``tokenizer.json``) through the ``tokenizers`` package,
as the plain-onnxruntime backend reads it; no graph is opened.

Only the runtime host imports this module.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from app.core.errors import CorruptModelError, ModelNotFoundError
from app.core.inspect.tokens import Tokenization, build_tokenization

_BYTE_PIECE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


@cache
def _byte_decoder() -> dict[str, int]:
    """GPT-2's printable stand-in for each byte, reversed (the ByteLevel decoder's table)."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    chars = list(printable)
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, chars, strict=True)}


def tokenizer_file(path: str) -> Path:
    """``tokenizer.json`` for a model folder or graph file (one level up from ``onnx/``).

    Raises:
        ModelNotFoundError: there is none.
    """
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    for candidate in (folder, folder.parent):
        if (candidate / "tokenizer.json").is_file():
            return candidate / "tokenizer.json"
        if candidate.name != "onnx":
            break
    raise ModelNotFoundError(f"{folder} has no tokenizer.json. Download the model again.",
                             path=str(folder / "tokenizer.json"), missing="tokenizer",
                             folder=str(folder))


def _decoder_types(spec: Any) -> set[str]:
    if not isinstance(spec, dict):
        return set()
    found = {str(spec.get("type"))}
    for inner in spec.get("decoders") or []:
        found |= _decoder_types(inner)
    return found


class OnnxVocab:
    """The tokenizer of one ONNX model."""

    def __init__(self, path: str) -> None:
        """Read ``tokenizer.json``.

        Raises:
            ModelNotFoundError: the folder has no tokenizer.json.
            CorruptModelError: it is damaged.
        """
        from tokenizers import Tokenizer

        source = tokenizer_file(path)
        self.path = path
        try:
            self._tokenizer: Any = Tokenizer.from_file(str(source))
            spec = json.loads(source.read_text(encoding="utf-8"))
        except Exception as err:  # tokenizers raises a bare Exception with serde's message
            raise CorruptModelError(
                f"The tokenizer files in {source.parent} are damaged ({err}). Download the "
                "model again.", path=str(source), truncated=False, reason="damaged_tokenizer",
                detail=str(err), folder=str(source.parent)) from err
        decoders = _decoder_types(spec.get("decoder"))
        self._byte_level = "ByteLevel" in decoders
        self._byte_fallback = "ByteFallback" in decoders
        self._metaspace = bool(decoders & {"Metaspace", "Replace"})
        self._special = {int(t["id"]): str(t["content"]) for t in spec.get("added_tokens", [])
                         if t.get("special")}

    def close(self) -> None:
        """Nothing native to free beyond the object itself."""
        self._tokenizer = None

    def tokenize(self, text: str) -> list[int]:
        """Ids as the backend's ``encode(text, add_special_tokens=False)``."""
        return list(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def piece(self, token_id: int) -> bytes:
        """The token's raw bytes, by the decoder the tokenizer declares."""
        if token_id in self._special:
            return self._special[token_id].encode("utf-8")
        token = self._tokenizer.id_to_token(token_id) or ""
        match = _BYTE_PIECE.match(token) if self._byte_fallback else None
        if match:
            return bytes([int(match.group(1), 16)])
        if self._metaspace:
            token = token.replace("▁", " ")
        if self._byte_level:
            table = _byte_decoder()
            return b"".join(bytes([table[c]]) if c in table else c.encode("utf-8")
                            for c in token)
        return token.encode("utf-8")

    def tokenization(self, text: str, special: bool = True) -> Tokenization:
        """``text`` as spans (special tokens in the text are always parsed here).

        Raises:
            nothing beyond the tokenizer's own bugs.
        """
        ids = self.tokenize(text)
        return build_tokenization(self.path, text, ids, [self.piece(i) for i in ids],
                                  [i in self._special for i in ids])
