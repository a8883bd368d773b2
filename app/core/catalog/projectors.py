"""Vision projectors (``mmproj*.gguf``) beside the models they serve.

A projector is not a model: it is never listed as one. A model in the same folder as a
projector (or, for a repo laid out in quantisation subfolders, one folder up) gets it: when
several projectors are there, the one whose name shares the most with the model's wins (the
quantisation tags left out, so ``gemma-3-4b-it-Q4_K_M.gguf`` picks ``mmproj-gemma-3-4b-it-f16``
over ``mmproj-other``). A file named like a projector whose header says it reads no images
(a sound projector, a damaged file, some other GGUF) is ignored.

Only the header is read here, with Ondol's own GGUF header parser: the library is listed in
the window, which never loads llama.cpp.
"""

from __future__ import annotations

import dataclasses
import logging
import mmap
import os
import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.catalog.library import LocalModel
    from app.core.planning.load_plan import LoadOverrides

log = logging.getLogger(__name__)

_QUANT_TAG = re.compile(
    r"(?i)[-_.](?:i?q\d[\w]*|f16|f32|bf16|fp16|fp32|mxfp4\w*|\d+bit|mmproj|model)(?=$|[-_.])")


def is_projector_name(name: str) -> bool:
    """Whether a file name is a vision projector's: a GGUF with ``mmproj`` in its name."""
    lower = name.lower()
    return lower.endswith(".gguf") and "mmproj" in lower


def projector_image_size(path: Path) -> int | None:
    """The image side (pixels) a vision projector works at; ``None`` when the file is no
    vision projector (not GGUF, not a ``clip`` header, no vision encoder, unreadable) or does
    not say its size. Use ``is_vision_projector`` to tell the two apart.

    Raises:
        nothing: an unreadable file is no projector.
    """
    header = _header(path)
    if header is None:
        return None
    size = header.get("clip.vision.image_size")
    return size if isinstance(size, int) and size > 0 else None


def is_vision_projector(path: Path) -> bool:
    """Whether ``path`` holds a projector that reads images (its header, not its name).

    Raises:
        nothing: an unreadable file is no projector.
    """
    return _header(path) is not None


def _header(path: Path) -> dict[str, object] | None:
    """The ``clip.`` fields of a vision projector's header, else ``None``."""
    # Imported here: the header parser brings gguf (and numpy), which listing names need not.
    from app.core.formats.gguf_header import (
        GGUF_MAGIC,
        Damaged,
        HeaderParser,
        OldVersion,
        Truncated,
    )

    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            if buf[:len(GGUF_MAGIC)] != GGUF_MAGIC:
                return None
            fields = HeaderParser(buf, len(buf), keep=lambda k: k.startswith(
                ("general.architecture", "clip."))).parse().fields
    except (OSError, ValueError, Truncated, Damaged, OldVersion) as err:
        log.info("Not a usable projector: %s (%s)", path, err)
        return None
    if fields.get("general.architecture") != "clip" or not fields.get("clip.has_vision_encoder"):
        return None
    return fields


def _stem(name: str) -> str:
    """A file name without extension, split-part suffix and quantisation / projector tags."""
    stem = re.sub(r"(?i)(-\d{5}-of-\d{5})?\.gguf$", "", name)
    stem = _QUANT_TAG.sub("", "-" + stem).lower()
    return stem.strip("-_.")


def best_projector(model: Path, projectors: Iterable[Path]) -> Path | None:
    """The projector in ``projectors`` whose name shares the most with ``model``'s (ties: the
    first by name); ``None`` for none. Headers are not read here.

    Raises:
        nothing.
    """
    mine = _stem(model.name)

    def shared(candidate: Path) -> int:
        theirs = _stem(candidate.name)
        match = SequenceMatcher(None, mine, theirs, autojunk=False).find_longest_match(
            0, len(mine), 0, len(theirs))
        return match.size

    ranked = sorted(projectors, key=lambda p: (-shared(p), p.name))
    return ranked[0] if ranked else None


class ProjectorFinder:
    """Finds the projector of model files, reading each folder and projector header once."""

    def __init__(self) -> None:
        self._folders: dict[Path, list[Path]] = {}

    def projectors_in(self, folder: Path) -> list[Path]:
        """The vision projectors in ``folder`` (not its subfolders), by name.

        Raises:
            nothing: an unreadable folder has none.
        """
        if folder not in self._folders:
            try:
                names = sorted(e.name for e in os.scandir(folder)
                               if is_projector_name(e.name) and e.is_file())
            except OSError:
                names = []
            self._folders[folder] = [folder / n for n in names
                                     if is_vision_projector(folder / n)]
        return self._folders[folder]

    def find(self, model: Path) -> Path | None:
        """The projector for the GGUF file ``model``: from its folder, else the one above.

        Raises:
            nothing.
        """
        if is_projector_name(model.name) or not model.name.lower().endswith(".gguf"):
            return None
        for folder in (model.parent, model.parent.parent):
            found = best_projector(model, self.projectors_in(folder))
            if found is not None:
                return found
        return None


def find_projector(model: Path) -> Path | None:
    """The vision projector beside the GGUF file ``model``, or ``None``.

    Raises:
        nothing.
    """
    return ProjectorFinder().find(model)


def with_projectors(models: list[LocalModel]) -> list[LocalModel]:
    """``models`` with ``projector`` filled in for every GGUF model that has one beside it.

    Raises:
        nothing.
    """
    finder = ProjectorFinder()
    out = []
    for model in models:
        found = finder.find(model.path) if model.usable and model.format == "gguf" else None
        out.append(dataclasses.replace(model, projector=found) if found else model)
    return out


def with_projector(model: Path, overrides: LoadOverrides | None) -> LoadOverrides | None:
    """``overrides`` with the projector beside ``model`` when they name none (``mmproj`` is
    ``None``); ``""`` there keeps the model text-only.

    Raises:
        nothing.
    """
    if overrides is not None and overrides.mmproj is not None:
        return overrides
    found = find_projector(model)
    if found is None:
        return overrides
    from app.core.planning.load_plan import LoadOverrides

    return dataclasses.replace(overrides or LoadOverrides(), mmproj=str(found))
