"""Which backend runs a model path, and making one (runtimes are imported only here, lazily).

- a file (``.gguf`` or anything else that is not ``.onnx``): llama.cpp, whose header check
  explains a file that is not GGUF;
- a folder with ``genai_config.json``, or a ``.onnx`` file beside one: onnxruntime-genai;
- an onnx-community / Optimum folder (``config.json`` and ``onnx/``), or one of its
  ``onnx/*.onnx`` graphs: plain onnxruntime (Ondol's own decoding loop);
- any other folder: onnxruntime-genai, whose folder check says what an ONNX folder needs.

The GUI process imports this module; it must not import llama_cpp or onnxruntime itself.
"""

from __future__ import annotations

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


def make_backend(kind: BackendKind, log_sink: LogSink | None = None) -> Backend:
    """A new backend of ``kind`` (its runtime is imported now, in the calling process).

    Raises:
        ModelLoadError: the runtime for ``kind`` is not installed (``facts["backend"]``).
        ValueError: an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown backend kind {kind!r}")
    try:
        if kind == LLAMA_CPP:
            from app.core.backends.llama.backend import LlamaCppBackend

            return LlamaCppBackend(log_sink=log_sink)
        if kind == ONNX_GENAI:
            from app.core.backends.onnx.genai_backend import OnnxGenaiBackend

            return OnnxGenaiBackend(log_sink=log_sink)
        from app.core.backends.onnx.ort_loop import OrtLoopBackend

        return OrtLoopBackend(log_sink=log_sink)
    except ImportError as err:
        package = {LLAMA_CPP: "llama-cpp-python", ONNX_GENAI: "onnxruntime-genai",
                   ONNX_RUNTIME: "onnxruntime"}[kind]
        raise ModelLoadError(
            f"This model needs the {kind} backend, which cannot start here: {err}. Install "
            f"{package} (pip install {package}).", backend=kind, missing_module=err.name or "",
        ) from err
