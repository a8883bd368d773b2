"""What the Prompt tab says: where the template came from, the count, the editor's state."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.ui.words.sizes import format_number
from app.ui.words.templates import _FORMATS

CONTEXT = "Prompt"

FROM_FILE = QT_TRANSLATE_NOOP("Prompt", "Chat template from the model file")
FROM_OVERRIDE = QT_TRANSLATE_NOOP("Prompt", "Your chat template, saved for this model")
FROM_FALLBACK = QT_TRANSLATE_NOOP("Prompt", "Ondol’s {format} format (the model file has none "
                                            "that works)")
FROM_DRAFT = QT_TRANSLATE_NOOP("Prompt", "Preview of the edited template (not saved)")
TOKENS = QT_TRANSLATE_NOOP("Prompt", "{count} tokens")
NO_MODEL = QT_TRANSLATE_NOOP("Prompt", "Load a model to see the prompt its chat template "
                                       "makes from this chat.")
LEGEND = QT_TRANSLATE_NOOP("Prompt", "Exactly the text the model reads before its answer. "
                                     "Special tokens are drawn in bold colour.")
ERROR_AT = QT_TRANSLATE_NOOP("Prompt", "Line {line}: {detail}")
ERROR = QT_TRANSLATE_NOOP("Prompt", "The template has an error: {detail}")
KEPT = QT_TRANSLATE_NOOP("Prompt", "The preview shows the last version that worked.")
SAVED = QT_TRANSLATE_NOOP("Prompt", "Saved. The model is loaded again with your template.")
RESET = QT_TRANSLATE_NOOP("Prompt", "The model file’s template is back. The model is loaded "
                                    "again with it.")
EDITOR_TITLE = QT_TRANSLATE_NOOP("Prompt", "Chat template (Jinja)")
EDITOR_NAME = QT_TRANSLATE_NOOP("Prompt", "Chat template editor")
ERROR_NAME = QT_TRANSLATE_NOOP("Prompt", "Template error")
SAVE = QT_TRANSLATE_NOOP("Prompt", "Save for this model")
BACK = QT_TRANSLATE_NOOP("Prompt", "Back to the file’s template")
EDIT = QT_TRANSLATE_NOOP("Prompt", "Edit template")
COPY = QT_TRANSLATE_NOOP("Prompt", "Copy prompt")
REFRESH = QT_TRANSLATE_NOOP("Prompt", "Refresh")
VIEW_TITLE = QT_TRANSLATE_NOOP("Prompt", "Prompt (what the chat template made)")
VIEW_NAME = QT_TRANSLATE_NOOP("Prompt", "Prompt as the model reads it")
COUNT_NAME = QT_TRANSLATE_NOOP("Prompt", "Prompt token count")
SOURCE_NAME = QT_TRANSLATE_NOOP("Prompt", "Where the chat template comes from")
MESSAGE_NAME = QT_TRANSLATE_NOOP("Prompt", "Prompt tab message")


def tr(source: str) -> str:
    """``source`` in the window's language."""
    return QCoreApplication.translate(CONTEXT, source)


def source_text(source: str) -> str:
    """Where the template that made the prompt came from, as a sentence.

    Raises:
        nothing: an unknown source is named as it is.
    """
    if source == "model":
        return tr(FROM_FILE)
    if source == "override":
        return tr(FROM_OVERRIDE)
    if source == "draft":
        return tr(FROM_DRAFT)
    if source.startswith("fallback:"):
        name = source.split(":", 1)[1]
        return tr(FROM_FALLBACK).format(format=_FORMATS.get(name, name))
    return source


def tokens_text(count: int) -> str:
    """"1,234 tokens", with the locale's digits."""
    return tr(TOKENS).format(count=format_number(count))


def error_at(line: int | None, detail: str) -> str:
    """A template error, with its line when known."""
    if line:
        return tr(ERROR_AT).format(line=format_number(line), detail=detail)
    return tr(ERROR).format(detail=detail)
