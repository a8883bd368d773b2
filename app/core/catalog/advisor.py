"""The format advisor: what a repo without GGUF or ONNX files holds, and what runs it.

The seed document's table, in short: GGUF is the local standard (llama.cpp, Ollama, LM Studio;
CPU, Apple, small GPUs); AWQ and GPTQ are quantised for NVIDIA GPU serving (vLLM, TGI); Safetensors
are the original weights (research and fine-tuning with PyTorch + Transformers, or vLLM on a big
GPU); PyTorch ``.bin`` is the old pickle format (loading it can run code); ONNX is the portable
one (ONNX Runtime). Ondol runs GGUF and ONNX itself, and never loads a pickle file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.catalog.variants import RepoFile

FORMATS = ("gguf", "onnx", "awq", "gptq", "safetensors", "pytorch_bin", "other")
# Weight files of frameworks Ondol does not run (TensorFlow, Flax, TFLite, Core ML, ExecuTorch,
# NeMo, TensorRT, ...).
_OTHER_WEIGHTS = (".h5", ".msgpack", ".tflite", ".mlmodel", ".mlpackage", ".pte", ".nemo",
                  ".engine", ".plan", ".npz", ".ot", ".llamafile", ".exl2")
_PICKLE = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
# Repo-name suffixes that name a quantisation or packaging rather than the model, stripped one
# at a time from the end ("Qwen2.5-7B-Instruct-GPTQ-Int4" -> "Qwen2.5-7B-Instruct").
_SUFFIX_RE = re.compile(
    r"[-_.](?:awq|gptq|int[348]|bnb|[348]-?bits?|w[48]a(?:8|16)|fp8|fp16|bf16|fp32|exl2|hf|"
    r"g\d+|\d+g|gs\d+|\d+(?:\.\d+)?bpw|mlx|quantized|safetensors|unsloth|dynamic)$",
    re.IGNORECASE)

_SENTENCES = {
    "awq": "AWQ: 4-bit weights quantised for serving on an NVIDIA GPU; run them with vLLM "
           "(or Text Generation Inference) on an NVIDIA GPU.",
    "gptq": "GPTQ: quantised weights for serving on an NVIDIA GPU (older than AWQ, widely "
            "supported); run them with vLLM (or Text Generation Inference) on an NVIDIA GPU.",
    "safetensors": "Safetensors: the original, unquantised weights, for research and "
                   "fine-tuning with PyTorch + Transformers (or serving with vLLM on a large GPU).",
    "pytorch_bin": "PyTorch .bin: the old pickle format, which can run code when it is loaded; "
                   "it is unsafe to load, and Ondol never loads pickle files.",
    "other": "No model files that Ondol recognises (another framework's format).",
}
_RUNS_WITH = {
    "awq": "vLLM (or TGI) on an NVIDIA GPU",
    "gptq": "vLLM (or TGI) on an NVIDIA GPU",
    "safetensors": "PyTorch + Transformers",
    "pytorch_bin": "PyTorch + Transformers (trusted sources only)",
}
LOCAL_LINE = "Ondol runs GGUF and ONNX models locally: search for a GGUF or ONNX version."


@dataclass(frozen=True)
class Advice:
    """What the repo holds, what runs it, and a search for a version Ondol can run."""

    summary: str  # several sentences, ending with LOCAL_LINE
    runs_with: str  # "vLLM (or TGI) on an NVIDIA GPU"
    local_alternative_query: str  # "Qwen2.5-7B-Instruct GGUF"
    base_model: str  # "Qwen2.5-7B-Instruct": the same search, for a format filter
    formats: tuple[str, ...] = ()  # what was found, in FORMATS order (for translated texts)
    unsafe_pickle: bool = False


def _quant_method(config: Mapping[str, Any] | None) -> str | None:
    """``quantization_config.quant_method`` from a repo's ``config.json``, lower-cased."""
    if not config:
        return None
    qc = config.get("quantization_config")
    method = qc.get("quant_method") if isinstance(qc, Mapping) else None
    return method.lower() if isinstance(method, str) else None


def detect_repo_formats(files: Iterable[RepoFile | str], config: Mapping[str, Any] | None = None,
                        tags: Iterable[str] = (), repo_id: str = "") -> set[str]:
    """The formats a repo holds, among ``FORMATS``.

    AWQ / GPTQ come from ``config.json``'s ``quantization_config.quant_method`` (pass the parsed
    file as ``config`` if it was fetched), ``quant_config.json`` (AutoAWQ) or
    ``quantize_config.json`` (AutoGPTQ), the repo's tags, or "awq"/"gptq" in a weight file's
    or the repo's name. Their safetensors are the quantised weights, so "safetensors" is then
    not reported separately. ``"other"`` means weights of another framework, an MLX repo, or no
    weights at all.

    Raises:
        nothing.
    """
    paths = [f.path if isinstance(f, RepoFile) else f for f in files]
    names = [p.rsplit("/", 1)[-1].lower() for p in paths]
    tag_set = {t.lower() for t in tags}
    found: set[str] = set()
    for name in names:
        if name.endswith(".gguf"):
            found.add("gguf")
        elif name.endswith((".onnx", ".ort")) or name == "genai_config.json":
            found.add("onnx")
        elif name.endswith(".safetensors"):
            found.add("safetensors")
        elif name.endswith(_PICKLE):
            found.add("pytorch_bin")
        elif name.endswith(_OTHER_WEIGHTS):
            found.add("other")
    repo_name = repo_id.rsplit("/", 1)[-1].lower()
    weight_names = [n for n in names if n.endswith((".safetensors", *_PICKLE))] + [repo_name]
    for method, marker in (("awq", "quant_config.json"), ("gptq", "quantize_config.json")):
        if (_quant_method(config) == method or marker in names or method in tag_set
                or any(re.search(rf"(?<![a-z]){method}(?![a-z])", n) for n in weight_names)):
            found.add(method)
    if found & {"awq", "gptq"}:
        found.discard("safetensors")
    if "mlx" in tag_set and "safetensors" in found:
        found.discard("safetensors")  # MLX weights: Apple's framework, not plain PyTorch ones
        found.add("other")
    return found or {"other"}


def base_model_name(repo_id: str) -> str:
    """The model's name without owner and quantisation suffixes.

    ``"Qwen/Qwen2.5-7B-Instruct-AWQ"`` -> ``"Qwen2.5-7B-Instruct"``,
    ``"unsloth/llama-3-8b-bnb-4bit"`` -> ``"llama-3-8b"``.

    Raises:
        nothing.
    """
    name = repo_id.rstrip("/").rsplit("/", 1)[-1]
    while True:
        shorter = _SUFFIX_RE.sub("", name)
        if shorter == name or not shorter:
            return name
        name = shorter


def advise(formats: Iterable[str], repo_id: str) -> Advice | None:
    """Advice for a repo Ondol cannot run, or ``None`` when it holds GGUF or ONNX files.

    Raises:
        nothing.
    """
    present = set(formats)
    if present & {"gguf", "onnx"}:
        return None
    ordered = tuple(f for f in FORMATS if f in present) or ("other",)
    sentences = [_SENTENCES[f] for f in ordered] + [LOCAL_LINE]
    runs = list(dict.fromkeys(_RUNS_WITH[f] for f in ordered if f in _RUNS_WITH))
    base = base_model_name(repo_id)
    return Advice(summary=" ".join(sentences),
                  runs_with="; ".join(runs) or "its own framework",
                  local_alternative_query=f"{base} GGUF", base_model=base,
                  formats=ordered, unsafe_pickle="pytorch_bin" in present)


def vllm_command(formats: Iterable[str], repo_id: str) -> str | None:
    """The command that serves an AWQ or GPTQ repo with vLLM (``vllm serve <repo>
    --quantization awq``), or None for other formats.

    Raises:
        nothing.
    """
    present = set(formats)
    method = "awq" if "awq" in present else "gptq" if "gptq" in present else None
    return f"vllm serve {repo_id} --quantization {method}" if method else None
