"""One entry point for a model's metadata, whatever its format."""

from __future__ import annotations

from pathlib import Path

from app.core.formats.metadata import ModelMetadata


def is_onnx_path(path: Path) -> bool:
    """An ONNX model: a folder, or one ``.onnx`` graph (an Optimum precision)."""
    return path.is_dir() or path.suffix.lower() == ".onnx"


def read_model_metadata(path: Path) -> ModelMetadata:
    """The planning facts of the GGUF file or ONNX model at ``path``.

    Raises:
        ModelNotFoundError, NotAModelFileError, CorruptModelError,
        UnsupportedArchitectureError: the path is not a usable model.
        OSError: it cannot be read.
    """
    if is_onnx_path(path):
        from app.core.formats.onnx_folder import read_onnx_metadata

        return read_onnx_metadata(path)
    from app.core.formats.gguf_reader import read_gguf_metadata  # heavy: only when used

    return read_gguf_metadata(path)
