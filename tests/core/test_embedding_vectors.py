"""The vector work every backend's embeddings share: unit length, shortening to fewer
dimensions, the checks of an input's tokens, and the float32 block the runtime pipe carries."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core.backends.embedding import check_tokens, finish
from app.core.errors import ContextOverflowError, InvalidParameterError


def test_vectors_come_back_unit_length_in_order() -> None:
    raw = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 2.0]], dtype=np.float32)
    out = finish(raw, prompt_tokens=7, dimensions=None)
    assert (out.count, out.dimensions, out.prompt_tokens) == (2, 3, 7)
    first, second = out.vectors()
    assert first == pytest.approx([0.6, 0.8, 0.0], abs=1e-7)
    assert second == pytest.approx([0.0, 0.0, 1.0], abs=1e-7)
    assert np.frombuffer(out.row_bytes(1), dtype="<f4").tolist() == pytest.approx([0, 0, 1])


def test_dimensions_cut_then_normalise_again() -> None:
    out = finish(np.array([[1.0, 1.0, 5.0]]), 1, dimensions=2)
    assert out.vectors()[0] == pytest.approx([1 / math.sqrt(2)] * 2, abs=1e-7)
    for wrong in (0, 4):
        with pytest.raises(InvalidParameterError) as caught:
            finish(np.ones((1, 3)), 1, dimensions=wrong)
        assert caught.value.facts["parameter"] == "dimensions"


def test_a_zero_vector_stays_zero_rather_than_nan() -> None:
    assert finish(np.zeros((1, 4)), 1, None).vectors() == [[0.0] * 4]


def test_token_checks() -> None:
    assert check_tokens([1, 2], 0, n_vocab=10, n_ctx=4) == [1, 2]
    assert check_tokens([1] * 6, 0, n_vocab=10, n_ctx=4, truncate=True) == [1] * 4
    with pytest.raises(InvalidParameterError, match="empty"):
        check_tokens([], 3, n_vocab=10, n_ctx=4)
    with pytest.raises(InvalidParameterError) as caught:
        check_tokens([1, 10], 0, n_vocab=10, n_ctx=4)
    assert caught.value.facts["value"] == 10
    with pytest.raises(ContextOverflowError) as overflow:
        check_tokens([1] * 5, 2, n_vocab=10, n_ctx=4)
    assert overflow.value.facts == {"reason": "embedding_input", "index": 2,
                                    "input_tokens": 5, "n_ctx": 4}
