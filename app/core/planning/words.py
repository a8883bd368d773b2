"""The English words for planning's reasons (``reasons.py``): what the CLI prints and JSON shows.

The window translates the same codes itself; until it does, it shows these words.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from app.core.planning.reasons import Reason
from app.core.planning.units import format_bytes

_GGUF_ADVICE = ("Choose a shorter context, fewer GPU layers, a smaller quantisation, or close "
                "other programs.")
_ONNX_ADVICE = "Choose a shorter context, a smaller variant, or close other programs."
_BUILT_FOR = {"cuda": "an NVIDIA GPU", "directml": "Windows with a GPU",
              "gpu": "an NVIDIA GPU or DirectML", "webgpu": "a web browser (WebGPU)"}


def _cpu(p: dict[str, Any]) -> str:
    return f"CPU, {p['threads']} threads" + (f", {p['features']}" if p["features"] else "")


def _refuse_memory(p: dict[str, Any]) -> str:
    return (f"This model with a {p['n_ctx']}-token context needs about {p['bytes_needed']} of "
            f"{p['where']}; {p['bytes_available']} is available. "
            + (_ONNX_ADVICE if p["format"] == "onnx" else _GGUF_ADVICE))


def _rec_pick(p: dict[str, Any]) -> str:
    compare = f"; {p['compare']}" if p["compare"] else ""
    return f"{p['variant']}: {p['why']}{compare}; {p['where']}"


_TEMPLATES: dict[str, str | Callable[[dict[str, Any]], str]] = {
    "plan.gpu_all": "{device}, all layers on {gpu} ({memory})",
    "plan.gpu_split": lambda p: (
        f"{p['device']}, {p['layers']} of {p['total']} layers on {p['gpu']} ({p['memory']}); "
        f"the rest on {_cpu(p)}: the model does not fit in VRAM"),
    "plan.cpu": lambda p: f"{_cpu(p)}: {p['why']}",
    "plan.onnx_cpu": "ONNX {precision} on CPU, {threads} threads ({runtime}): {why}",
    "plan.onnx_gpu": "ONNX {precision} on {gpu} through {device} ({runtime})",
    "memory.unified": "unified memory",
    "memory.vram": "{vram_bytes} VRAM",
    "memory.vram_unknown": "VRAM",
    "why.no_gpu": "no GPU found",
    "why.cpu_chosen": "CPU chosen in settings",
    "why.gpu_layers_zero": "GPU layers set to 0 in settings",
    "why.no_gpu_build": "{gpu} found, but this llama.cpp build has no GPU support",
    "why.gpu_too_small": "the model does not fit in {gpu}'s free memory",
    "why.onnx_no_provider_support": ("{gpu} found, but the installed ONNX Runtime has no "
                                     "{device} support ({package})"),
    "why.onnx_no_provider": "{gpu} has no ONNX Runtime provider here",
    "note.context_lowered": "context lowered to {n_ctx} tokens to fit in memory",
    "note.context_past_training": ("context {n_ctx} is longer than the {trained} tokens the model "
                                   "was trained on; answers may degrade past that"),
    "note.mmap_off": ("file not memory-mapped: llama.cpp repacks {repack_bytes} of its weights "
                      "for this CPU, and a mapped file would stay in memory beside them"),
    "refuse.memory": _refuse_memory,
    "refuse.format": "Ondol cannot run {format} files.",
    "refuse.onnx_runtime_missing": ("{runtime} is not installed, so this ONNX model cannot run "
                                    "({package})."),
    "fit.full_gpu": "Full GPU offload",
    "fit.partial_gpu": "Partial GPU offload",
    "fit.cpu_ram": "Fits in RAM (CPU)",
    "fit.too_large": "Likely too large",
    "fitnote.size_unknown": "size unknown",
    "fitnote.built_for": lambda p: f"built for {_BUILT_FOR.get(p['target'], p['target'])}",
    "rec.pick": _rec_pick,
    "rec.roomy": "the best quality up to Q6_K that fits with room to spare",
    "rec.tight": "memory is tight, so the Q4_K_M-class sweet spot of size and quality",
    "rec.no_4bit": "the best that fits; no 4-bit variant does",
    "rec.smallest": "the smallest variant in this repo that fits",
    "rec.compare": ("{format} about {tps:.0f} tok/s vs {other_format} {other_name} about "
                    "{other_tps:.0f} tok/s (estimated)"),
    "where.vram": "all on {gpu}, {used_bytes} of {pool_bytes} VRAM",
    "where.unified": "all on {gpu}, {used_bytes} of {pool_bytes} unified memory",
    "where.partial": "{share:.0%} on {gpu}, the rest in RAM ({used_bytes} of {pool_bytes} RAM)",
    "where.cpu": "CPU, {used_bytes} of {pool_bytes} RAM",
    "auto.pinned": "{variant} on {device}: pinned by you",
    "auto.only": "{variant} on {device}: the only variant that runs here",
    "auto.only_4bit": "{variant} on {device}: the only about-4-bit variant that runs here",
    "auto.only_in_class": ("{variant} on {device}: the best-quality class that runs here has "
                           "only this variant"),
    "auto.fastest": "{variant} on {device}: {speed} vs {rivals}",
    "auto.rival": "{variant} {speed}",
    "auto.with_plan": "Auto: {auto} · {plan}",
    "auto.tuned": "{auto}; {tuning}",
    "auto.threads": "fewer threads ({threads}): {speed} vs {planned_speed} with {planned}",
    "auto.draft": "draft model {draft}: {speed} vs {plain} without",
    "auto.no_draft": "no draft model ({draft} gave {speed} vs {plain} without)",
    "speed.measured": "{tps:.0f} tok/s measured",
    "speed.estimated": "about {tps:.0f} tok/s estimated",
    "draft.same_vocab": "same vocabulary, {share:.0%} of the size",
    "draft.too_big": ("same vocabulary, but {share:.0%} of the size (a draft is at most "
                      "{limit_percent}%)"),
    "draft.vocab_differs": "a different vocabulary ({tokens} tokens; this model has "
                           "{target_tokens})",
    "draft.tokens_differ": "as many tokens, but not the same ones",
    "draft.no_vocab": "no vocabulary in the file",
    "draft.tokenizer_differs": "the same tokens, but a different {key}",
    "draft.not_gguf": "{format}, not GGUF",
    "draft.embedding": "an embedding model",
    "draft.unreadable": "its header cannot be read",
    "draft.none_not_gguf": "drafts need a GGUF model; this is {format}",
    "draft.none_unreadable": "this model's vocabulary cannot be read",
    "draft.none_alone": "no other GGUF model in the library",
    "draft.none_same_vocab": "no model in the library has the same vocabulary",
    "draft.none_small_enough": ("every model with the same vocabulary is over {limit_percent}% "
                                "of this one's size"),
}


def _value(name: str, value: Any) -> Any:
    if isinstance(value, (Reason, Enum)):
        return english(value)
    if isinstance(value, (tuple, list)):
        parts = [_value(name, v) for v in value]
        return " + ".join(parts) if name == "features" else ", ".join(parts)
    is_size = name.endswith("_bytes") or name.startswith("bytes_")
    if is_size and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_bytes(value)
    return value


def english(what: Reason | Enum) -> str:
    """The English sentence for a reason (or a fit label, ``fit.<value>``).

    Raises:
        KeyError: a code without words (a test keeps every code covered).
    """
    if isinstance(what, Enum):
        return str(_TEMPLATES[f"fit.{what.value}"])
    template = _TEMPLATES[what.code]
    values = {name: _value(name, value) for name, value in what.params.items()}
    return template(values) if callable(template) else template.format(**values)


def covered_codes() -> frozenset[str]:
    """The codes that have English words (for the test that every code has them).

    Raises:
        nothing.
    """
    return frozenset(_TEMPLATES)
