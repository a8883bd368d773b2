"""Which model embeds attachments and collections: the one the user chose, else the best
embedding model in the library, else none (the window and ``ondol index`` then offer the
recommended one for download).

An embedding model is told apart by its header: an encoder architecture (BERT and kin,
EmbeddingGemma) or, for a decoder turned embedder such as Qwen3-Embedding, its name; an ONNX
folder by its name. Preference among several follows retrieval quality in Korean and English.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.catalog.library import LocalModel, scan_all
from app.core.errors import RetrievalError

# Offered for download when the library has no embedding model. Qwen3-Embedding-0.6B:
# Apache-2.0, not gated, published as GGUF by its authors, strong in Korean and 100+ other
# languages, 32k context, and llama.cpp's embedding mode pools it (last token) as trained.
RECOMMENDED_REPO = "Qwen/Qwen3-Embedding-0.6B-GGUF"
RECOMMENDED_FILE = "Qwen3-Embedding-0.6B-Q8_0.gguf"

_ENCODER_ARCHS = ("bert", "nomic-bert", "jina-bert-v2", "jina-bert-v3", "gemma-embedding",
                  "t5encoder", "xlm-roberta", "modern-bert", "neo-bert")
_NAME_MARKS = ("embed", "bge-", "minilm", "e5-", "gte-", "mpnet")
# Better first: multilingual models that retrieve Korean well before English-only ones.
_PREFERENCE = ("qwen3-embedding", "embeddinggemma", "bge-m3", "multilingual-e5", "gte-multi",
               "nomic-embed", "bge-", "e5-", "gte-", "minilm", "mpnet")


def is_embedding_model(model: LocalModel) -> bool:
    """True for a model made to give embeddings rather than to chat."""
    name = model.name.lower()
    if model.metadata is not None:
        arch = model.metadata.architecture.lower()
        if arch in _ENCODER_ARCHS or "bert" in arch:
            return True
        return "embed" in name or "embed" in (model.metadata.name or "").lower()
    return model.error is None and any(mark in name for mark in _NAME_MARKS)


def _rank(model: LocalModel) -> tuple[int, int]:
    name = model.name.lower()
    place = next((i for i, mark in enumerate(_PREFERENCE) if mark in name), len(_PREFERENCE))
    return place, model.size_bytes


def embedding_models(models: Sequence[LocalModel]) -> list[LocalModel]:
    """The library's embedding models that can be loaded, best first."""
    usable = [m for m in models if m.error is None and is_embedding_model(m)]
    return sorted(usable, key=_rank)


def choose_embedding_model(models: Sequence[LocalModel], preferred: str | None
                           ) -> LocalModel | None:
    """The user's choice (a library name or a path) when it is there, else the best one."""
    candidates = embedding_models(models)
    if preferred:
        for model in models:
            if preferred in (model.name, str(model.path)) and model.error is None:
                return model
        path = Path(preferred)
        if path.exists():
            return LocalModel(path.name, path, path.stat().st_size if path.is_file() else 0)
    return candidates[0] if candidates else None


def embedding_model_path(models_dir: Path, preferred: str | None) -> Path:
    """The embedding model to use: ``preferred`` (the setting, or a command's flag) or the
    best one in the library, Ondol's own or another app's.

    Raises:
        RetrievalError: there is none (reason ``no_embedding_model``, facts ``repo`` and
            ``file``: the recommended download).
    """
    chosen = choose_embedding_model(scan_all(models_dir), preferred)
    if chosen is None:
        raise RetrievalError(
            "No embedding model is in the library; download one first, for example "
            f"'ondol models download {RECOMMENDED_REPO} Q8_0'.",
            reason="no_embedding_model", repo=RECOMMENDED_REPO, file=RECOMMENDED_FILE)
    return chosen.path
