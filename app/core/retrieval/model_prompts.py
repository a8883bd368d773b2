"""The text an embedding model was trained to see before a question and before a passage.

Retrieval-trained embedders are asymmetric: EmbeddingGemma and nomic-embed mark both sides,
Qwen3-Embedding puts an instruction before the question only, and bge-m3 or MiniLM want plain
text. Without the right prefix the vectors are still made, but retrieval is noticeably worse,
so the family is found from the GGUF header (``general.architecture``, ``general.name``) or,
for an ONNX model, its file or folder name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.formats.gguf_reader import read_gguf_metadata
from app.core.formats.model_reader import is_onnx_path


@dataclass(frozen=True)
class ModelPrompts:
    """What goes before a question and before a passage for one model family."""

    family: str
    query: str = ""
    document: str = ""

    def for_query(self, text: str) -> str:
        """``text`` as the model expects a question."""
        return self.query + text

    def for_document(self, text: str) -> str:
        """``text`` as the model expects a passage."""
        return self.document + text


EMBEDDING_GEMMA = ModelPrompts("embeddinggemma", query="task: search result | query: ",
                               document="title: none | text: ")
# Qwen3-Embedding: an instruction before the question only; passages go in as they are.
QWEN3_EMBEDDING = ModelPrompts(
    "qwen3-embedding",
    query="Instruct: Given a question, retrieve passages that answer it\nQuery: ")
NOMIC_EMBED = ModelPrompts("nomic-embed", query="search_query: ",
                           document="search_document: ")
PLAIN = ModelPrompts("plain")

# (family, words that identify it in an architecture or name), checked in this order
_FAMILIES: tuple[tuple[ModelPrompts, tuple[str, ...]], ...] = (
    (EMBEDDING_GEMMA, ("gemma-embedding", "embeddinggemma", "embedding-gemma")),
    (QWEN3_EMBEDDING, ("qwen3-embedding", "qwen3embedding", "qwen3_embedding")),
    (NOMIC_EMBED, ("nomic-bert", "nomic-embed", "nomic_embed")),
)


def prompts_for(architecture: str | None, name: str | None, file_name: str = ""
                ) -> ModelPrompts:
    """The prompts for a model known by its architecture, its name and its file's name
    (any may be missing); ``PLAIN`` for a family that wants none or one not known here."""
    words = " ".join(part.lower() for part in (architecture, name, file_name) if part)
    for prompts, marks in _FAMILIES:
        if any(mark in words for mark in marks):
            return prompts
    return PLAIN


def prompts_for_model(path: Path) -> ModelPrompts:
    """The prompts for the model at ``path``: a GGUF file's header, or an ONNX model's name.

    Raises:
        ModelNotFoundError, NotAModelFileError, CorruptModelError,
        UnsupportedArchitectureError: the GGUF file is not a usable model.
        OSError: it cannot be read.
    """
    if is_onnx_path(path):
        return prompts_for(None, None, f"{path.parent.name} {path.name}")
    meta = read_gguf_metadata(path)
    return prompts_for(meta.architecture, meta.name, path.name)
