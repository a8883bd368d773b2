"""ONNX model folders: which layout, which graph, and the facts planning and chat need.

Two layouts are read, without loading any weights:

- onnxruntime-genai: ``genai_config.json`` names the decoder graph (``model.onnx``, usually with
  its weights in ``model.onnx.data``); tokenizer files sit beside it.
- onnx-community / Optimum: ``config.json``, ``tokenizer.json`` and one or more graphs in
  ``onnx/`` (``model.onnx``, ``model_fp16.onnx``, ``model_q4.onnx``, ``model_int8.onnx``...),
  each a precision of the same model.

A model path is the folder, or (Optimum) one graph file inside ``onnx/``, which pins that
precision. Everything here raises Ondol's typed errors with a sentence a person can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import CorruptModelError, ModelNotFoundError, NotAModelFileError
from app.core.formats.metadata import ModelMetadata
from app.core.formats.onnx_config import check_genai_numbers, check_optimum_numbers, is_count

GENAI = "genai"
OPTIMUM = "optimum"

# Optimum graph names -> the precision they hold.
_OPTIMUM_PRECISION = {
    "model": "fp32", "model_fp16": "fp16", "model_q4": "q4", "model_q4f16": "q4f16",
    "model_int8": "int8", "model_uint8": "uint8", "model_quantized": "quantized",
    "model_bnb4": "bnb4",
}
# Which graph a device prefers when the folder path (not one graph) is given.
GRAPH_PREFERENCE = {
    "cpu": ("q4", "int8", "quantized", "uint8", "fp32", "bnb4", "q4f16", "fp16"),
    "gpu": ("fp16", "q4f16", "fp32", "q4", "int8", "quantized", "uint8", "bnb4"),
}
_PRECISION_WORDS = re.compile(r"(?<![a-z0-9])(int4|int8|uint8|fp16|fp32|bf16|q4f16|q4|bnb4)"
                              r"(?![a-z0-9])", re.IGNORECASE)
_TEMPLATE_FILE = "chat_template.jinja"


@dataclass(frozen=True)
class OnnxModelFiles:
    """One runnable ONNX model: its folder, layout, the graph to run and what it needs."""

    folder: Path
    layout: str  # GENAI or OPTIMUM
    graph: Path
    precision: str  # "int4", "int8", "fp16", "fp32", "q4", ... or "unknown"
    config: dict[str, Any]  # genai_config.json["model"] or config.json
    tokenizer_config: dict[str, Any] = field(default_factory=dict)
    chat_template: str | None = None
    eos_token_ids: tuple[int, ...] = ()
    size_bytes: int = 0  # the graph and its external data


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelNotFoundError(f"The model folder has no {path.name} ({what}).",
                                 path=str(path), missing="config_file", file=path.name,
                                 folder=str(path.parent)) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        # RecursionError: JSON nested too deep for the parser, never a real configuration.
        raise CorruptModelError(f"{path.name} in {path.parent} cannot be read: {err}.",
                                path=str(path), truncated=False, reason="unreadable_file",
                                file=path.name, folder=str(path.parent),
                                detail=str(err)) from None
    if not isinstance(data, dict):
        raise CorruptModelError(f"{path.name} in {path.parent} is not a JSON object.",
                                path=str(path), truncated=False, reason="not_json_object",
                                file=path.name, folder=str(path.parent))
    return data


def _optional_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _token_text(value: Any) -> str | None:
    """Special tokens are a string or (older configs) ``{"content": ...}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return value["content"]
    return None


def _ids(value: Any) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, int))
    return ()


def _chat_template(folder: Path, tokenizer_config: dict[str, Any]) -> str | None:
    """``chat_template.jinja`` (newer exports) or ``tokenizer_config.json["chat_template"]``."""
    template_file = folder / _TEMPLATE_FILE
    if template_file.is_file():
        try:
            return template_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    template = tokenizer_config.get("chat_template")
    if isinstance(template, str):
        return template
    if isinstance(template, list):  # [{"name": "default", "template": ...}, ...]
        for entry in template:
            if isinstance(entry, dict) and entry.get("name") == "default":
                text = entry.get("template")
                return text if isinstance(text, str) else None
    return None


def external_data_files(graph: Path) -> list[str]:
    """File names the graph keeps its weights in (``location`` entries), read from the bytes.

    A graph with external data is small (the weights are elsewhere), so it is read whole; a
    graph over 32 MiB holds its weights inside and is not searched.

    Raises:
        nothing: an unreadable graph gives an empty list (loading it reports the error).
    """
    try:
        if graph.stat().st_size > 32 * 1024 * 1024:
            return []
        data = graph.read_bytes()
    except OSError:
        return []
    names: set[str] = set()
    # StringStringEntryProto: key "location" (0x0a 0x08 "location"), value field 0x12 <len> name
    for match in re.finditer(rb"\x0a\x08location\x12([\x01-\x7f])", data):
        length = match.group(1)[0]
        raw = data[match.end():match.end() + length]
        try:
            names.add(raw.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return sorted(names)


def _check_graph(graph: Path) -> int:
    """The graph and its external data exist; returns their total size.

    Raises:
        ModelNotFoundError: the graph or an external data file is missing.
        CorruptModelError: the graph is empty.
    """
    if not graph.is_file():
        raise ModelNotFoundError(f"The model's graph {graph.name} is missing from {graph.parent}.",
                                 path=str(graph), missing="graph", file=graph.name,
                                 folder=str(graph.parent))
    size = graph.stat().st_size
    if size == 0:
        raise CorruptModelError(f"{graph.name} is empty.", path=str(graph), truncated=True,
                                reason="empty_graph", file=graph.name)
    for name in external_data_files(graph):
        data = graph.parent / name
        if not data.is_file():
            raise ModelNotFoundError(
                f"{graph.name} keeps its weights in {name}, which is missing from "
                f"{graph.parent}. Download the model again.", path=str(data),
                missing="external_data", file=name, graph=graph.name, folder=str(graph.parent))
        size += data.stat().st_size
    return size


def precision_of(name: str, graph: Path | None = None) -> str:
    """The precision a folder or file name states, else what the graph's operators show.

    Raises:
        nothing.
    """
    match = _PRECISION_WORDS.search(name)
    if match:
        return match.group(1).lower()
    if graph is not None:
        try:
            if graph.stat().st_size <= 64 * 1024 * 1024:
                return "int4" if b"MatMulNBits" in graph.read_bytes() else "fp32"
        except OSError:
            pass
    return "unknown"


def optimum_graphs(folder: Path) -> dict[str, Path]:
    """The Optimum graphs in ``folder/onnx`` by precision (decoder graphs only).

    Raises:
        nothing.
    """
    found: dict[str, Path] = {}
    onnx_dir = folder / "onnx"
    if not onnx_dir.is_dir():
        return found
    for graph in sorted(onnx_dir.glob("*.onnx")):
        stem = graph.stem.removeprefix("decoder_").replace("decoder_model", "model")
        precision = _OPTIMUM_PRECISION.get(stem)
        if precision is not None:
            found[precision] = graph
    return found


def _split_path(path: Path) -> tuple[Path, Path | None]:
    """(folder, pinned graph or None) for a folder or an ``onnx/*.onnx`` file path."""
    if path.is_file() and path.suffix == ".onnx":
        folder = path.parent.parent if path.parent.name == "onnx" else path.parent
        return folder, path
    return path, None


def read_onnx_model(path: Path, device: str = "cpu") -> OnnxModelFiles:
    """The runnable model at ``path`` (a folder, or an Optimum graph file), checked.

    Args:
        path: the model folder, or one ``onnx/model_*.onnx`` file of an Optimum folder.
        device: ``"cpu"`` or ``"gpu"``: which Optimum graph a folder path picks.

    Raises:
        ModelNotFoundError: nothing there, or the graph or its external data is missing.
        NotAModelFileError: the folder is not an ONNX model in either layout.
        CorruptModelError: a config file is damaged or holds an invalid count
            (``reason="bad_config_value"``), or the graph is empty.
    """
    if not path.exists():
        raise ModelNotFoundError(f"No model at {path}.", path=str(path))
    folder, pinned = _split_path(path)
    if (folder / "genai_config.json").is_file():
        return _read_genai(folder, pinned)
    if (folder / "config.json").is_file() and (folder / "onnx").is_dir():
        return _read_optimum(folder, pinned, device)
    raise NotAModelFileError(
        f"{folder} is not an ONNX model folder: it needs genai_config.json and its .onnx graph "
        "(onnxruntime-genai), or config.json, tokenizer.json and onnx/*.onnx (onnx-community).",
        path=str(folder), looks_like="folder", reason="not_onnx_folder")


def _read_genai(folder: Path, pinned: Path | None) -> OnnxModelFiles:
    genai = _read_json(folder / "genai_config.json", "onnxruntime-genai's configuration")
    model = genai.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("decoder"), dict):
        raise CorruptModelError("genai_config.json has no model.decoder section.",
                                path=str(folder / "genai_config.json"), truncated=False,
                                reason="no_decoder_section", file="genai_config.json")
    check_genai_numbers(model, folder / "genai_config.json")
    filename = model["decoder"].get("filename")
    graph = pinned or (folder / filename if isinstance(filename, str) and filename else None)
    if graph is None:
        graphs = sorted(folder.glob("*.onnx"))
        if not graphs:
            raise ModelNotFoundError(f"{folder} has genai_config.json but no .onnx graph.",
                                     path=str(folder), missing="genai_graph",
                                     folder=str(folder))
        graph = graphs[0]
    size = _check_graph(graph)
    tokenizer_config = _optional_json(folder / "tokenizer_config.json")
    eos = _ids(model.get("eos_token_id"))
    return OnnxModelFiles(folder, GENAI, graph, precision_of(folder.name, graph), model,
                          tokenizer_config, _chat_template(folder, tokenizer_config), eos, size)


def _read_optimum(folder: Path, pinned: Path | None, device: str) -> OnnxModelFiles:
    config = _read_json(folder / "config.json", "the model's configuration")
    check_optimum_numbers(config, folder / "config.json")
    if not (folder / "tokenizer.json").is_file():
        raise ModelNotFoundError(f"{folder} has no tokenizer.json. Download the model again.",
                                 path=str(folder / "tokenizer.json"), missing="tokenizer",
                                 folder=str(folder))
    graphs = optimum_graphs(folder)
    if pinned is not None:
        graph = pinned
        precision = next((p for p, g in graphs.items() if g == pinned), precision_of(pinned.stem))
    else:
        if not graphs:
            raise ModelNotFoundError(f"{folder / 'onnx'} holds no model graph.",
                                     path=str(folder / "onnx"), missing="onnx_graphs",
                                     folder=str(folder / "onnx"))
        order = GRAPH_PREFERENCE.get(device, GRAPH_PREFERENCE["cpu"])
        precision = next(p for p in (*order, *graphs) if p in graphs)
        graph = graphs[precision]
    size = _check_graph(graph)
    tokenizer_config = _optional_json(folder / "tokenizer_config.json")
    generation = _optional_json(folder / "generation_config.json")
    eos = _ids(generation.get("eos_token_id")) or _ids(config.get("eos_token_id"))
    return OnnxModelFiles(folder, OPTIMUM, graph, precision, config, tokenizer_config,
                          _chat_template(folder, tokenizer_config), eos, size)


def onnx_metadata(files: OnnxModelFiles) -> ModelMetadata:
    """The planning facts (layers, heads, context...) as ``ModelMetadata`` (format "onnx").

    Raises:
        nothing: fields a config lacks are ``None``.
    """
    cfg = files.config
    if files.layout == GENAI:
        decoder = cfg.get("decoder", {})
        layers = decoder.get("num_hidden_layers")
        heads = decoder.get("num_attention_heads")
        kv_heads = decoder.get("num_key_value_heads", heads)
        hidden = decoder.get("hidden_size")
        head_dim = decoder.get("head_size")
        context = cfg.get("context_length")
        arch = cfg.get("type") if isinstance(cfg.get("type"), str) else "unknown"
        vocab = cfg.get("vocab_size")
        bos_id = cfg.get("bos_token_id")
        sliding = decoder.get("sliding_window", {})
        window = sliding.get("window_size") if isinstance(sliding, dict) else None
    else:
        text = cfg.get("text_config") if isinstance(cfg.get("text_config"), dict) else cfg
        layers = text.get("num_hidden_layers")
        heads = text.get("num_attention_heads")
        kv_heads = text.get("num_key_value_heads", heads)
        hidden = text.get("hidden_size")
        head_dim = text.get("head_dim") or (hidden // heads if hidden and heads else None)
        context = text.get("max_position_embeddings")
        arch = next((t for t in (text.get("model_type"), cfg.get("model_type"))
                     if isinstance(t, str) and t), "unknown")
        vocab = text.get("vocab_size")
        bos_id = text.get("bos_token_id")
        window = text.get("sliding_window")
    tok = files.tokenizer_config
    return ModelMetadata(
        path=files.graph if files.layout == OPTIMUM else files.folder,
        format="onnx",
        file_size_bytes=files.size_bytes,
        architecture=arch,
        name=files.folder.name,
        file_type=files.precision,
        block_count=layers,
        embedding_length=hidden,
        head_count=heads,
        head_count_kv=kv_heads,
        key_length=head_dim,
        value_length=head_dim,
        context_length=context,
        sliding_window=window if is_count(window) else None,
        vocab_size=vocab,
        chat_template=files.chat_template,
        bos_token=_token_text(tok.get("bos_token")),
        eos_token=_token_text(tok.get("eos_token")),
        bos_token_id=bos_id if isinstance(bos_id, int) and not isinstance(bos_id, bool)
        else None,
        eos_token_id=files.eos_token_ids[0] if files.eos_token_ids else None,
        tensor_data_bytes=files.size_bytes,
    )


def read_onnx_metadata(path: Path, device: str = "cpu") -> ModelMetadata:
    """``read_onnx_model`` then ``onnx_metadata``.

    Raises:
        ModelNotFoundError, NotAModelFileError, CorruptModelError: as ``read_onnx_model``.
    """
    return onnx_metadata(read_onnx_model(path, device))
