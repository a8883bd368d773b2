"""Models other apps already downloaded, listed read-only so nobody downloads them twice.

Read here: LM Studio's models folder (``~/.lmstudio/models``, and the older
``~/.cache/lm-studio/models``; both in the ``<publisher>/<repo>/<file>.gguf`` layout) and the
Hugging Face hub cache (``models--org--name/snapshots/<commit>/...``). Ollama's store is read by
``ollama_store``, Jan's and GPT4All's folders by ``app_folders``. Ondol never writes, moves or
deletes anything there: the entries are ``read_only`` and carry their ``source``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from app.core.catalog.library import LocalModel, read_entry
from app.core.catalog.projectors import is_projector_name

log = logging.getLogger(__name__)

LMSTUDIO_SOURCE = "lmstudio"
HF_CACHE_SOURCE = "hf-cache"
# Unfinished downloads of either app, and Ondol's own temporary names.
_SKIP_SUFFIXES = (".part", ".tmp", ".incomplete", ".download", ".downloading")


def default_lmstudio_folders() -> list[Path]:
    """Where LM Studio keeps models: the current folder first, then the pre-0.3 one."""
    home = Path.home()
    return [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]


def scan_lmstudio(folders: Sequence[Path] | None = None) -> list[LocalModel]:
    """The GGUF files in LM Studio's models folders, read-only, sorted by name per folder.

    Args:
        folders: the folders to read; ``None``: ``default_lmstudio_folders()``.

    Raises:
        nothing: missing or unreadable folders are skipped; a bad file carries its error.
    """
    found: list[LocalModel] = []
    seen: set[Path] = set()  # the old folder is often a link to the new one
    for folder in default_lmstudio_folders() if folders is None else folders:
        try:
            root = folder.expanduser().resolve()
            if root in seen or not root.is_dir():
                continue
            seen.add(root)
            paths = sorted(root.rglob("*.gguf"))
        except OSError as err:
            log.info("Cannot read the LM Studio folder %s: %s", folder, err)
            continue
        for path in paths:
            if path.name.endswith(_SKIP_SUFFIXES) or is_projector_name(path.name) or any(
                    part.startswith(".") for part in path.relative_to(root).parts):
                continue
            entry = read_only_entry(path.relative_to(root).as_posix(), path, LMSTUDIO_SOURCE)
            if entry is not None:
                found.append(entry)
    return found


def scan_hf_cache(cache_dir: Path | None = None) -> list[LocalModel]:
    """The GGUF files of model repos in the Hugging Face hub cache, read-only.

    One entry per repo and file path: when several revisions hold the same file, the one that
    ``main`` points to wins, else the newest. Names are ``org/name/<path in the repo>``.

    Args:
        cache_dir: the hub cache; ``None``: ``huggingface_hub.constants.HF_HUB_CACHE``.

    Raises:
        nothing: a missing or damaged cache gives no entries (damaged repos are logged).
    """
    # Imported here: huggingface_hub pulls in its HTTP stack, which a library scan does not need.
    from huggingface_hub import constants, scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    folder = Path(cache_dir) if cache_dir is not None else Path(constants.HF_HUB_CACHE)
    try:
        info = scan_cache_dir(folder)
    except (CacheNotFound, ValueError, OSError) as err:  # missing, a file, or unreadable
        log.debug("No Hugging Face cache at %s: %s", folder, err)
        return []
    for warning in info.warnings:
        log.info("Skipped a damaged Hugging Face cache entry: %s", warning)

    found: list[LocalModel] = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        # main first, then newest: the first revision to name a file gives its entry.
        revisions = sorted(repo.revisions,
                           key=lambda r: ("main" not in r.refs, -r.last_modified))
        picked: dict[str, Path] = {}
        for revision in revisions:
            for file in revision.files:
                rel = file.file_path.relative_to(revision.snapshot_path).as_posix()
                if (rel.lower().endswith(".gguf") and rel not in picked
                        and not is_projector_name(rel.rsplit("/", 1)[-1])):
                    picked[rel] = file.file_path
        for rel, path in sorted(picked.items()):
            entry = read_only_entry(f"{repo.repo_id}/{rel}", path, HF_CACHE_SOURCE)
            if entry is not None:
                found.append(entry)
    return found


def scan_external(folders: Sequence[Path] | None = None,
                  hf_cache: Path | None = None) -> list[LocalModel]:
    """LM Studio's models, the Hugging Face cache's, Ollama's, Jan's and GPT4All's, all
    read-only (the last three from their apps' usual places).

    Raises:
        nothing: see ``scan_lmstudio``, ``scan_hf_cache``, ``scan_ollama``, ``scan_jan`` and
            ``scan_gpt4all``.
    """
    # Imported here: both modules build their entries with ``read_only_entry`` below.
    from app.core.catalog.app_folders import scan_gpt4all, scan_jan
    from app.core.catalog.ollama_store import scan_ollama

    return (scan_lmstudio(folders) + scan_hf_cache(hf_cache) + scan_ollama() + scan_jan()
            + scan_gpt4all())


def find_external(name: str) -> Path | None:
    """The file of the other app's usable model listed exactly as ``name`` (``smollm2:135m``,
    a Jan model id, ``publisher/repo/file.gguf``), or ``None``.

    Raises:
        nothing: see ``scan_external``.
    """
    return next((m.path for m in scan_external() if m.name == name and m.usable), None)


def read_only_entry(name: str, path: Path, source: str) -> LocalModel | None:
    """A read-only entry of ``source``, or ``None`` for a file that vanished or cannot be stat'ed.

    Raises:
        nothing: a file that cannot be read as GGUF is an entry with its error.
    """
    try:
        if not os.path.isfile(path):
            return None
        return read_entry(name, path, source=source, read_only=True)
    except OSError as err:
        log.info("Cannot read %s: %s", path, err)
        return None
