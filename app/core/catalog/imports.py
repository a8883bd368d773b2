"""Bring a model the user already has into the library: a ``.gguf`` file or an ONNX folder.

The destination is the LM Studio layout, ``models/<publisher>/<repo>/<file>`` for GGUF and
``models/<publisher>/<folder>/`` for ONNX. Everything is copied under a hidden temporary name in
the destination folder and renamed into place at the end, so a crash or a full disk never leaves
half a model that the library would list.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import uuid
from pathlib import Path

from app.core.catalog.library import ModelExistsError, remove_empty_parents
from app.core.catalog.variants import safe_relative_path
from app.core.errors import DiskSpaceError, ModelNotFoundError, NotAModelFileError
from app.core.formats.quant import quant_from_filename

log = logging.getLogger(__name__)

IMPORT_MARGIN_BYTES = 64 * 1024 * 1024  # never fill the disk to the last byte
_SPLIT_RE = re.compile(r"-\d{5}-of-\d{5}$", re.IGNORECASE)
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model")
_EXPECTED = ("Expected a .gguf file, or an ONNX model folder: one holding genai_config.json "
             "with its .onnx graph (onnxruntime-genai), or onnx/*.onnx with config.json and "
             "tokenizer.json (onnx-community).")


def onnx_layout(folder: Path) -> str | None:
    """``"genai"`` or ``"optimum"`` when ``folder`` is an ONNX model folder, else ``None``.

    onnxruntime-genai: ``genai_config.json`` and the decoder graph it names (any ``*.onnx``
    when it names none). onnx-community / Optimum: ``onnx/*.onnx`` with ``config.json`` and a
    tokenizer (``tokenizer.json``, or ``tokenizer.model`` for SentencePiece models).

    Raises:
        nothing: an unreadable ``genai_config.json`` means "not a model folder".
    """
    config = folder / "genai_config.json"
    if config.is_file():
        try:
            graph = json.loads(config.read_text(encoding="utf-8"))["model"]["decoder"]["filename"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            graph = None  # RecursionError: JSON nested too deep to parse
        if isinstance(graph, str) and graph:
            return "genai" if (folder / graph).is_file() else None
        return "genai" if any(folder.glob("*.onnx")) else None
    if (any((folder / "onnx").glob("*.onnx")) and (folder / "config.json").is_file()
            and any((folder / name).is_file() for name in _TOKENIZER_FILES)):
        return "optimum"
    return None


def gguf_repo_name(path: Path) -> str:
    """The ``<repo>`` folder for a GGUF file: its name without quantisation, split or extension.

    ``Qwen2.5-7B-Instruct-Q4_K_M.gguf`` -> ``Qwen2.5-7B-Instruct``; a file named only by its
    quantisation (``Q4_K_M.gguf``) takes its parent folder's name.

    Raises:
        nothing.
    """
    stem = _SPLIT_RE.sub("", path.stem)
    quant = quant_from_filename(path.name)
    if quant:
        # Cut the quant and the separator before it ("-Q4_K_M", ".Q4_1", "_q8_0").
        stem = re.sub(rf"[-_. ]*{re.escape(quant)}\b.*$", "", stem, flags=re.IGNORECASE)
    stem = stem.strip(" ._-")
    return stem or path.parent.name or "model"


def import_model(source: Path, models_dir: Path, *, move: bool = False,
                 publisher: str = "local") -> Path:
    """Copy (or move) a model into the library and return where it now is.

    Args:
        source: a ``.gguf`` file or an ONNX model folder.
        models_dir: the library folder.
        move: move instead of copy (a rename on the same file system; else copy, then delete).
        publisher: the ``<publisher>`` folder, one plain name.

    Raises:
        ModelNotFoundError: nothing at ``source``.
        NotAModelFileError: neither a ``.gguf`` file nor an ONNX model folder (the message
            says what was expected), or a file that is not GGUF inside.
        CorruptModelError, UnsupportedArchitectureError: the GGUF header says so; nothing is
            copied.
        UnsafePathError: ``publisher`` or the derived name would leave the models folder.
        ModelExistsError: a model is already at the destination; it is not overwritten.
        DiskSpaceError: not enough free space (facts ``bytes_needed`` / ``bytes_available``),
            before the copy starts or when the disk fills up; nothing is left behind.
        OSError: the copy failed for another reason; nothing is left behind.
    """
    source = Path(source).expanduser()
    if not source.exists():
        raise ModelNotFoundError(f"Nothing to import at {source}.", path=str(source),
                                 reason="import_source")
    if source.is_dir():
        if onnx_layout(source) is None:
            raise _not_a_model_folder(source)
        name = source.name
    elif source.suffix.lower() == ".gguf":
        from app.core.formats.gguf_reader import read_gguf_metadata

        read_gguf_metadata(source)  # refuse a broken file before a byte is copied
        name = f"{gguf_repo_name(source)}/{source.name}"
    else:
        raise NotAModelFileError(f"{source.name} is not a model Ondol can import. {_EXPECTED}",
                                 path=str(source), reason="not_importable")
    rel = safe_relative_path(f"{publisher}/{name}")
    target = models_dir.joinpath(*rel.parts)
    if target.exists() or target.is_symlink():
        raise ModelExistsError(f"{rel.as_posix()} is already in the library; it is not "
                               "overwritten. Delete it first to import it again.",
                               path=str(target), name=rel.as_posix(), reason="import")
    # A link is moved by copying what it points to: renamed, a relative link would break.
    if move and not _has_links(source) and _same_file_system(source, target.parent):
        try:
            _place(source, target, rename=True)
            return target
        except OSError as err:
            if err.errno != errno.EXDEV:  # a bind mount can still be another device
                raise
    _place(source, target, rename=False)
    if move:
        _delete_source(source)
    return target


def _place(source: Path, target: Path, *, rename: bool) -> None:
    """Rename ``source`` to ``target``, or copy it there; the folders made are removed on failure.

    Raises:
        ModelExistsError, DiskSpaceError, OSError: see ``import_model``.
    """
    if not rename:
        _check_disk_space(source, target.parent)
    # The first missing folder on the way: what to remove again if the import fails.
    created = next((p for p in reversed(target.parents) if not p.exists()), None)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if rename:
            _rename_into_place(source, target)  # one atomic rename: no temporary name needed
        else:
            _copy_into_place(source, target)
    except BaseException:
        if created is not None:
            remove_empty_parents(target.parent, created.parent)
        raise


def _copy_into_place(source: Path, target: Path) -> None:
    """Copy to a hidden temporary name beside ``target``, then rename it into place.

    Raises:
        DiskSpaceError: the disk filled up; ModelExistsError, OSError: see ``import_model``.
            In every case the temporary copy is removed.
    """
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if source.is_dir():
            shutil.copytree(source, temp)
        else:
            shutil.copy2(source, temp)
        _rename_into_place(temp, target)
    except BaseException as err:
        _remove(temp)
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            raise DiskSpaceError(
                f"The disk filled up while importing {source.name}; nothing was kept.",
                path=str(target), bytes_needed=_size_of(source),
                bytes_available=_free_bytes(target.parent), reason="full_while_importing",
                name=source.name) from err
        raise


def _rename_into_place(source: Path, target: Path) -> None:
    """The final, atomic step; a model that appeared meanwhile is not overwritten.

    Raises:
        ModelExistsError: ``target`` exists (it appeared during the copy).
    """
    # os.replace would silently overwrite: check again right before it (the window is tiny).
    if target.exists() or target.is_symlink():
        raise ModelExistsError(f"{target.name} appeared in the library during the import; "
                               "it is not overwritten.", path=str(target), name=target.name,
                               reason="appeared_during_import")
    os.replace(source, target)


def _check_disk_space(source: Path, folder: Path) -> None:
    """Refuse before copying when the copy plus a margin does not fit.

    Raises:
        DiskSpaceError: with ``bytes_needed`` and ``bytes_available``.
    """
    needed = _size_of(source) + IMPORT_MARGIN_BYTES
    free = _free_bytes(folder)
    if needed > free:
        raise DiskSpaceError(
            f"Not enough disk space to import {source.name}: it needs {needed / 2**30:.1f} GiB "
            f"(with a safety margin) and {free / 2**30:.1f} GiB is free.",
            path=str(folder), bytes_needed=needed, bytes_available=free, reason="import",
            name=source.name)


def _free_bytes(folder: Path) -> int:
    return shutil.disk_usage(_existing_ancestor(folder)).free


def _existing_ancestor(path: Path) -> Path:
    """``path`` or its nearest parent that exists (the destination is made only after checks)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def _same_file_system(source: Path, folder: Path) -> bool:
    return source.stat().st_dev == _existing_ancestor(folder).stat().st_dev


def _has_links(path: Path) -> bool:
    if path.is_symlink():
        return True
    return path.is_dir() and any(p.is_symlink() for p in path.rglob("*"))


def _size_of(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, ignoring what is already gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _delete_source(source: Path) -> None:
    """After a cross-device move: the model is safely in place, so a failure here is logged."""
    try:
        if source.is_dir() and not source.is_symlink():
            shutil.rmtree(source)
        else:
            source.unlink()
    except OSError as err:
        log.warning("Imported %s, but could not delete the original: %s", source, err)


def _not_a_model_folder(folder: Path) -> NotAModelFileError:
    """The refusal for a folder, pointing at ONNX builds in its subfolders when it has some."""
    inside = sorted(p.parent.relative_to(folder).as_posix()
                    for p in folder.glob("*/**/genai_config.json"))[:5]
    hint = f" It holds ONNX builds in subfolders ({', '.join(inside)}): pick one." if inside else ""
    return NotAModelFileError(f"{folder.name} is not a model folder. {_EXPECTED}{hint}",
                              path=str(folder), reason="not_a_model_folder", subfolders=inside)
