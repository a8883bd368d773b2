"""The sentence for every error code (and, where one code covers several situations, for each
``reason``), in English source form; ``errors.error_text`` translates and fills them.

A key is ``"<code>"`` or ``"<code>.<variant>"``; the variant is the error's ``reason`` fact (or
its ``missing`` fact, or one ``errors._variant`` derives). Each key lists sentences from the most
to the least detailed: the first whose ``{placeholders}`` the facts can all fill is used. The
placeholders are the error's facts, plus ``{code}``, ``{file_name}`` and ``{folder}`` (from
``path``), ``{x_exact}`` beside every size fact ``x``, ``{kind}``, ``{source}``, ``{why}`` and
``{os_reason}`` in words (``errors._values``).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.ui.words import (
    error_connections,
    error_data,
    error_documents,
    error_models,
    error_remote,
    error_runtime,
    error_tools,
)

GENERIC = QT_TRANSLATE_NOOP("Errors", "Something went wrong (error code: {code}).")

SENTENCES: dict[str, tuple[str, ...]] = {
    "error": (GENERIC,),
    **error_models.SENTENCES,
    **error_data.SENTENCES,
    **error_runtime.SENTENCES,
    **error_remote.SENTENCES,
    **error_connections.SENTENCES,
    **error_tools.SENTENCES,
    **error_documents.SENTENCES,
}
KINDS = error_models.KINDS
SOURCES = error_data.SOURCES
UNSAFE_REASONS = error_data.UNSAFE_REASONS
