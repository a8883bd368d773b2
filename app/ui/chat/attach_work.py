"""The worker-thread half of sending attachments: ground the question in its documents and
prepare its images (never on the GUI thread: reading a PDF, loading the embedding model and
indexing all block).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.chat.attachments import FAILED, IMAGE, Attachment, Grounding
from app.core.errors import DocumentError, RetrievalError

DEFAULT_IMAGE_SIDE = 1024  # when the projector does not say its image size


@dataclass
class GroundingJob:
    """What one question is grounded with. ``report(stage)``: "searching" once the files
    are indexed or searched (called on the worker thread)."""

    question: str
    files: list[Path]
    images: list[Path]
    n_ctx: int
    used: int
    collections: list[str]
    chat_id: int
    chat_created: float  # with the id, names the chat's own attachments collection
    searches: bool  # earlier files of the chat were indexed: search them too
    projector: Path | None
    documents: Any  # DocumentsService
    cancel: threading.Event
    report: Callable[[str], None]


def run_grounding(job: GroundingJob) -> tuple[Grounding, list[bytes]]:
    """The question's grounding and its images as PNG bytes (files and images that could not
    be read are recorded as failed; the rest goes on).

    Raises:
        RetrievalError: ``no_embedding_model`` (the files need searching and no embedding
            model is there), ``cancelled``, ``embedding_changed``...
        StorageError: the index could not be read or written.
        OndolError: the embedding model failed.
    """
    from app.core.chat.grounding import Budget, ground

    grounding = Grounding()
    if job.files or job.collections or job.searches:
        with job.documents.working_for(job.cancel):  # its Stop stops only its own batches
            grounding = ground(job.question, job.files, Budget.of(job.n_ctx, job.used),
                               _finder(job), job.cancel)
    images = prepare_images(job.images, image_side(job.projector), grounding)
    if job.cancel.is_set():
        raise RetrievalError("Reading the attachments was cancelled.", reason="cancelled")
    return grounding, images


def _finder(job: GroundingJob) -> Any:
    """The chat's ``ChatFinder``, saying "searching" before it indexes or searches (the
    retrieval modules bring numpy: imported here, on the worker, not at start-up)."""
    from app.core.retrieval.chat_finder import ChatFinder

    class Reporting(ChatFinder):
        def add_files(self, paths: Any, cancel: threading.Event | None = None
                      ) -> dict[str, str]:
            job.report("searching")
            return super().add_files(paths, cancel)

        def find(self, question: str, k: int) -> Any:
            job.report("searching")
            return super().find(question, k)

    return Reporting(job.documents.index_store(), job.documents.embedding_host, job.chat_id,
                     job.collections, job.chat_created)


def prepare_images(paths: list[Path], side: int, grounding: Grounding) -> list[bytes]:
    """Each image upright and scaled, as PNG; each recorded in ``grounding``."""
    from app.core.documents.images import load_image

    images: list[bytes] = []
    for path in paths:
        size = _size(path)
        try:
            prepared = load_image(path, side)
        except DocumentError as error:
            grounding.attachments.append(Attachment(
                path.name, str(path), FAILED, size=size,
                reason=str(error.facts.get("reason", "unreadable"))))
            continue
        images.append(prepared.png)
        grounding.attachments.append(Attachment(path.name, str(path), IMAGE, size=size))
    return images


def image_side(projector: Path | None) -> int:
    """The projector's image size (read from its header), else ``DEFAULT_IMAGE_SIDE``."""
    if projector is None:
        return DEFAULT_IMAGE_SIDE
    from app.core.formats.gguf_header import Damaged, HeaderParser, OldVersion, Truncated

    try:
        with open(projector, "rb") as f:
            head = f.read(4 << 20)  # the metadata comes before the tensors
        fields = HeaderParser(head, len(head), keep=lambda k: k.startswith("clip.")).parse()
        size = fields.fields.get("clip.vision.image_size")
    except (OSError, ValueError, Truncated, Damaged, OldVersion):
        # A projector it cannot read: the default side (loading it says what is wrong).
        return DEFAULT_IMAGE_SIDE
    return size if isinstance(size, int) and size > 0 else DEFAULT_IMAGE_SIDE


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
