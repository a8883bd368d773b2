"""ONNX Runtime and onnxruntime-genai exceptions, as Ondol's typed errors.

Both runtimes raise with a message only: onnxruntime-genai raises a plain ``RuntimeError``,
onnxruntime raises its own classes (``InvalidProtobuf``, ``NoSuchFile``, ``Fail``,
``RuntimeException``) with an ``[ONNXRuntimeError] : 7 : INVALID_PROTOBUF : `` prefix. So the
messages are matched. Each pattern below is a message one of them really gave (onnxruntime
1.32, onnxruntime-genai 0.18) for a damaged copy of a real model:

- graph cut short or garbage: "Load model from .../model.onnx failed:Protobuf parsing failed."
- external data deleted: "External data path validation failed for initializer: ... External
  data path does not exist: \".../model.onnx.data\""
- external data cut short: "GetExtDataFromTensorProto External initializer: ... offset: 68592896
  size to read: 14155776 given file_length: 1000000 are out of bounds or can not be read in full."
- graph deleted: "Load model ... failed. File doesn't exist"
- genai_config.json deleted: "Error opening .../genai_config.json"
- genai_config.json with a key this genai does not know: "Error encountered while parsing
  '.../genai_config.json' JSON Error: model:decoder: Unknown value \"head_sizeX\" at line 11"
- an architecture this genai does not know: "Unsupported model_type in config.json: nosuch"
- tokenizer.json deleted: "Invalid file: .../tokenizer.json"; cut short:
  "[json.exception.parse_error.101] parse error at line 252, column 11: ..."
- tokenizer_config.json damaged: "Failed to parse config json."
- out of memory (address space limited): "Exception during initialization: std::bad_alloc"
- provider: "Cuda interface not available: Failed to load library: ...libonnxruntime-genai-
  cuda.so: cannot open shared object file", "DML provider requested, but the installed GenAI
  has not been built with DML support", "CoreML execution provider is not supported in this
  build.", "Unknown provider name 'coreml'. Currently supported values are ..."
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.backends.onnx.providers import install_hint
from app.core.errors import (
    CorruptModelError,
    GenerationError,
    InsufficientMemoryError,
    ModelLoadError,
    ModelNotFoundError,
    OndolError,
    UnsupportedArchitectureError,
)
from app.core.formats.onnx_folder import OnnxModelFiles

LOAD = "load"  # creating the model / session
TOKENIZER = "tokenizer"  # creating the tokenizer
GENERATE = "generate"  # running the model

_STATUS_PREFIX = re.compile(r"^\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*[A-Z_]+\s*:\s*")
_MISSING_DATA = re.compile(r"External data path does not exist:\s*\"?([^\"]+)\"?")
_SHORT_DATA = re.compile(r"offset:\s*(\d+)\s+size to read:\s*(\d+)\s+given file_length:\s*(\d+)")
_LOAD_FROM = re.compile(r"Load model (?:from )?(\S+?) failed")
_PROVIDER_WORDS = ("Cuda interface not available", "DML provider requested",
                   "execution provider is not supported in this build", "Unknown provider name",
                   "CUDA failure", "CUDNN failure", "cudaError", "CUDA error",
                   "EP Error", "DirectML", "D3D12")
_DEVICE_WORDS = {"cuda": "CUDA", "dml": "DirectML", "coreml": "CoreML", "cpu": "the CPU"}
_MEMORY_WORDS = ("bad_alloc", "Failed to allocate memory", "out of memory", "OutOfMemory",
                 "Available memory of")


def _where(files_or_path: OnnxModelFiles | Path | str) -> tuple[Path, Path | None]:
    """(the model folder or file, the graph when known)."""
    if isinstance(files_or_path, OnnxModelFiles):
        return files_or_path.folder, files_or_path.graph
    path = Path(files_or_path)
    if path.suffix == ".onnx":  # a graph: its model folder is beside it, or above onnx/
        return (path.parent.parent if path.parent.name == "onnx" else path.parent), path
    return path, None


def _install_line(provider: str | None) -> str:
    """The sentence saying what a GPU provider needs installed ("To use CUDA: pip ..."), or ""."""
    if not provider or provider == "cpu":
        return ""
    try:
        return f" To use {_DEVICE_WORDS[provider]}: {install_hint(provider)}."
    except KeyError:
        return ""


def _device_fact(provider: str | None) -> dict[str, str]:
    """``{"device": "CUDA"}`` (the provider's proper name) for a GPU provider, else nothing."""
    if provider and provider != "cpu" and provider in _DEVICE_WORDS:
        return {"device": _DEVICE_WORDS[provider]}
    return {}


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def runtime_message(err: BaseException) -> str:
    """The runtime's own sentence, without ONNX Runtime's status prefix or stray whitespace."""
    text = str(err).strip() or type(err).__name__
    return _STATUS_PREFIX.sub("", text)


def is_provider_failure(err: BaseException) -> bool:
    """Whether the message is about an execution provider (CUDA, DirectML...), not the files."""
    text = str(err)
    return any(word in text for word in _PROVIDER_WORDS)


def translate_onnx_error(err: BaseException, files_or_path: OnnxModelFiles | Path | str,
                         stage: str = LOAD, provider: str | None = None) -> OndolError:
    """The Ondol error for ``err``, raised by onnxruntime or onnxruntime-genai at ``stage``.

    Args:
        err: what the runtime raised.
        files_or_path: the model (``OnnxModelFiles``), or its folder or graph path.
        stage: ``LOAD`` (making the model or session), ``TOKENIZER`` or ``GENERATE``.
        provider: the execution provider in use ("cuda", "dml", ...; None or "cpu" for CPU).

    Returns:
        CorruptModelError: the graph, its external data, or a tokenizer file is damaged.
        ModelNotFoundError: a file the model needs is missing (``facts["missing"]``:
            "graph", "external_data", "genai_config", "tokenizer").
        UnsupportedArchitectureError: the runtime does not know the model type.
        InsufficientMemoryError: the runtime could not allocate memory.
        ModelLoadError: anything else while loading; ``facts["provider"]`` when a GPU
            provider failed.
        GenerationError: anything at ``GENERATE``.
        Each names its case in ``facts["reason"]`` (or ``facts["missing"]``), with the
        runtime's own sentence in ``facts["detail"]`` where that helps.
        An ``OndolError`` given as ``err`` is returned as it is.

    Raises:
        nothing.
    """
    if isinstance(err, OndolError):
        return err
    folder, graph = _where(files_or_path)
    text = runtime_message(err)
    memory = any(word in text for word in _MEMORY_WORDS)
    if stage == GENERATE:
        if memory:
            return InsufficientMemoryError(
                f"ONNX Runtime ran out of memory while generating: {text}. Use a shorter "
                "context or a smaller model.", path=str(folder), stage=stage)
        return GenerationError(f"ONNX Runtime failed while generating: {_sentence(text)}",
                               path=str(folder), stage=stage, provider=provider or "cpu",
                               reason="onnx_failed", detail=text)
    if "Protobuf parsing failed" in text or "INVALID_PROTOBUF" in str(err):
        bad = _LOAD_FROM.search(text)
        where = Path(bad.group(1)) if bad else (graph or folder)
        return CorruptModelError(
            f"The model graph {where.name} is damaged or incomplete (ONNX Runtime cannot parse "
            "it). Download the model again.", path=str(where), stage=stage,
            reason="damaged_graph")
    missing = _MISSING_DATA.search(text)
    if missing:
        data = Path(missing.group(1))
        return ModelNotFoundError(
            f"The model's weights file {data.name} is missing from {data.parent}. Download the "
            "model again.", path=str(data), missing="external_data")
    short = _SHORT_DATA.search(text)
    if short or "are out of bounds or can not be read in full" in text:
        facts: dict[str, object] = {"path": str(folder), "truncated": True, "stage": stage}
        if short:
            offset, size, length = (int(g) for g in short.groups())
            facts.update(expected_bytes=offset + size, actual_bytes=length)
        return CorruptModelError(
            "The model's weights file is cut short (an interrupted download?). Download the "
            "model again.", reason="truncated_weights", **facts)
    if "File doesn't exist" in text or "NO_SUCHFILE" in str(err):
        bad = _LOAD_FROM.search(text)
        where = Path(bad.group(1)) if bad else (graph or folder)
        return ModelNotFoundError(f"The model graph {where.name} is missing from "
                                  f"{where.parent}.", path=str(where), missing="graph")
    if text.startswith("Error opening") and "genai_config.json" in text:
        return ModelNotFoundError(f"{folder} has no genai_config.json, which "
                                  "onnxruntime-genai needs.", path=str(folder),
                                  missing="genai_config")
    unsupported = re.search(r"Unsupported model_type in config\.json:\s*(\S+)", text)
    if unsupported:
        arch = unsupported.group(1)
        return UnsupportedArchitectureError(
            f"The installed onnxruntime-genai cannot run models of type '{arch}'. A newer "
            "onnxruntime-genai may.", path=str(folder), architecture=arch,
            reason="unknown_model_type")
    if "genai_config.json" in text and "Unknown value" in text:
        return ModelLoadError(
            f"genai_config.json asks for something the installed onnxruntime-genai does not "
            f"know ({text}). The model was probably made for a newer onnxruntime-genai.",
            path=str(folder), stage=stage, provider=provider or "cpu",
            reason="genai_config_newer", detail=text)
    if "genai_config.json" in text and "JSON Error" in text:
        return CorruptModelError(f"genai_config.json is damaged: {_sentence(text)}",
                                 path=str(folder / "genai_config.json"), truncated=False,
                                 reason="damaged_genai_config", detail=text)
    if stage == TOKENIZER or text.startswith("Invalid file:") or "json.exception" in text \
            or "Failed to parse config json" in text:
        return _tokenizer_error(folder, text)
    if memory:
        return InsufficientMemoryError(
            f"There is not enough memory to load this model ({text}). Close other programs, "
            "or pick a smaller model or precision.", path=str(folder), stage=stage)
    if is_provider_failure(err) or (provider not in (None, "cpu")):
        return ModelLoadError(
            f"ONNX Runtime could not use {_DEVICE_WORDS.get(provider or '', 'the GPU')} for "
            f"this model: {_sentence(text)}{_install_line(provider)}",
            path=str(folder), stage=stage, provider=provider or "unknown",
            reason="provider_failed", detail=text, **_device_fact(provider))
    return ModelLoadError(f"ONNX Runtime could not load {folder}: {_sentence(text)}",
                          path=str(folder),
                          stage=stage, provider=provider or "cpu", reason="onnx_load",
                          detail=text)


def _tokenizer_error(folder: Path, text: str) -> OndolError:
    tokenizer = folder / "tokenizer.json"
    if not tokenizer.is_file():
        return ModelNotFoundError(f"{folder} has no tokenizer.json. Download the model again.",
                                  path=str(tokenizer), missing="tokenizer")
    if "Failed to parse config json" in text:
        return CorruptModelError(f"tokenizer_config.json in {folder} is damaged. Download the "
                                 "model again.", path=str(folder / "tokenizer_config.json"),
                                 truncated=False, reason="damaged_tokenizer_config")
    return CorruptModelError(f"The tokenizer files in {folder} are damaged ({text}). Download "
                             "the model again.", path=str(tokenizer), truncated=False,
                             reason="damaged_tokenizer", detail=text)
