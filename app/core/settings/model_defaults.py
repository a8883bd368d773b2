"""Per-model sampling defaults, chosen by architecture.

GGUF files have no standard sampling keys (``app.core.formats.metadata`` reads none), so the
defaults come from what each model family's authors publish in their ``generation_config.json``.
Unknown architectures get plain ``SamplingParams()``. The order of layers, lowest first, is:
these defaults, then a preset, then the user's per-model overrides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.core.errors import InvalidParameterError
from app.core.formats.metadata import ModelMetadata
from app.core.types.params import SamplingParams

_GEMMA = {"temperature": 1.0, "top_k": 64, "top_p": 0.95}  # Google's recommendation
_QWEN2 = {"temperature": 0.7, "top_p": 0.8, "top_k": 20}  # Qwen2 / Qwen2.5 instruct

ARCHITECTURE_DEFAULTS: dict[str, dict[str, Any]] = {
    "gemma": _GEMMA, "gemma2": _GEMMA, "gemma3": _GEMMA, "gemma3n": _GEMMA,
    "qwen2": _QWEN2,
}

MAX_DEFAULT_MAX_TOKENS = 2048


def default_sampling_for(meta: ModelMetadata | None) -> SamplingParams:
    """The sampling defaults for ``meta``'s architecture; ``SamplingParams()`` when unknown."""
    if meta is None:
        return SamplingParams()
    values = ARCHITECTURE_DEFAULTS.get(meta.architecture.lower(), {})
    return replace(SamplingParams(), **values)


def default_max_tokens(n_ctx: int) -> int:
    """A default answer length for a context of ``n_ctx`` tokens.

    A quarter of the context (so the prompt keeps most of it), capped at 2048: 2048 → 512,
    8192 → 2048, 512 → 128.

    Raises:
        InvalidParameterError: ``n_ctx`` is below 16 (no model loads with less).
    """
    if n_ctx < 16:
        raise InvalidParameterError(f"n_ctx must be >= 16 (got {n_ctx}).", parameter="n_ctx",
                                    value=n_ctx, reason="out_of_range", rule=">= 16")
    return min(MAX_DEFAULT_MAX_TOKENS, n_ctx // 4)
