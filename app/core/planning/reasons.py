"""Why: every sentence planning gives, as a code and its values, for a renderer to put in words.

The core says the English (``words.english``, used by the CLI); the window says the same codes in
the user's language. A value that is itself a ``Reason`` is rendered first; a tuple of reasons
is a list; ``*_bytes`` are byte counts; ``tps`` tokens per second; ``share`` a fraction 0..1.
Names of things (GPU names, ``"GGUF Q4_1"``, ``"CUDA"``, ``"llama.cpp"``) are values, not words.

====================================  ==========================================================
code                                  params (English)
====================================  ==========================================================
**Load plan** (``LoadPlan.reason``)
plan.gpu_all                          device, gpu, memory (``Reason`` memory.*)
                                      "CUDA, all layers on RTX 4060 (8.0 GiB VRAM)"
plan.gpu_split                        device, gpu, layers, total, memory, threads, features
                                      "CUDA, 20 of 33 layers on RTX 4060 (8.0 GiB VRAM); the rest
                                      on CPU, 8 threads, AVX2: the model does not fit in VRAM"
plan.cpu                              threads, features (tuple of str), why (``Reason`` why.*)
                                      "CPU, 2 threads, AVX2: no GPU found"
plan.onnx_cpu                         precision, threads, runtime, why
                                      "ONNX int4 on CPU, 2 threads (onnxruntime-genai): …"
plan.onnx_gpu                         precision, gpu, device, runtime
                                      "ONNX int4 on RTX 4060 through CUDA (onnxruntime-genai)"
memory.unified                        — "unified memory"
memory.vram                           vram_bytes "8.0 GiB VRAM"
memory.vram_unknown                   — "VRAM"
why.no_gpu                            — "no GPU found"
why.cpu_chosen                        — "CPU chosen in settings"
why.gpu_layers_zero                   — "GPU layers set to 0 in settings"
why.no_gpu_build                      gpu "… found, but this llama.cpp build has no GPU support"
why.gpu_too_small                     gpu "the model does not fit in …'s free memory"
why.onnx_no_provider_support          gpu, device, package "… found, but the installed ONNX
                                      Runtime has no CUDA support (pip install …)"
why.onnx_no_provider                  gpu "… has no ONNX Runtime provider here"
**Load plan notes** (``LoadPlan.notes``)
note.context_lowered                  n_ctx "context lowered to 4096 tokens to fit in memory"
note.context_past_training            n_ctx, trained "context 16384 is longer than the 8192
                                      tokens the model was trained on; …"
note.mmap_off                         repack_bytes "file not memory-mapped: llama.cpp repacks
                                      597 MiB of its weights for this CPU, …"
**Refusals** (the message of ``InsufficientMemoryError`` / ``UnsupportedArchitectureError``)
refuse.memory                         n_ctx, bytes_needed, bytes_available, where ("memory",
                                      "VRAM", "GPU memory"), format ("gguf", "onnx")
refuse.format                         format "Ondol cannot run … files."
refuse.onnx_runtime_missing           runtime, package "… is not installed, so this ONNX model
                                      cannot run (pip install …)."
**Fit labels** (``FitLabel``, rendered as ``fit.<value>``) and notes
fit.full_gpu / fit.partial_gpu        — "Full GPU offload" / "Partial GPU offload"
fit.cpu_ram / fit.too_large           — "Fits in RAM (CPU)" / "Likely too large"
fitnote.size_unknown                  — "size unknown"
fitnote.built_for                     target ("cuda", "directml", "gpu", "webgpu")
                                      "built for an NVIDIA GPU"
**Recommended** (the browser, before download)
rec.pick                              variant, why (rec.*), where (where.*), compare (rec.compare
                                      or None) "Q4_K_M: the best quality …; CPU, 4.9 GiB of 5.4
                                      GiB RAM"
rec.roomy / rec.tight                 — "the best quality up to Q6_K that fits with room to spare"
                                      / "memory is tight, so the Q4_K_M-class sweet spot …"
rec.no_4bit / rec.smallest            — "the best that fits; no 4-bit variant does" / "the
                                      smallest variant in this repo that fits"
rec.compare                           format, tps, other_format, other_name, other_tps "GGUF
                                      about 126 tok/s vs ONNX int4 about 42 tok/s (estimated)"
where.vram / where.unified            gpu, used_bytes, pool_bytes "all on …, 4.9 GiB of 7.1 GiB
                                      VRAM" / "… unified memory"
where.partial                         share, gpu, used_bytes, pool_bytes "62% on …, the rest in
                                      RAM (3.1 GiB of 23.4 GiB RAM)"
where.cpu                             used_bytes, pool_bytes "CPU, 4.9 GiB of 5.4 GiB RAM"
**Auto** (the picker and ``ondol auto``)
auto.pinned / auto.only               variant, device "GGUF Q4_1 on CPU: pinned by you" / "…:
                                      the only variant that runs here"
auto.only_4bit / auto.only_in_class   variant, device "…: the only about-4-bit variant …" /
                                      "…: the best-quality class that runs here has only this …"
auto.fastest                          variant, device, speed (speed.*), rivals (tuple of
                                      auto.rival) "ONNX int4 on CPU: 118 tok/s measured vs GGUF
                                      Q4_1 96 tok/s measured"
auto.rival                            variant, speed "GGUF Q4_1 96 tok/s measured"
auto.with_plan                        auto, plan (both ``Reason``) "Auto: … · CPU, 2 threads, …"
auto.tuned                            auto, tuning (tuple of auto.threads / auto.draft /
                                      auto.no_draft) "…; fewer threads (1): 20 tok/s …"
auto.threads                          threads, speed, planned, planned_speed "fewer threads
                                      (1): 20 tok/s measured vs 9 tok/s measured with 2"
auto.draft / auto.no_draft            draft, speed, plain "draft model qwen-0.5b: 41 tok/s
                                      measured vs 29 tok/s measured without" / "no draft model
                                      (qwen-0.5b gave 25 tok/s measured vs 29 …)"
speed.measured / speed.estimated      tps "118 tok/s measured" / "about 96 tok/s estimated"
**Drafts** (``planning.drafts``: a candidate's verdict, or why no draft is used)
draft.same_vocab                      share "same vocabulary, 44% of the size"
draft.too_big                         share, limit_percent "same vocabulary, but 91% of the
                                      size (a draft is at most 50%)"
draft.vocab_differs                   tokens, target_tokens "a different vocabulary (49152
                                      tokens; this model has 151936)"
draft.tokens_differ / draft.no_vocab  — "as many tokens, but not the same ones" / "no
                                      vocabulary in the file"
draft.tokenizer_differs               key "the same tokens, but a different
                                      tokenizer.ggml.eos_token_id"
draft.not_gguf / draft.embedding      format / — "ONNX, not GGUF" / "an embedding model"
draft.unreadable                      — "its header cannot be read"
draft.none_not_gguf                   format "drafts need a GGUF model; this is ONNX"
draft.none_unreadable                 — "this model's vocabulary cannot be read"
draft.none_alone                      — "no other GGUF model in the library"
draft.none_same_vocab                 — "no model in the library has the same vocabulary"
draft.none_small_enough               limit_percent "every model with the same vocabulary is
                                      over 50% of this one's size"
====================================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Every code and the names of its values (the table above, checked when a Reason is made).
CODES: dict[str, tuple[str, ...]] = {
    "plan.gpu_all": ("device", "gpu", "memory"),
    "plan.gpu_split": ("device", "gpu", "layers", "total", "memory", "threads", "features"),
    "plan.cpu": ("threads", "features", "why"),
    "plan.onnx_cpu": ("precision", "threads", "runtime", "why"),
    "plan.onnx_gpu": ("precision", "gpu", "device", "runtime"),
    "memory.unified": (),
    "memory.vram": ("vram_bytes",),
    "memory.vram_unknown": (),
    "why.no_gpu": (),
    "why.cpu_chosen": (),
    "why.gpu_layers_zero": (),
    "why.no_gpu_build": ("gpu",),
    "why.gpu_too_small": ("gpu",),
    "why.onnx_no_provider_support": ("gpu", "device", "package"),
    "why.onnx_no_provider": ("gpu",),
    "note.context_lowered": ("n_ctx",),
    "note.context_past_training": ("n_ctx", "trained"),
    "note.mmap_off": ("repack_bytes",),
    "refuse.memory": ("n_ctx", "bytes_needed", "bytes_available", "where", "format"),
    "refuse.format": ("format",),
    "refuse.onnx_runtime_missing": ("runtime", "package"),
    "fit.full_gpu": (),
    "fit.partial_gpu": (),
    "fit.cpu_ram": (),
    "fit.too_large": (),
    "fitnote.size_unknown": (),
    "fitnote.built_for": ("target",),
    "rec.pick": ("variant", "why", "where", "compare"),
    "rec.roomy": (),
    "rec.tight": (),
    "rec.no_4bit": (),
    "rec.smallest": (),
    "rec.compare": ("format", "tps", "other_format", "other_name", "other_tps"),
    "where.vram": ("gpu", "used_bytes", "pool_bytes"),
    "where.unified": ("gpu", "used_bytes", "pool_bytes"),
    "where.partial": ("share", "gpu", "used_bytes", "pool_bytes"),
    "where.cpu": ("used_bytes", "pool_bytes"),
    "auto.pinned": ("variant", "device"),
    "auto.only": ("variant", "device"),
    "auto.only_4bit": ("variant", "device"),
    "auto.only_in_class": ("variant", "device"),
    "auto.fastest": ("variant", "device", "speed", "rivals"),
    "auto.rival": ("variant", "speed"),
    "auto.with_plan": ("auto", "plan"),
    "auto.tuned": ("auto", "tuning"),
    "auto.threads": ("threads", "speed", "planned", "planned_speed"),
    "auto.draft": ("draft", "speed", "plain"),
    "auto.no_draft": ("draft", "speed", "plain"),
    "speed.measured": ("tps",),
    "speed.estimated": ("tps",),
    "draft.same_vocab": ("share",),
    "draft.too_big": ("share", "limit_percent"),
    "draft.vocab_differs": ("tokens", "target_tokens"),
    "draft.tokens_differ": (),
    "draft.no_vocab": (),
    "draft.tokenizer_differs": ("key",),
    "draft.not_gguf": ("format",),
    "draft.embedding": (),
    "draft.unreadable": (),
    "draft.none_not_gguf": ("format",),
    "draft.none_unreadable": (),
    "draft.none_alone": (),
    "draft.none_same_vocab": (),
    "draft.none_small_enough": ("limit_percent",),
}


@dataclass(frozen=True)
class Reason:
    """One sentence as data: a code from ``CODES`` and its values."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = CODES.get(self.code)
        if names is None:
            raise ValueError(f"unknown reason code {self.code!r}")
        if set(self.params) != set(names):
            raise ValueError(f"{self.code} takes {names}, got {tuple(self.params)}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form: nested reasons as dicts too.

        Raises:
            nothing.
        """
        def plain(value: Any) -> Any:
            if isinstance(value, Reason):
                return value.to_dict()
            if isinstance(value, (tuple, list)):
                return [plain(v) for v in value]
            return value

        return {"code": self.code, "params": {k: plain(v) for k, v in self.params.items()}}


def reason(code: str, **params: Any) -> Reason:
    """``Reason(code, params)``, shorter.

    Raises:
        ValueError: an unknown code, or values other than the code's.
    """
    return Reason(code, params)
