"""A runtime host with the real starter model loaded, shared by the tests of one module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import LoadParams, SamplingParams
from tests.child_processes import check_no_leftovers, snapshot

THREADS = 2


def load_params(n_ctx: int = 2048) -> LoadParams:
    return LoadParams(n_ctx=n_ctx, n_threads=THREADS)


@pytest.fixture(scope="module")
def smol_client(smollm2_path: Path) -> Iterator[RuntimeClient]:
    client = RuntimeClient()
    client.start()
    client.load(str(smollm2_path), load_params())
    yield client
    client.close()


@pytest.fixture(autouse=True)
def no_processes_left_behind() -> Iterator[None]:
    """Every test ends with no child process it started still running or unreaped (hosts a
    test made are closed); see ``tests.child_processes``."""
    before = snapshot()
    yield
    check_no_leftovers(before)


@pytest.fixture(autouse=True, scope="module")
def no_processes_left_by_the_module() -> Iterator[None]:
    """The same for the module: a host a module-scoped fixture started is closed at its end."""
    before = snapshot()
    yield
    check_no_leftovers(before)


def collect(client: RuntimeClient, sampling: SamplingParams, **kwargs: object
            ) -> tuple[list[ev.Delta], ev.Done]:
    """All deltas and the terminal Done of one generation."""
    deltas: list[ev.Delta] = []
    done: ev.Done | None = None
    for event in client.generate(sampling, **kwargs):  # type: ignore[arg-type]
        if isinstance(event, ev.Delta):
            deltas.append(event)
        elif isinstance(event, ev.Done):
            done = event
    assert done is not None
    return deltas, done


def text_of(deltas: list[ev.Delta]) -> str:
    return "".join(d.text for d in deltas)


# --- ONNX test models (built once from the starter GGUF; see tests/onnx_fixtures.py) ---------


@pytest.fixture(scope="session")
def genai_int4_path() -> Path:
    """SmolLM2 in the onnxruntime-genai layout, int4 (MatMulNBits) weights."""
    from tests.onnx_fixtures import onnx_model

    return onnx_model("smollm2-genai-int4")


@pytest.fixture(scope="session")
def genai_int8_path() -> Path:
    """SmolLM2 in the onnxruntime-genai layout, int8 weights."""
    from tests.onnx_fixtures import onnx_model

    return onnx_model("smollm2-genai-int8")


@pytest.fixture(scope="session")
def genai_fp32_path() -> Path:
    """SmolLM2 in the onnxruntime-genai layout, float32: must match transformers exactly."""
    from tests.onnx_fixtures import onnx_model

    return onnx_model("smollm2-genai-fp32")


@pytest.fixture(scope="session")
def onnx_reference_data() -> dict[str, Any]:
    """transformers' float32 greedy answer: messages, prompt, prompt_ids, tokens, text."""
    from tests.onnx_fixtures import onnx_reference

    return onnx_reference()


@pytest.fixture(scope="session")
def optimum_path() -> Path:
    """SmolLM2 in the onnx-community (Optimum) layout: onnx/model.onnx (fp32, standard
    attention), model_int8.onnx, model_q4.onnx (a fused GroupQueryAttention graph)."""
    from tests.onnx_fixtures import onnx_model

    return onnx_model("smollm2-optimum")
