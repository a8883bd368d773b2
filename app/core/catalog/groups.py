"""Group the library's files by base model: one entry for the same model in GGUF quantisations and
ONNX precisions, each a variant that "Auto" chooses between (or the user pins).

Two files are the same base model when their names, with format and precision words removed,
agree (``SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf`` and
``SmolLM2-135M-Instruct-ONNX``) and their headers do not contradict it (architecture, layers and
width, where both are known). An Optimum folder with several graphs is several variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from app.core.catalog.library import LocalModel
from app.core.formats.quant import bits_per_weight

# Words that name a format, precision, device or build rather than the model.
_NOISE = re.compile(
    r"(?<![a-z0-9])(i?q\d_[a-z0-9_]+|gguf|onnx-web|onnx|genai|ort|cpu_and_mobile|cpu|cuda|dml"
    r"|directml|mobile|web|int4|int8|uint8|fp16|fp32|bf16|f16|f32|q4f16|q4|bnb4|quantized|awq"
    r"|rtn|block-\d+|acc-level-\d+)(?![a-z0-9])", re.IGNORECASE)
_LEFTOVER_SEPARATORS = re.compile(r"[-_. ]{2,}")
_SEPARATORS = re.compile(r"[-_. ]+")

# Bits per weight of ONNX precisions, for the quality classes below.
_ONNX_BITS = {"int4": 4.5, "q4": 4.5, "bnb4": 4.5, "q4f16": 4.5, "int8": 8.5, "uint8": 8.5,
              "quantized": 8.5, "fp16": 16.0, "bf16": 16.0, "fp32": 32.0}


@dataclass(frozen=True)
class ModelVariant:
    """One runnable form of a model: a GGUF file, a genai folder, or one Optimum graph."""

    model: LocalModel
    load_path: Path  # what the runtime loads
    format: str  # "gguf" or "onnx"
    precision: str  # "Q4_K_M", "int4", "fp32", ... ("unknown" when nothing says)

    @property
    def label(self) -> str:
        """Short and human: ``GGUF Q4_1``, ``ONNX int4``."""
        return f"{self.format.upper()} {self.precision}"

    @property
    def long_label(self) -> str:
        """The label with its runtime, to tell two builds of one precision apart."""
        if self.format != "onnx":
            return f"{self.label} (llama.cpp)"
        runtime = "onnx-community" if self.load_path.suffix == ".onnx" else "onnxruntime-genai"
        return f"{self.label} ({runtime})"

    @property
    def key(self) -> str:
        """Stable identity within the library (used to pin a variant)."""
        return str(self.load_path)

    @property
    def bits(self) -> float:
        """Bits per weight (GGUF from its quantisation, ONNX from its precision)."""
        if self.format == "onnx":
            return _ONNX_BITS.get(self.precision.lower(), 16.0)
        return bits_per_weight(self.precision) or 4.85

    @cached_property
    def size_bytes(self) -> int:
        """Bytes this variant loads (an Optimum graph: that graph and its data only); read
        once, as labels and Auto's tie-break ask for it repeatedly."""
        meta = self.model.metadata
        return meta.file_size_bytes if meta is not None and self.load_path == meta.path else (
            _graph_size(self.load_path) if self.load_path.suffix == ".onnx" else
            self.model.size_bytes)


def _graph_size(graph: Path) -> int:
    from app.core.formats.onnx_folder import external_data_files

    try:
        return graph.stat().st_size + sum((graph.parent / n).stat().st_size
                                          for n in external_data_files(graph)
                                          if (graph.parent / n).is_file())
    except OSError:
        return 0


@dataclass
class ModelGroup:
    """One base model and its variants, in library order."""

    key: str
    name: str  # for display: the cleanest name among its files
    variants: list[ModelVariant] = field(default_factory=list)

    @property
    def formats(self) -> set[str]:
        """The formats present."""
        return {v.format for v in self.variants}


def base_name(model: LocalModel) -> str:
    """The model's name without format, precision or build words, for display."""
    parts = model.name.split("/")
    # publisher/repo/file: the repo folder names the model; a bare file names itself.
    raw = parts[1] if len(parts) >= 3 else Path(parts[-1]).stem
    if model.source in ("ollama", "jan"):  # a model id ("qwen2.5:0.5b"), not a file path
        raw = parts[-1].removesuffix(".gguf")
    cleaned = _NOISE.sub("", raw)
    cleaned = _LEFTOVER_SEPARATORS.sub(lambda m: m.group(0)[0], cleaned).strip("-_. ")
    return cleaned or raw


def group_key(model: LocalModel) -> str:
    """The grouping key: the base name, lower case, separators unified."""
    return _SEPARATORS.sub("-", base_name(model).lower())


def _compatible(a: LocalModel, b: LocalModel) -> bool:
    ma, mb = a.metadata, b.metadata
    if ma is None or mb is None:
        return True
    for left, right in ((ma.block_count, mb.block_count),
                        (ma.embedding_length, mb.embedding_length)):
        if left and right and left != right:
            return False
    return True


def variants_of(model: LocalModel) -> list[ModelVariant]:
    """The runnable variants of one library entry (an Optimum folder: one per graph).

    Raises:
        nothing.
    """
    if model.format != "onnx":
        return [ModelVariant(model, model.path, model.format, model.quant or "unknown")]
    from app.core.formats.onnx_folder import optimum_graphs

    graphs = optimum_graphs(model.path)
    if graphs:
        return [ModelVariant(model, graph, "onnx", precision)
                for precision, graph in graphs.items()]
    return [ModelVariant(model, model.path, "onnx", model.quant or "unknown")]


def group_library(models: Iterable[LocalModel]) -> list[ModelGroup]:
    """Usable library entries grouped by base model, groups in order of first appearance.

    Raises:
        nothing.
    """
    groups: list[ModelGroup] = []
    for model in models:
        if not model.usable:
            continue
        key = group_key(model)
        group = next((g for g in groups if g.key == key
                      and all(_compatible(model, v.model) for v in g.variants)), None)
        if group is None:
            group = ModelGroup(key, base_name(model))
            groups.append(group)
        group.variants.extend(variants_of(model))
    return groups
