"""The library's side of choosing a draft model: turn library entries into the plain values that
``planning.drafts`` judges, and answer "which draft for this model?" for the window and CLI."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from app.core.catalog.library import LocalModel
from app.core.planning.drafts import DraftCandidate, DraftSearch, find_drafts


def as_candidate(model: LocalModel) -> DraftCandidate:
    """A library entry as a draft candidate.

    Raises:
        nothing.
    """
    return DraftCandidate(model.name, model.path, model.size_bytes, model.format)


def _target(path: Path, models: list[LocalModel]) -> DraftCandidate:
    for model in models:
        if model.path == path:
            return as_candidate(model)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    fmt = "onnx" if path.is_dir() or path.suffix == ".onnx" else path.suffix.lstrip(".").lower()
    return DraftCandidate(path.name, path, size, fmt)


def search_drafts(target: str | os.PathLike[str], library: Iterable[LocalModel]) -> DraftSearch:
    """Every library model judged as a draft for the model at ``target``, the chosen one first.

    Reads each GGUF's vocabulary (cached by path, size and modification time; about 0.1 s per
    uncached file): call it off the GUI thread.

    Raises:
        nothing: unreadable files are judged, never raised.
    """
    models = list(library)
    return find_drafts(_target(Path(target), models), [as_candidate(m) for m in models])


def recommended_draft(target: str | os.PathLike[str],
                      library: Iterable[LocalModel]) -> Path | None:
    """The draft model to load beside ``target`` (the smallest library GGUF with an identical
    vocabulary and at most half its file size), or ``None`` when none fits.

    Raises:
        nothing.
    """
    chosen = search_drafts(target, library).chosen
    return chosen.path if chosen else None
