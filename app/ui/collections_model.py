"""What the Collections dialog shows, computed without Qt widgets: a row per folder
collection with its state, the chat's searched collections, and the cheap "did the folder
change?" check that keeps collections up to date.

A collection's state, in order of precedence: ``indexing`` (a run is under way), ``queued``,
``missing`` (its folder is gone: the index is kept), ``rebuild`` (built with another embedding
model than the one chosen now), ``empty``, ``errors`` (some files failed), ``ready``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.catalog.embedders import choose_embedding_model
from app.core.catalog.library import LocalModel
from app.core.errors import RetrievalError
from app.core.retrieval.store import CollectionInfo, IndexStore

STATES = ("indexing", "queued", "missing", "rebuild", "empty", "errors", "ready")
PARAM = "collections"  # the chat's params key: names of the collections it searches


@dataclass(frozen=True)
class CollectionRow:
    """One line of the dialog."""

    info: CollectionInfo
    state: str
    done: int = 0  # files done / total while indexing
    total: int = 0
    chunks: int = 0


def model_key(model: LocalModel | None) -> str | None:
    """The start of the ``model_id`` an index built with ``model`` records ("file:size:"),
    known without loading it; None when there is no embedding model."""
    if model is None:
        return None
    from app.core.retrieval.runtime_embedder import model_size

    path = model.path
    name = f"{path.parent.name}/{path.name}" if path.suffix == ".onnx" else path.name
    return f"{name}:{model_size(path)}:"


def current_key(library: Sequence[LocalModel], preferred: str | None) -> str | None:
    """The key of the embedding model indexing would use now (the setting, else the best)."""
    return model_key(choose_embedding_model(library, preferred))


def built_with_other(info: CollectionInfo, key: str | None) -> bool:
    """True when ``info`` was indexed with a model other than the one ``key`` names."""
    return bool(info.model_id and key and not info.model_id.startswith(key))


def row_for(info: CollectionInfo, key: str | None, running: tuple[str, int, int, int] | None,
            queued: Sequence[str] = ()) -> CollectionRow:
    """The row of ``info``; ``running``: (name, done, total, chunks) of the run under way."""
    if running is not None and running[0] == info.name:
        return CollectionRow(info, "indexing", *running[1:])
    if info.name in queued:
        state = "queued"
    elif info.folder is not None and not info.folder.is_dir():
        state = "missing"
    elif built_with_other(info, key):
        state = "rebuild"
    else:
        state = info.status
    return CollectionRow(info, state)


def folder_rows(store: IndexStore, key: str | None,
                running: tuple[str, int, int, int] | None = None,
                queued: Sequence[str] = ()) -> list[CollectionRow]:
    """Every folder collection as a row, by name.

    Raises:
        StorageError: the index could not be read.
    """
    return [row_for(info, key, running, queued) for info in store.list_collections()
            if info.kind == "folder"]


def failed_files(store: IndexStore, name: str) -> list[tuple[Path, str | None]]:
    """The files of a collection that could not be read, with their reason codes.

    Raises:
        RetrievalError: ``no_collection``.
        StorageError: the index could not be read.
    """
    info = store.collection(name)
    return [(doc.path, doc.error_reason) for doc in store.documents(info.id)
            if doc.status == "error"]


def folder_changed(store: IndexStore, name: str) -> bool:
    """Whether files of a folder collection were added, changed or removed since it was
    indexed: sizes and modification times only, nothing is read (run it off the GUI thread).

    Raises:
        RetrievalError: ``no_collection``; ``folder_gone``.
        StorageError: the index could not be read.
    """
    from app.core.retrieval.folders import scan_folder

    info = store.collection(name)
    if info.folder is None:
        return False
    scan = scan_folder(info.folder)
    known = {doc.path: (doc.size, doc.mtime_ns) for doc in store.documents(info.id)}
    now = dict(scan.readable)
    now.update({path: signature for path, (_reason, signature) in scan.refused.items()})
    return now != known


def chat_collections(params: dict[str, Any] | None) -> list[str]:
    """The collection names a chat searches (its params' ``collections``; junk ignored)."""
    names = (params or {}).get(PARAM)
    if not isinstance(names, list):
        return []
    return [name for name in names if isinstance(name, str) and name]


def with_collection(params: dict[str, Any] | None, name: str, on: bool) -> dict[str, Any]:
    """The chat's params with ``name`` switched on or off; every other key kept as it was."""
    merged = dict(params or {})
    names = [n for n in chat_collections(merged) if n != name]
    if on:
        names.append(name)
    if names:
        merged[PARAM] = names
    else:
        merged.pop(PARAM, None)
    return merged


def is_missing_folder(error: BaseException) -> bool:
    """True for the error a deleted collection folder gives."""
    return isinstance(error, RetrievalError) and error.facts.get("reason") == "folder_gone"
