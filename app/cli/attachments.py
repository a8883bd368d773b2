"""What the commands share for documents: the index file, the embedding model loaded only
when needed, and the sources printed under an answer."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from app.core.catalog.embedding_host import EmbeddingHost
from app.core.chat.attachments import FAILED, RETRIEVED, WHOLE, Source
from app.core.chat.grounding import Budget, ground
from app.core.context import AppContext
from app.core.documents.chunks import estimate_tokens
from app.core.documents.images import load_image
from app.core.errors import DocumentError
from app.core.retrieval.chat_finder import ChatFinder, attachments_collection
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.store import IndexStore
from app.core.types.results import LoadedModel

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")  # sent to a vision model as pictures

# Why a file was not read, for the terminal (the window has translated sentences).
REASONS = {
    "not_found": "not found", "unreadable": "cannot be read", "binary": "not text",
    "unsupported": "a kind of file Ondol does not read", "no_text_layer":
    "a scanned PDF with no text layer (no OCR)", "encrypted": "encrypted",
    "broken": "damaged", "too_large": "too large", "empty": "empty",
}


def short_reason(reason: str) -> str:
    """A few words on why a file was not read."""
    return REASONS.get(reason, reason)


@contextlib.contextmanager
def open_index(ctx: AppContext) -> Iterator[IndexStore]:
    """The index beside the chats.

    Raises:
        StorageError: it cannot be opened (CorruptDatabaseError: damaged, left as it was).
    """
    ctx.paths.ensure()
    with IndexStore(ctx.paths.data_dir / "index.sqlite3") as store:
        yield store


class LazyEmbedder(EmbeddingHost):
    """The embedding host, saying on stderr which model it loads, with the chat's finder."""

    finder: ChatFinder | None = None

    def __call__(self) -> Embedder:
        """The embedder (see ``EmbeddingHost``), naming its model the first time.

        Raises:
            RetrievalError, OndolError: see ``EmbeddingHost``.
        """
        fresh = not self.loaded
        embedder = super().__call__()
        if fresh and self.model_path is not None:
            sys.stderr.write(f"Embedding with {self.model_path.name}\n")
        return embedder


@contextlib.contextmanager
def finder_for(ctx: AppContext, store: IndexStore, preferred: str | None,
               collections: Sequence[str] = (), chat_id: int = 0,
               fresh: bool = False) -> Iterator[LazyEmbedder]:
    """A lazily loaded embedder, with ``.finder`` searching ``collections`` and the files
    attached in chat ``chat_id``; ``fresh``: that chat's attachments start (and end) empty."""
    make = LazyEmbedder(ctx.paths, preferred, max(1, ctx.profile.physical_cores))
    # A run's own attachments collection (two terminal chats at once never share one).
    created = time.time() if fresh else 0.0
    make.finder = ChatFinder(store, make, chat_id, collections, created)
    name = attachments_collection(chat_id, created)
    if fresh:
        _drop(store, name)
    try:
        yield make
    finally:
        make.close()
        if fresh:
            _drop(store, name)


def _drop(store: IndexStore, name: str) -> None:
    if name in {c.name for c in store.list_collections()}:
        store.delete_collection(name)


def print_sources(sources: Sequence[Source]) -> None:
    """The passages an answer was given, numbered as it cites them (on stderr)."""
    if not sources:
        return
    sys.stderr.write("Sources:\n")
    for source in sources:
        where = [source.path]
        if source.page is not None:
            where.append(f"page {source.page}")
        if source.heading:
            where.append(f"“{source.heading}”")
        sys.stderr.write(f"  [{source.number}] {', '.join(where)}\n")


def attach(ctx: AppContext, store: IndexStore, make: LazyEmbedder, question: str,
           files: Sequence[Path], n_ctx: int, used: int) -> tuple[str, list[Source]]:
    """The message to send for ``question`` with ``files`` attached (whole when they fit in
    ``n_ctx`` beside ``used`` tokens, else the best passages), and its sources. Files that
    could not be read are named on stderr; the rest goes on.

    Raises:
        RetrievalError: the files needed an embedding model and there is none.
        OndolError: the embedding model failed.
    """
    assert make.finder is not None
    grounding = ground(question, files, Budget.of(n_ctx, used), make.finder)
    for attachment in grounding.attachments:
        if attachment.mode == FAILED:
            sys.stderr.write(f"Not attached: {attachment.path} "
                             f"({short_reason(attachment.reason or '')})\n")
    if grounding.mode == WHOLE:
        sys.stderr.write("The attached files fit in the context: sent whole.\n")
    elif grounding.mode == RETRIEVED:
        sys.stderr.write(f"The attached files are too long for the context: sending the "
                         f"{len(grounding.sources)} passages that best match the question.\n")
    message = f"{grounding.context}\n\n{question}" if grounding.context else question
    return message, grounding.sources


def is_image_file(path: Path) -> bool:
    """Whether ``path`` is sent as an image (PNG, JPEG, WebP) rather than read as text."""
    return path.suffix.lower() in IMAGE_SUFFIXES


def image_parts_for(files: Sequence[Path], model: LoadedModel | None) -> list[dict[str, Any]]:
    """The images among ``files`` as content parts, scaled to the model's projector.

    Raises:
        DocumentError: reason ``no_vision`` (images for a model without a projector), or
            ``load_image``'s reasons for a file that is no readable image.
    """
    images = [f for f in files if is_image_file(f)]
    if not images:
        return []
    if model is None or not model.vision:
        raise DocumentError("This model reads no images: load a vision model with its "
                            "projector.", reason="no_vision")
    return [load_image(f, max_side=model.image_size).content_part() for f in images]


class FirstMessage:
    """Attaches files to the first message of a terminal chat (and to no later one)."""

    def __init__(self, ctx: AppContext, files: Sequence[Path], store: IndexStore | None,
                 make: LazyEmbedder | None) -> None:
        self.ctx, self.files, self.store, self.make = ctx, list(files), store, make
        self.sources: list[Source] = []

    def prepare(self, question: str, n_ctx: int, model: LoadedModel | None = None
                ) -> str | list[dict[str, Any]]:
        """The first message with its files (images as image parts before the text, for a
        vision ``model``); later ones unchanged. When an image cannot be sent nothing is
        used up: the files stay for the next try.

        Raises:
            DocumentError: images for a model without vision (``no_vision``), or an image
                that cannot be read.
            RetrievalError, OndolError: see ``attach``.
        """
        if not self.files or self.store is None or self.make is None:
            return question
        pictures = image_parts_for(self.files, model)
        files, self.files = [f for f in self.files if not is_image_file(f)], []
        message = question
        if files:
            message, self.sources = attach(self.ctx, self.store, self.make, question, files,
                                           n_ctx, estimate_tokens(question))
        if not pictures:
            return message
        return [*pictures, {"type": "text", "text": message}]

    def print_sources(self) -> None:
        """The sources of the answer just given, once."""
        print_sources(self.sources)
        self.sources = []


@contextlib.contextmanager
def first_message(ctx: AppContext, files: Sequence[Path] | None,
                  preferred: str | None = None) -> Iterator[FirstMessage]:
    """A ``FirstMessage`` for ``ondol chat --attach``; the index and any embedding model
    only when files are attached."""
    if not files:
        yield FirstMessage(ctx, [], None, None)
        return
    with open_index(ctx) as store, finder_for(ctx, store, preferred, fresh=True) as make:
        yield FirstMessage(ctx, files, store, make)
