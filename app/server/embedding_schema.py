"""The request bodies of the embedding endpoints: OpenAI's ``/v1/embeddings`` and Ollama's
``/api/embed`` (and its older ``/api/embeddings``), as their references document them.

``input`` is checked by the endpoint (``embedding_routes.openai_inputs``), which names the
field in a plain sentence: a text is a string and a token an integer (never ``true`` or ``"1"``).
Fields Ondol does not use (``user``, ``keep_alive``, ``options``) are accepted and ignored.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

MAX_INPUTS = 2048  # OpenAI's bound on the inputs of one request


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class EmbeddingRequest(_Body):
    """``POST /v1/embeddings``: a text, texts, a token array or token arrays."""

    model: str
    input: Any
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: int | None = Field(default=None, ge=1)
    user: str | None = None


class OllamaEmbedRequest(_Body):
    """``POST /api/embed``: a text or texts; ``truncate`` (default on) cuts a long input to
    the context window instead of refusing it."""

    model: str
    input: Any
    truncate: bool = True
    dimensions: int | None = Field(default=None, ge=1)


class OllamaLegacyEmbedRequest(_Body):
    """``POST /api/embeddings`` (Ollama's older endpoint): one ``prompt``."""

    model: str
    prompt: StrictStr
