"""Jan's and GPT4All's model folders, read in place and never modified.

**Jan** keeps models in its data folder: ``<data dir>/Jan/data`` for current versions (the
platform's data folder: ``~/.local/share`` on Linux, ``~/Library/Application Support`` on macOS,
``%APPDATA%`` on Windows), ``~/.config/Jan/data`` for 0.5 on Linux, and ``~/jan`` for the first
versions. Current versions write ``llamacpp/models/<model id>/model.yml``, whose ``model_path`` is
relative to the data folder (a file Jan downloaded) or absolute (a file it imported in place);
older ones wrote ``models/<model id>/model.json`` (or ``model.yml``) beside the GGUF file. An
entry is named by Jan's model id; a folder holding several GGUF files names each by its file.
Projector files (``mmproj*.gguf``) are not models and are left out.

**GPT4All** keeps ``*.gguf`` files flat in its download folder (``~/.local/share/nomic.ai/GPT4All``
on Linux, ``~/Library/Application Support/nomic.ai/GPT4All`` on macOS,
``%LOCALAPPDATA%\\nomic.ai\\GPT4All`` on Windows, or the ``modelPath`` its settings name), and its
Python package in ``~/.cache/gpt4all``. Unfinished downloads are ``incomplete-<file>``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.core.catalog.external import read_only_entry
from app.core.catalog.library import LocalModel
from app.core.catalog.projectors import is_projector_name

log = logging.getLogger(__name__)

JAN_SOURCE = "jan"
GPT4ALL_SOURCE = "gpt4all"
_PARTIAL = (".part", ".tmp", ".incomplete", ".download", ".downloading")
_MODEL_FILES = ("model.yml", "model.json")
# Model ids are a folder or two deep; a bound keeps a hostile tree (or a link loop) cheap.
_MAX_DEPTH = 6


def _data_home() -> Path:
    """The platform's per-user data folder (where Tauri and Qt put application data)."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    if sys.platform == "darwin":
        return home / "Library" / "Application Support"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")


def default_jan_folders() -> list[Path]:
    """Jan's data folders, newest layout first: current, 0.5 (Linux), and the first ``~/jan``."""
    home = Path.home()
    folders = [_data_home() / "Jan" / "data"]
    if sys.platform.startswith("linux"):
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        folders.append(config / "Jan" / "data")
    folders.append(home / "jan")
    return folders


def default_gpt4all_folders() -> list[Path]:
    """GPT4All's download folder (the one its settings name first), then its Python package's."""
    home = Path.home()
    if sys.platform == "win32":
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        folders = [local / "nomic.ai" / "GPT4All"]
    else:
        folders = [_data_home() / "nomic.ai" / "GPT4All"]
    configured = _gpt4all_model_path(
        Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "nomic.ai" / "GPT4All.ini")
    return ([configured] if configured else []) + folders + [home / ".cache" / "gpt4all"]


def _gpt4all_model_path(ini: Path) -> Path | None:
    """The download folder GPT4All's settings file names (``modelPath=``), if any."""
    try:
        lines = ini.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and key.strip() == "modelPath" and value.strip().strip('"'):
            return Path(value.strip().strip('"'))
    return None


def scan_gpt4all(folders: Sequence[Path] | None = None) -> list[LocalModel]:
    """The GGUF files in GPT4All's folders, read-only, named by file, sorted per folder.

    Args:
        folders: the folders to read; ``None``: ``default_gpt4all_folders()``.

    Raises:
        nothing: missing or unreadable folders are skipped; a bad file carries its error.
    """
    found: list[LocalModel] = []
    for root in _distinct(default_gpt4all_folders() if folders is None else folders):
        try:
            paths = sorted(p for p in root.iterdir() if p.name.lower().endswith(".gguf"))
        except OSError as err:
            log.info("Cannot read the GPT4All folder %s: %s", root, err)
            continue
        for path in paths:
            if not path.name.startswith(("incomplete-", ".")) and _is_model(path):
                _add(found, path.name, path, GPT4ALL_SOURCE)
    return found


def scan_jan(folders: Sequence[Path] | None = None) -> list[LocalModel]:
    """The GGUF models in Jan's data folders, read-only, named by Jan's model id.

    Args:
        folders: Jan data folders to read; ``None``: ``default_jan_folders()``.

    Raises:
        nothing: missing or unreadable folders are skipped; a bad file carries its error.
    """
    found: list[LocalModel] = []
    for data in _distinct(default_jan_folders() if folders is None else folders):
        for root in (data / "llamacpp" / "models", data / "models"):
            for name, path in _jan_models(data, root):
                _add(found, name, path, JAN_SOURCE)
    return found


def _jan_models(data: Path, root: Path) -> list[tuple[str, Path]]:
    """``(model id, GGUF file)`` under one Jan models folder, sorted by id."""
    found: dict[Path, str] = {}
    for folder, files in _walk(root):
        model_id = folder.relative_to(root).as_posix()
        ggufs = sorted(folder / f for f in files if f.lower().endswith(".gguf")
                       and _is_model(folder / f))
        if "model.yml" in files:
            declared = _declared_path(data, folder / "model.yml")
            if declared is not None and declared not in ggufs and _is_model(declared):
                ggufs.append(declared)  # imported in place: the file lives outside Jan's folder
        described = any(f in files for f in _MODEL_FILES)
        for path in ggufs:
            name = model_id if described and len(ggufs) == 1 else (
                f"{model_id}/{path.name}" if model_id != "." else path.name)
            found.setdefault(path, name)
    return sorted(((name, path) for path, name in found.items()), key=lambda item: item[0])


def _declared_path(data: Path, yml: Path) -> Path | None:
    """The ``model_path`` a Jan ``model.yml`` gives, resolved against the data folder.

    Only that one top-level key is needed, so the file is read line by line rather than with a
    YAML parser.
    """
    try:
        lines = yml.read_text(encoding="utf-8", errors="replace").splitlines()[:200]
    except OSError as err:
        log.info("Cannot read %s: %s", yml, err)
        return None
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key == "model_path":
            value = value.strip().strip("'\"")
            return (data / value) if value else None  # an absolute value replaces ``data``
    return None


def _walk(root: Path) -> list[tuple[Path, list[str]]]:
    """``(folder, file names)`` under ``root``, hidden names left out, links to folders not
    followed, at most ``_MAX_DEPTH`` deep."""
    found: list[tuple[Path, list[str]]] = []
    for current, dirs, files in os.walk(root, onerror=lambda err: log.info("%s", err)):
        folder = Path(current)
        depth = len(folder.relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < _MAX_DEPTH else []
        found.append((folder, [f for f in files if not f.startswith(".")]))
    return found


def _is_model(path: Path) -> bool:
    """A finished GGUF file that is not a vision projector."""
    name = path.name.lower()
    return not is_projector_name(name) and not name.endswith(_PARTIAL)


def _distinct(folders: Sequence[Path]) -> list[Path]:
    """The folders that exist, each once (one is often a link to another)."""
    seen: list[Path] = []
    for folder in folders:
        try:
            root = folder.expanduser().resolve()
            if root.is_dir() and root not in seen:
                seen.append(root)
        except (OSError, RuntimeError) as err:  # RuntimeError: a symlink loop (Python < 3.13)
            log.info("Cannot read %s: %s", folder, err)
    return seen


def _add(found: list[LocalModel], name: str, path: Path, source: str) -> None:
    entry = read_only_entry(name, path, source)
    if entry is not None:
        found.append(entry)
