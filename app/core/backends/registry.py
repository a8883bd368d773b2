"""Which backend runs a model path, and making one (runtimes are imported only here, lazily).

- a file (``.gguf`` or anything else that is not ``.onnx``): llama.cpp, whose header check
  explains a file that is not GGUF;
- a folder with ``genai_config.json``, or a ``.onnx`` file beside one: onnxruntime-genai;
- an onnx-community / Optimum folder (``config.json`` and ``onnx/``), or one of its
  ``onnx/*.onnx`` graphs: plain onnxruntime (Ondol's own decoding loop);
- any other folder: onnxruntime-genai, whose folder check says what an ONNX folder needs.

The GUI process imports this module; it must not import llama_cpp or onnxruntime itself. So
the backends are named here as ``module:class`` and imported by name, in the runtime host only:
nothing that imports the registry (or the runtime client) imports a runtime, which the
import-linter contract in pyproject.toml checks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.core.errors import ModelLoadError

if TYPE_CHECKING:
    from app.core.backends.base import Backend

BackendKind = Literal["llama.cpp", "onnxruntime-genai", "onnxruntime"]
LLAMA_CPP: BackendKind = "llama.cpp"
ONNX_GENAI: BackendKind = "onnxruntime-genai"
ONNX_RUNTIME: BackendKind = "onnxruntime"
KINDS: tuple[BackendKind, ...] = (LLAMA_CPP, ONNX_GENAI, ONNX_RUNTIME)
_BACKEND_CLASSES: dict[BackendKind, str] = {
    LLAMA_CPP: "app.core.backends.llama.backend:LlamaCppBackend",
    ONNX_GENAI: "app.core.backends.onnx.genai_backend:OnnxGenaiBackend",
    ONNX_RUNTIME: "app.core.backends.onnx.ort_loop:OrtLoopBackend",
}

LogSink = Callable[[int, str], None]


def backend_kind_for(path: str | Path) -> BackendKind:
    """The backend for a model path, from what is on disk (nothing is loaded or parsed).

    Raises:
        nothing: a path that does not exist is a file for llama.cpp (which reports it).
    """
    p = Path(path)
    if p.is_dir():
        if (p / "genai_config.json").is_file():
            return ONNX_GENAI
        if (p / "config.json").is_file() and (p / "onnx").is_dir():
            return ONNX_RUNTIME
        return ONNX_GENAI
    if p.suffix.lower() == ".onnx":
        if (p.parent / "genai_config.json").is_file():
            return ONNX_GENAI
        return ONNX_RUNTIME
    return LLAMA_CPP


def backend_modules() -> list[str]:
    """The modules ``make_backend`` imports by name (the frozen app must bundle them)."""
    return [target.split(":")[0] for target in _BACKEND_CLASSES.values()]


def make_backend(kind: BackendKind, log_sink: LogSink | None = None) -> Backend:
    """A new backend of ``kind`` (its runtime is imported now, in the calling process).

    Raises:
        ModelLoadError: the runtime for ``kind`` is not installed (``facts["backend"]``).
        ValueError: an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown backend kind {kind!r}")
    module_name, class_name = _BACKEND_CLASSES[kind].split(":")
    try:
        backend_class = getattr(importlib.import_module(module_name), class_name)
    except ImportError as err:
        package = {LLAMA_CPP: "llama-cpp-python", ONNX_GENAI: "onnxruntime-genai",
                   ONNX_RUNTIME: "onnxruntime"}[kind]
        raise ModelLoadError(
            f"This model needs the {kind} backend, which cannot start here: {err}. Install "
            f"{package} (pip install {package}).", backend=kind, missing_module=err.name or "",
            package=package, reason="runtime_missing",
        ) from err
    return backend_class(log_sink=log_sink)
