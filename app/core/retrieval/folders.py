"""Folder collections kept up to date, and collections rebuilt for another embedding model.

``sync_folder`` walks the folder (hidden files and folders skipped, symbolic links leading out
of it ignored, folders behind links never entered so a loop cannot trap the walk), indexes new
files and files whose size or modification time changed, and forgets files that are gone. A
file of a kind Ondol does not read is skipped without a word; a binary or unreadable one is
recorded with its reason, so the collection can say why it is not searchable.

``rebuild`` indexes everything again with a new model into a hidden collection and swaps it in
one transaction when complete: until then the old vectors stay searchable with the old model.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.core.documents.kinds import document_kind
from app.core.errors import DocumentError, RetrievalError
from app.core.retrieval.embedder import Embedder
from app.core.retrieval.indexer import IndexReport, Progress, file_signature, index_files
from app.core.retrieval.store import CollectionInfo, IndexStore


@dataclass
class SyncReport(IndexReport):
    """``IndexReport``, plus the files forgotten because they left the folder."""

    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class FolderScan:
    """The files of a folder that can be indexed, and those refused (path → reason)."""

    readable: dict[Path, tuple[int, int]]  # path → (size, mtime_ns)
    refused: dict[Path, tuple[str, tuple[int, int]]]


def scan_folder(folder: Path, cancel: threading.Event | None = None) -> FolderScan:
    """Walk ``folder`` for documents (see the module docstring for what is skipped).

    Raises:
        RetrievalError: ``folder_gone`` (fact ``path``): it is missing or not a folder;
            ``cancelled``: ``cancel`` was set during the walk (a big tree takes a while).
    """
    _require_folder(folder)
    root = folder.resolve()
    readable: dict[Path, tuple[int, int]] = {}
    refused: dict[Path, tuple[str, tuple[int, int]]] = {}
    for parent, dirs, names in os.walk(root, followlinks=False):
        if cancel is not None and cancel.is_set():
            raise RetrievalError("Indexing was cancelled.", reason="cancelled",
                                 done_files=0, total_files=0)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(parent) / name
            if name.startswith(".") or (path.is_symlink() and not _inside(path, root)):
                continue
            signature = file_signature(path)
            if signature is None:
                continue  # vanished, or a dangling link
            try:
                document_kind(path)
            except DocumentError as exc:
                reason = str(exc.facts.get("reason", "unreadable"))
                if reason != "unsupported":
                    refused[path] = (reason, signature)
                continue
            readable[path] = signature
    _require_folder(folder)  # removed while being walked: keep the index as it is
    return FolderScan(readable, refused)


def sync_folder(store: IndexStore, collection: str, embedder: Embedder,
                progress: Progress | None = None,
                cancel: threading.Event | None = None) -> SyncReport:
    """Bring a folder collection up to date with its folder.

    Raises:
        RetrievalError: ``no_collection``; ``not_a_folder`` (an attachments collection);
            ``folder_gone`` (fact ``path``: nothing in the index changes);
            ``embedding_changed`` (rebuild first); ``cancelled`` (files finished stay).
        StorageError: the index could not be written.
        OndolError: the embedding model failed.
    """
    info = _folder_collection(store, collection)
    assert info.folder is not None
    return _sync_into(store, info, info.folder, embedder, progress, cancel)


def collection_needs_rebuild(store: IndexStore, collection: str, embedder: Embedder) -> bool:
    """Whether the collection was indexed with another model than ``embedder``'s.

    Raises:
        RetrievalError: ``no_collection``.
        StorageError: the index could not be read.
    """
    info = store.collection(collection)
    return info.model_id is not None and (info.model_id, info.dimensions) != (
        embedder.model_id, embedder.dimensions)


def rebuild(store: IndexStore, collection: str, embedder: Embedder,
            progress: Progress | None = None,
            cancel: threading.Event | None = None) -> IndexReport:
    """Index the collection again with ``embedder``; swapped in only once complete.

    A folder collection is walked afresh; an attachments collection re-reads its files.

    Raises:
        RetrievalError: ``no_collection``; ``folder_gone``; ``cancelled`` (the old index
            stays as it was).
        StorageError: the index could not be written.
        OndolError: the embedding model failed (the old index stays).
    """
    old = store.collection(collection)
    new = store.begin_rebuild(collection, embedder.model_id, embedder.dimensions)
    try:
        if old.folder is not None:
            report: IndexReport = _sync_into(store, new, old.folder, embedder, progress, cancel)
        else:
            paths = [doc.path for doc in store.documents(old.id)]
            report = index_files(store, new, paths, embedder, progress, cancel)
        store.finish_rebuild(collection)
    except BaseException:
        store.drop_rebuild(collection)
        raise
    return report


def _sync_into(store: IndexStore, info: CollectionInfo, folder: Path, embedder: Embedder,
               progress: Progress | None, cancel: threading.Event | None) -> SyncReport:
    if info.model_id is not None and (info.model_id, info.dimensions) != (
            embedder.model_id, embedder.dimensions):
        store.set_model(info.id, embedder.model_id, embedder.dimensions)  # raises
    scan = scan_folder(folder, cancel)
    known = {doc.path: doc for doc in store.documents(info.id)}
    removed = [p for p in known if p not in scan.readable and p not in scan.refused]
    if removed:
        store.remove_documents(info.id, removed)
    for path, (reason, (size, mtime_ns)) in scan.refused.items():
        doc = known.get(path)
        if doc is None or doc.status != "error" or (doc.size, doc.mtime_ns) != (size, mtime_ns):
            store.record_failure(info.id, path, size, mtime_ns, reason)
    changed = [p for p, signature in scan.readable.items()
               if p not in known or (known[p].size, known[p].mtime_ns) != signature]
    report = index_files(store, info, changed, embedder, progress, cancel)
    return SyncReport(indexed=report.indexed, failed={**{p: r for p, (r, _) in
                                                         scan.refused.items()},
                                                      **report.failed},
                      chunks=report.chunks, removed=removed)


def _folder_collection(store: IndexStore, name: str) -> CollectionInfo:
    info = store.collection(name)
    if info.folder is None:
        raise RetrievalError(f"The collection {name!r} is not a folder.", name=name,
                             reason="not_a_folder")
    return info


def _require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise RetrievalError(f"The folder {folder} is gone.", path=str(folder),
                             reason="folder_gone")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (OSError, ValueError, RuntimeError):
        return False
    return True
