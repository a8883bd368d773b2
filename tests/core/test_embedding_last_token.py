"""A last-token-pooling GGUF (Qwen3-Embedding's kind) embeds a text with its end-of-text token
last, whether or not the file says to add one: the starter model loaded with last-token
pooling stands in for such a file (its vocabulary adds no EOS)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import llama_cpp
import numpy as np
import pytest

from app.core.backends.llama.backend import LlamaCppBackend
from app.core.types.params import LoadParams


@pytest.fixture(scope="module")
def last_pooling(smollm2_path: Path) -> Iterator[LlamaCppBackend]:
    backend = LlamaCppBackend()
    backend.load(str(smollm2_path), LoadParams(
        n_ctx=64, n_threads=2, embedding=True,
        extra={"pooling_type": llama_cpp.LLAMA_POOLING_TYPE_LAST}), lambda fraction: True)
    yield backend
    backend.unload()


def vector(backend: LlamaCppBackend, item: str | list[int], truncate: bool = False
           ) -> np.ndarray:
    out = backend.embed([item], truncate=truncate)
    return np.frombuffer(out.data, dtype="<f4")


def test_the_end_of_text_token_is_appended(last_pooling: LlamaCppBackend) -> None:
    llm = last_pooling._require()
    eos = llm.token_eos()
    tokens = list(llm.tokenize(b"Seoul is the capital.", add_bos=True, special=False))
    assert tokens[-1] != eos  # the file adds none itself
    with_eos = vector(last_pooling, [*tokens, eos])
    np.testing.assert_allclose(vector(last_pooling, "Seoul is the capital."), with_eos,
                               atol=1e-5)
    assert float(vector(last_pooling, tokens) @ with_eos) < 0.999


def test_a_cut_text_still_ends_with_it(last_pooling: LlamaCppBackend) -> None:
    llm = last_pooling._require()
    long_text = "word " * 200
    tokens = list(llm.tokenize(long_text.encode(), add_bos=True, special=False))
    expected = vector(last_pooling, [*tokens[:63], llm.token_eos()])
    np.testing.assert_allclose(vector(last_pooling, long_text, truncate=True), expected,
                               atol=1e-5)
