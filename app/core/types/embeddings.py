"""Embedding vectors as they cross the runtime pipe: one block of float32 numbers, not a list
of Python floats per number (a batch of long vectors pickles many times faster this way)."""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass

FLOAT_BYTES = 4


@dataclass(frozen=True)
class Embeddings:
    """``count`` vectors of ``dimensions`` float32 numbers (little-endian, row after row), and
    how many tokens the inputs took."""

    count: int
    dimensions: int
    data: bytes
    prompt_tokens: int

    def row_bytes(self, index: int) -> bytes:
        """Vector ``index`` as little-endian float32 bytes (what OpenAI's base64 encodes)."""
        size = self.dimensions * FLOAT_BYTES
        return self.data[index * size:(index + 1) * size]

    def vectors(self) -> list[list[float]]:
        """Every vector as a list of floats."""
        values = array("f")
        values.frombytes(self.data)
        if sys.byteorder != "little":
            values.byteswap()
        flat = values.tolist()
        return [flat[i * self.dimensions:(i + 1) * self.dimensions] for i in range(self.count)]
