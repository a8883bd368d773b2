"""The local model library: what is in ``models/<publisher>/<repo>/``, and finding one by name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.errors import ModelNotFoundError, OndolError
from app.core.formats.metadata import ModelMetadata
from app.core.formats.quant import quant_from_filename

# Downloads in progress and anything else that is not a finished model.
_SKIP_SUFFIXES = (".part", ".tmp")


@dataclass(frozen=True)
class LocalModel:
    """One model file in the library, with its metadata or the error that reading it gave."""

    name: str  # "publisher/repo/file" relative to the models folder
    path: Path
    size_bytes: int
    metadata: ModelMetadata | None = None
    error: OndolError | None = None

    @property
    def format(self) -> str:
        """The file format, by extension."""
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


def scan_library(models_dir: Path) -> list[LocalModel]:
    """All GGUF files under ``models_dir``, sorted by name; unreadable ones carry their error.

    Raises:
        nothing: a missing folder is an empty library; a bad file is reported on its entry.
    """
    if not models_dir.is_dir():
        return []
    # Imported here: the gguf package (and numpy) would add a quarter second to opening the window.
    from app.core.formats.gguf_reader import read_gguf_metadata

    found: list[LocalModel] = []
    for path in sorted(models_dir.rglob("*.gguf")):
        if not path.is_file() or path.name.endswith(_SKIP_SUFFIXES):
            continue
        name = path.relative_to(models_dir).as_posix()
        try:
            meta = read_gguf_metadata(path)
        except OndolError as err:
            found.append(LocalModel(name, path, path.stat().st_size, error=err))
            continue
        found.append(LocalModel(name, path, meta.file_size_bytes, metadata=meta))
    return found


def resolve_model(query: str, models_dir: Path) -> Path:
    """A model path from a file path, a library name, a file name or a unique part of a name.

    Raises:
        ModelNotFoundError: nothing matches, or the query matches several models.
    """
    direct = Path(query).expanduser()
    if direct.exists():
        return direct.resolve()
    models = scan_library(models_dir)
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
            )
    if any(sep in query for sep in ("/", "\\")) or query.endswith(".gguf"):
        raise ModelNotFoundError(f"No model file at {direct}.", path=str(direct))
    raise ModelNotFoundError(
        f"No model named '{query}' in the library ({models_dir}). "
        "See 'ondol models list' for what is there.",
        query=query,
        models_dir=str(models_dir),
    )
