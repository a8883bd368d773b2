"""What the prompt tab asks the runtime host, on the worker's thread: the chat through the
template (the loaded one or a draft), the special tokens' places in that text, and — the first
time a model's template is shown — the file's own template when the host had to use another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import OndolError
from app.core.inspect.tokens import TokenKind


def prompt_work(messages: list[dict[str, Any]], draft: str | None,
                wants_file: bool) -> Callable[[Any], tuple[Any, list[tuple[int, int]], str | None]]:
    """The work for ``RuntimeCalls.run``: ``(RenderedPrompt, special ranges, file template)``.

    ``wants_file``: read the file's template if the loaded one is a fallback (a broken or
    missing template: the editor starts from what the file has, to be fixed).
    """
    def work(client: Any) -> tuple[Any, list[tuple[int, int]], str | None]:
        shown = client.render_chat(messages, template=draft)
        spans = client.token_spans(shown.text).spans
        specials = [(s.char_start, s.char_end) for s in spans if s.kind is TokenKind.SPECIAL]
        return shown, specials, file_template(shown) if wants_file else None

    return work


def file_template(shown: Any) -> str | None:
    """The model file's own chat template when the host used a fallback for it, else None."""
    if not shown.source.startswith("fallback:") or not shown.path:
        return None
    from app.core.formats.model_reader import read_model_metadata

    try:
        return read_model_metadata(Path(shown.path)).chat_template or None
    except OndolError:
        return None
