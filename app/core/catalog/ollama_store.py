"""Ollama's model store, read in place: Ollama's downloads load without a second copy.

The store (``$OLLAMA_MODELS``, else ``~/.ollama/models``; on Linux also the system service's
``/usr/share/ollama/.ollama/models``) has two folders. Each
``manifests/<host>/<namespace>/<model>/<tag>`` is a JSON manifest (schema version 2) whose
``layers`` name content by digest; the weights are the layer of media type
``application/vnd.ollama.image.model``, a plain GGUF file at ``blobs/sha256-<64 hex>`` with no
suffix. Projector, adapter, template and parameter layers are not models and are left out.

The store belongs to Ollama: nothing here writes to it, and a hostile one cannot make Ondol read
outside it (a digest must be ``sha256:`` and 64 hex digits before it becomes a file name).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.core.catalog.external import read_only_entry
from app.core.catalog.library import LocalModel

log = logging.getLogger(__name__)

OLLAMA_SOURCE = "ollama"
MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model"
DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
_DIGEST = re.compile(r"sha256:([0-9a-f]{64})")
# A manifest is a few hundred bytes; anything far larger is not one and is not read whole.
_MAX_MANIFEST_BYTES = 1 << 20


def default_ollama_folders() -> list[Path]:
    """Where Ollama keeps its store: ``$OLLAMA_MODELS`` or ``~/.ollama/models``, then (Linux)
    the store of the ``ollama`` system service."""
    configured = os.environ.get("OLLAMA_MODELS")
    folders = [Path(configured)] if configured else [Path.home() / ".ollama" / "models"]
    if sys.platform.startswith("linux"):
        folders.append(Path("/usr/share/ollama/.ollama/models"))
    return folders


def display_name(host: str, namespace: str, model: str, tag: str) -> str:
    """The name as Ollama shows it: ``model:tag`` for the default registry's library,
    ``namespace/model:tag`` for its other namespaces, ``host/namespace/model:tag`` otherwise."""
    if host.lower() != DEFAULT_HOST:
        return f"{host}/{namespace}/{model}:{tag}"
    if namespace.lower() != DEFAULT_NAMESPACE:
        return f"{namespace}/{model}:{tag}"
    return f"{model}:{tag}"


def scan_ollama(folders: Sequence[Path] | None = None) -> list[LocalModel]:
    """The models in Ollama's stores, read-only, sorted by name per store.

    One entry per weights blob: tags that share a blob (``latest`` and ``135m``, say) are one
    file, listed under the first name in order. A manifest that is not JSON, names no model
    layer, has a malformed digest or points at a missing blob is skipped (logged); a blob that is
    not GGUF is listed with its error, as a bad file anywhere is.

    Args:
        folders: the stores to read; ``None``: ``default_ollama_folders()``.

    Raises:
        nothing: missing or unreadable stores are skipped.
    """
    found: list[LocalModel] = []
    seen: set[Path] = set()
    for folder in default_ollama_folders() if folders is None else folders:
        try:
            root = folder.expanduser().resolve()
            if root in seen or not (root / "manifests").is_dir():
                continue
        except (OSError, RuntimeError) as err:  # RuntimeError: a symlink loop (Python < 3.13)
            log.info("Cannot read the Ollama store %s: %s", folder, err)
            continue
        seen.add(root)
        blobs: dict[Path, str] = {}
        for name, manifest in sorted(_manifests(root / "manifests")):
            blob = _model_blob(root, manifest)
            if blob is not None and blob not in blobs:
                blobs[blob] = name
        for blob, name in blobs.items():
            entry = read_only_entry(name, blob, OLLAMA_SOURCE)
            if entry is not None:
                found.append(entry)
    return found


def _manifests(folder: Path) -> Iterator[tuple[str, Path]]:
    """``(display name, manifest file)`` for each ``<host>/<namespace>/<model>/<tag>`` file.

    The depth is fixed, so a folder that links back to itself cannot make the walk endless.
    """
    for host in _subfolders(folder):
        for namespace in _subfolders(host):
            for model in _subfolders(namespace):
                for tag in _children(model):
                    name = display_name(host.name, namespace.name, model.name, tag.name)
                    yield name, tag


def _children(folder: Path) -> list[Path]:
    """The entries of ``folder`` that are not hidden (an empty list when it cannot be read)."""
    try:
        return [child for child in folder.iterdir() if not child.name.startswith(".")]
    except OSError as err:
        log.info("Cannot read %s: %s", folder, err)
        return []


def _subfolders(folder: Path) -> list[Path]:
    return [child for child in _children(folder) if _is(child.is_dir)]


def _is(check: Callable[[], bool]) -> bool:
    """``path.is_dir`` / ``path.is_file``, False where the file system refuses to say."""
    try:
        return check()
    except OSError:
        return False


def _model_blob(root: Path, manifest: Path) -> Path | None:
    """The weights blob a manifest names, or ``None`` (logged) when it names none usable."""
    if not _is(manifest.is_file):  # a folder, a pipe, a dangling link or a link loop
        log.info("Skipped %s in the Ollama store: not a manifest file", manifest)
        return None
    try:
        with manifest.open("rb") as handle:
            raw = handle.read(_MAX_MANIFEST_BYTES + 1)
        if len(raw) > _MAX_MANIFEST_BYTES:
            raise ValueError("far too large for a manifest")
        data = json.loads(raw)
    except (OSError, ValueError) as err:  # unreadable, not UTF-8, not JSON
        log.info("Skipped the Ollama manifest %s: %s", manifest, err)
        return None
    layers = data.get("layers") if isinstance(data, dict) else None
    models = [layer for layer in layers if isinstance(layer, dict)
              and layer.get("mediaType") == MODEL_MEDIA_TYPE] if isinstance(layers, list) else []
    if not models:
        log.info("Skipped the Ollama manifest %s: it names no model layer", manifest)
        return None
    digest = models[0].get("digest")
    match = _DIGEST.fullmatch(digest) if isinstance(digest, str) else None
    if match is None:  # "sha256:../../x" and the like never become a path
        log.info("Skipped the Ollama manifest %s: malformed digest %r", manifest, digest)
        return None
    blobs = root / "blobs"
    # Current Ollama writes "sha256-<hex>"; early versions wrote "sha256:<hex>" (never on
    # Windows, where a colon would name a stream of a file called "sha256").
    names = [f"sha256-{match.group(1)}"] + ([f"sha256:{match.group(1)}"] if os.name != "nt" else [])
    for blob in (blobs / name for name in names):
        if _is(blob.is_file):
            return blob
    log.info("Skipped the Ollama manifest %s: its blob %s is missing", manifest, digest)
    return None
