"""The prompt a chat template makes, as the runtime host renders it: the text, its token
count and which template made it — the loaded one, or a draft being edited (compiled in the
same sandbox, with the model's own BOS and EOS tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.backends.base import Backend
from app.core.errors import NoModelLoadedError


@dataclass(frozen=True)
class RenderedPrompt:
    """One rendering of a conversation through a chat template."""

    text: str  # exactly what the template produced
    tokens: int  # its token count, as a generation's prompt counts it
    source: str  # "model", "override", "fallback:<name>" or "draft"
    template: str  # the template's Jinja text
    path: str | None = None  # the loaded model's file


def render_prompt(backend: Backend, messages: Sequence[Any], template: str | None = None,
                  add_generation_prompt: bool = True,
                  tools: Sequence[dict[str, Any]] | None = None,
                  path: str | None = None) -> RenderedPrompt:
    """``messages`` through the loaded model's template, or through ``template`` (a draft).

    Raises:
        NoModelLoadedError: nothing is loaded.
        ChatTemplateError: the template does not compile or render (fact ``line``: where).
    """
    backend._require()
    loaded = backend.chat_template
    if loaded is None:
        raise NoModelLoadedError("No model is loaded.")
    chosen = loaded if template is None else loaded.with_source(template)
    text = chosen.render(list(messages), add_generation_prompt,
                         tools=list(tools) if tools else None)
    return RenderedPrompt(text, len(backend.prompt_tokens(text)), chosen.choice.source,
                          chosen.choice.template, path)
