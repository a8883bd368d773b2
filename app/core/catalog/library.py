"""The local model library: what is in ``models/<publisher>/<repo>/``, and finding one by name."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import (  # the two model errors are re-exported for importers
    CorruptModelError,
    ModelExistsError,
    ModelNotFoundError,
    OndolError,
    ReadOnlyModelError,
    UnsafePathError,
)

__all__ = ["LocalModel", "ModelExistsError", "ReadOnlyModelError"]
from app.core.catalog.projectors import is_projector_name, with_projectors
from app.core.formats.metadata import ModelMetadata
from app.core.formats.quant import quant_from_filename

# Downloads in progress and anything else that is not a finished model.
_SKIP_SUFFIXES = (".part", ".tmp")
OWN_SOURCE = "ondol"


@dataclass(frozen=True)
class LocalModel:
    """One model file in the library, with its metadata or the error that reading it gave."""

    name: str  # "publisher/repo/file" relative to the models folder
    path: Path
    size_bytes: int
    metadata: ModelMetadata | None = None
    error: OndolError | None = None
    source: str = OWN_SOURCE  # "ondol", or where a read-only model lives: "lmstudio", "hf-cache"
    read_only: bool = False  # another app's file: listed and loadable, never moved or deleted
    projector: Path | None = None  # a vision model's projector (mmproj*.gguf) beside it

    @property
    def vision(self) -> bool:
        """Whether the model sees images: a vision projector was found beside it."""
        return self.projector is not None

    @property
    def format(self) -> str:
        """The file format: from the header, else by extension, ``"onnx"`` for a folder."""
        if self.metadata is not None:
            return self.metadata.format
        if self.path.is_dir():  # ONNX models are folders; a name like "Phi-3.5" has a "suffix"
            return "onnx"
        return self.path.suffix.lstrip(".").lower()

    @property
    def quant(self) -> str | None:
        """Quantisation from the header, else from the file name."""
        if self.metadata and self.metadata.file_type:
            return self.metadata.file_type
        return quant_from_filename(self.path.name)

    @property
    def usable(self) -> bool:
        """False for files whose header could not be read: they are listed, never loaded."""
        return self.error is None

    @property
    def template_present(self) -> bool:
        """Whether the GGUF header carries a chat template (without one, chat needs a fallback)."""
        return self.metadata is not None and self.metadata.chat_template is not None


def scan_library(models_dir: Path) -> list[LocalModel]:
    """All GGUF model files under ``models_dir``, sorted by name; unreadable ones carry their
    error. Vision projectors (``mmproj*.gguf``) are not models: left out here, paired with
    their models by ``scan_all``.

    Raises:
        nothing: a missing folder is an empty library; a bad file is reported on its entry.
    """
    if not models_dir.is_dir():
        return []
    return [read_entry(path.relative_to(models_dir).as_posix(), path)
            for path in sorted(models_dir.rglob("*.gguf"))
            if path.is_file() and not path.name.endswith(_SKIP_SUFFIXES)
            and not is_projector_name(path.name) and _complete_split(path)]


_SPLIT = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)


def _complete_split(path: Path) -> bool:
    """A split GGUF is one model: listed by its first part, and only once every part is there
    (while later parts are still downloading, or failed their check, it is not offered)."""
    match = _SPLIT.search(path.name)
    if match is None:
        return True
    if int(match.group(1)) != 1:
        return False
    count = int(match.group(2))
    stem = path.name[:match.start()]
    return all((path.parent / f"{stem}-{i:05d}-of-{count:05d}.gguf").is_file()
               for i in range(1, count + 1))


def unreadable(path: Path, err: OSError) -> CorruptModelError:
    """The error an entry carries when the file system refuses to let it be read."""
    return CorruptModelError(
        f"{path} cannot be read: {err.strerror or err}.", path=str(path), truncated=False,
        reason="unreadable_file", file=path.name, folder=str(path.parent), detail=str(err))


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_entry(name: str, path: Path, source: str = OWN_SOURCE,
               read_only: bool = False) -> LocalModel:
    """One GGUF file as a library entry: its metadata, or the typed error reading it gave.

    Every entry is read on its own: whatever is wrong with one file (damage, permissions, an
    I/O error) goes on its entry, so the rest of the library still loads.

    Raises:
        nothing.
    """
    # Imported here: the gguf package (and numpy) would add a quarter second to opening the window.
    from app.core.formats.gguf_reader import read_gguf_metadata

    try:
        meta = read_gguf_metadata(path)
    except OndolError as err:
        return LocalModel(name, path, _size_or_zero(path), error=err, source=source,
                          read_only=read_only)
    except OSError as err:  # permissions, an I/O error, a file that vanished mid-scan
        return LocalModel(name, path, _size_or_zero(path), error=unreadable(path, err),
                          source=source, read_only=read_only)
    return LocalModel(name, path, meta.file_size_bytes, metadata=meta, source=source,
                      read_only=read_only)


def read_onnx_entry(name: str, folder: Path, source: str = OWN_SOURCE,
                    read_only: bool = False) -> LocalModel:
    """One ONNX model folder as a library entry: its metadata, or the typed error reading it gave.

    Raises:
        nothing: a file that vanishes mid-scan is counted as zero bytes.
    """
    from app.core.formats.onnx_folder import read_onnx_metadata

    def size_of(file: Path) -> int:
        try:
            return file.stat().st_size if file.is_file() else 0
        except OSError:
            return 0

    size = sum(size_of(f) for f in folder.rglob("*"))
    try:
        meta = read_onnx_metadata(folder)
    except OndolError as err:
        return LocalModel(name, folder, size, error=err, source=source, read_only=read_only)
    except OSError as err:  # permissions or an I/O error on one of its files
        return LocalModel(name, folder, size, error=unreadable(folder, err), source=source,
                          read_only=read_only)
    return LocalModel(name, folder, size, metadata=meta, source=source, read_only=read_only)


def scan_onnx_folders(models_dir: Path) -> list[LocalModel]:
    """The ONNX model folders under ``models_dir`` (either layout), sorted by name.

    Hidden folders are skipped: an import in progress copies into ``.<name>.<random>.tmp``.

    Raises:
        nothing: a missing folder gives an empty list.
    """
    from app.core.catalog.imports import onnx_layout  # imports.py imports this module

    found: list[LocalModel] = []
    for root, dirs, _files in os.walk(models_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith(".tmp"))
        folder = Path(root)
        if folder == models_dir or onnx_layout(folder) is None:
            continue
        if any(f.name.endswith(".part") for f in folder.rglob("*")):
            dirs[:] = []
            continue  # still downloading (or a file failed its check): not a model yet
        dirs[:] = []  # an ONNX folder's "onnx/" subfolder is part of it, not another model
        found.append(read_onnx_entry(folder.relative_to(models_dir).as_posix(), folder))
    return sorted(found, key=lambda m: m.name)


def scan_all(models_dir: Path, external_folders: Sequence[Path] | None = None,
             hf_cache: Path | None = None, include_external: bool = True) -> list[LocalModel]:
    """Ondol's own models (GGUF and ONNX) first, then read-only ones from other apps; a GGUF
    model with a vision projector beside it carries it (``LocalModel.projector``).

    An external model with the same file name and size as one already listed is left out: it
    is the same download, and listing it twice would only confuse.

    Args:
        models_dir: Ondol's library folder.
        external_folders: LM Studio model folders; ``None``: LM Studio's usual places.
        hf_cache: the Hugging Face hub cache; ``None``: ``HF_HUB_CACHE``.
        include_external: ``False`` lists Ondol's own models only.

    Raises:
        nothing: missing folders are empty; unreadable files carry their error.
    """
    own = sorted(scan_library(models_dir) + scan_onnx_folders(models_dir), key=lambda m: m.name)
    if not include_external:
        return with_projectors(own)
    from app.core.catalog.external import scan_external

    seen = {(m.path.name, m.size_bytes) for m in own}
    result = list(own)
    for model in scan_external(external_folders, hf_cache):
        key = (model.path.name, model.size_bytes)
        if key not in seen:
            seen.add(key)
            result.append(model)
    return with_projectors(result)


def delete_model(model: LocalModel, models_dir: Path) -> None:
    """Delete an own model (a file, or an ONNX folder) and the folders it leaves empty.

    Parent folders are removed up to, never including, ``models_dir``. A symbolic link is
    removed as a link: what it points to is left alone.

    Raises:
        ReadOnlyModelError: the model belongs to another app (LM Studio, the HF cache).
        UnsafePathError: the model is not inside ``models_dir`` (checked on resolved paths).
        ModelNotFoundError: it is already gone.
        OSError: the file system refused (permissions, a file in use on Windows).
    """
    if model.read_only:
        raise ReadOnlyModelError(
            f"{model.name} belongs to another app ({model.source}); Ondol only reads it. "
            "Delete it there.", path=str(model.path), source=model.source, name=model.name)
    root = models_dir.resolve()
    # Resolve the parent only: the entry itself may be a link, and it is the link we remove.
    target = model.path.parent.resolve() / model.path.name
    if target == root or not target.is_relative_to(root):
        raise UnsafePathError(f"{model.path} is not inside the models folder {models_dir}; "
                              "it is not deleted.", path=str(model.path), reason="outside",
                              models_dir=str(models_dir))
    if not target.exists() and not target.is_symlink():
        raise ModelNotFoundError(f"No model file at {model.path}.", path=str(model.path))
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    else:
        target.unlink()
    remove_empty_parents(target.parent, root)


def remove_empty_parents(folder: Path, stop: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping before ``stop``.

    Raises:
        nothing: a folder that cannot be removed just ends the walk.
    """
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()  # fails on a non-empty folder, which is where we stop
        except OSError:
            return
        folder = folder.parent


def resolve_model(query: str, models_dir: Path) -> Path:
    """A model path from a file path, a library name, a file name or a unique part of a name,
    else from the exact name of another app's model (``smollm2:135m`` in Ollama's store).

    Raises:
        ModelNotFoundError: nothing matches, or the query matches several models.
    """
    direct = Path(query).expanduser()
    if direct.exists():
        return direct.resolve()
    models = scan_library(models_dir) + scan_onnx_folders(models_dir)
    lowered = query.lower()
    for rule in (
        lambda m: m.name == query,
        lambda m: m.path.name == query,
        lambda m: m.path.stem.lower() == lowered,
        lambda m: lowered in m.name.lower(),
    ):
        matches = [m for m in models if rule(m)]
        if len(matches) == 1:
            return matches[0].path
        if len(matches) > 1:
            raise ModelNotFoundError(
                f"'{query}' matches {len(matches)} models; be more specific: "
                + ", ".join(m.name for m in matches),
                query=query,
                matches=[m.name for m in matches],
                reason="ambiguous",
            )
    from app.core.catalog.external import find_external  # another app's model, by its name

    if (found := find_external(query)) is not None:
        return found
    if any(sep in query for sep in ("/", "\\")) or query.endswith(".gguf"):
        raise ModelNotFoundError(f"No model file at {direct}.", path=str(direct))
    raise ModelNotFoundError(
        f"No model named '{query}' in the library ({models_dir}). "
        "See 'ondol models list' for what is there.",
        query=query,
        models_dir=str(models_dir),
        reason="no_match",
    )
