"""The window's sentences for planning's reason codes (``app.core.planning.reasons``), in English
source form; ``planning.reason_text`` translates and fills them.

A key is a code, or ``"<code>/<variant>"`` where one code reads differently by a value (the
format of a memory refusal, the target a build is for). Each key lists sentences from the most
to the least detailed; the first whose ``{placeholders}`` the values can all fill is used (an
empty value, such as no CPU features, cannot fill one).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

SENTENCES: dict[str, tuple[str, ...]] = {
    "plan.gpu_all": (QT_TRANSLATE_NOOP("Planning", "{device}, all layers on {gpu} ({memory})"),),
    "plan.gpu_split": (
        QT_TRANSLATE_NOOP("Planning", "{device}, {layers} of {total} layers on {gpu} ({memory}); "
                                      "the rest on CPU, {threads} threads, {features}: the model "
                                      "does not fit in VRAM"),
        QT_TRANSLATE_NOOP("Planning", "{device}, {layers} of {total} layers on {gpu} ({memory}); "
                                      "the rest on CPU, {threads} threads: the model does not "
                                      "fit in VRAM"),
    ),
    "plan.cpu": (
        QT_TRANSLATE_NOOP("Planning", "CPU, {threads} threads, {features}: {why}"),
        QT_TRANSLATE_NOOP("Planning", "CPU, {threads} threads: {why}"),
    ),
    "plan.onnx_cpu": (
        QT_TRANSLATE_NOOP("Planning", "ONNX {precision} on CPU, {threads} threads ({runtime}): "
                                      "{why}"),
    ),
    "plan.onnx_gpu": (
        QT_TRANSLATE_NOOP("Planning", "ONNX {precision} on {gpu} through {device} ({runtime})"),
    ),
    "memory.unified": (QT_TRANSLATE_NOOP("Planning", "unified memory"),),
    "memory.vram": (QT_TRANSLATE_NOOP("Planning", "{vram_bytes} VRAM"),),
    "memory.vram_unknown": (QT_TRANSLATE_NOOP("Planning", "VRAM"),),
    "why.no_gpu": (QT_TRANSLATE_NOOP("Planning", "no GPU found"),),
    "why.cpu_chosen": (QT_TRANSLATE_NOOP("Planning", "CPU chosen in settings"),),
    "why.gpu_layers_zero": (QT_TRANSLATE_NOOP("Planning", "GPU layers set to 0 in settings"),),
    "why.no_gpu_build": (
        QT_TRANSLATE_NOOP("Planning", "{gpu} found, but this llama.cpp build has no GPU "
                                      "support"),
    ),
    "why.gpu_too_small": (
        QT_TRANSLATE_NOOP("Planning", "the model does not fit in {gpu}'s free memory"),
    ),
    "why.onnx_no_provider_support": (
        QT_TRANSLATE_NOOP("Planning", "{gpu} found, but the installed ONNX Runtime has no "
                                      "{device} support ({package})"),
    ),
    "why.onnx_no_provider": (
        QT_TRANSLATE_NOOP("Planning", "{gpu} has no ONNX Runtime provider here"),
    ),
    "note.context_lowered": (
        QT_TRANSLATE_NOOP("Planning", "context lowered to {n_ctx} tokens to fit in memory"),
    ),
    "note.context_past_training": (
        QT_TRANSLATE_NOOP("Planning", "context {n_ctx} is longer than the {trained} tokens the "
                                      "model was trained on; answers may degrade past that"),
    ),
    "note.mmap_off": (
        QT_TRANSLATE_NOOP("Planning", "file not memory-mapped: llama.cpp repacks {repack_bytes} "
                                      "of its weights for this CPU, and a mapped file would stay "
                                      "in memory beside them"),
    ),
    "refuse.memory/onnx": (
        QT_TRANSLATE_NOOP("Planning", "This model with a {n_ctx}-token context needs about "
                                      "{bytes_needed} of {where}; {bytes_available} is available. "
                                      "Choose a shorter context, a smaller variant, or close "
                                      "other programs."),
    ),
    "refuse.memory": (
        QT_TRANSLATE_NOOP("Planning", "This model with a {n_ctx}-token context needs about "
                                      "{bytes_needed} of {where}; {bytes_available} is available. "
                                      "Choose a shorter context, fewer GPU layers, a smaller "
                                      "quantisation, or close other programs."),
    ),
    "refuse.format": (QT_TRANSLATE_NOOP("Planning", "Ondol cannot run {format} files."),),
    "refuse.onnx_runtime_missing": (
        QT_TRANSLATE_NOOP("Planning", "{runtime} is not installed, so this ONNX model cannot "
                                      "run ({package})."),
    ),
    "fit.full_gpu": (QT_TRANSLATE_NOOP("Planning", "Full GPU offload"),),
    "fit.partial_gpu": (QT_TRANSLATE_NOOP("Planning", "Partial GPU offload"),),
    "fit.cpu_ram": (QT_TRANSLATE_NOOP("Planning", "Fits in RAM (CPU)"),),
    "fit.too_large": (QT_TRANSLATE_NOOP("Planning", "Likely too large"),),
    "fitnote.size_unknown": (QT_TRANSLATE_NOOP("Planning", "size unknown"),),
    "fitnote.built_for/cuda": (QT_TRANSLATE_NOOP("Planning", "built for an NVIDIA GPU"),),
    "fitnote.built_for/directml": (
        QT_TRANSLATE_NOOP("Planning", "built for Windows with a GPU"),
    ),
    "fitnote.built_for/gpu": (
        QT_TRANSLATE_NOOP("Planning", "built for an NVIDIA GPU or DirectML"),
    ),
    "fitnote.built_for/webgpu": (
        QT_TRANSLATE_NOOP("Planning", "built for a web browser (WebGPU)"),
    ),
    "fitnote.built_for": (QT_TRANSLATE_NOOP("Planning", "built for {target}"),),
    "rec.pick": (
        QT_TRANSLATE_NOOP("Planning", "{variant}: {why}; {compare}; {where}"),
        QT_TRANSLATE_NOOP("Planning", "{variant}: {why}; {where}"),
    ),
    "rec.roomy": (
        QT_TRANSLATE_NOOP("Planning", "the best quality up to Q6_K that fits with room to "
                                      "spare"),
    ),
    "rec.tight": (
        QT_TRANSLATE_NOOP("Planning", "memory is tight, so the Q4_K_M-class sweet spot of size "
                                      "and quality"),
    ),
    "rec.no_4bit": (QT_TRANSLATE_NOOP("Planning", "the best that fits; no 4-bit variant does"),),
    "rec.smallest": (
        QT_TRANSLATE_NOOP("Planning", "the smallest variant in this repo that fits"),
    ),
    "rec.compare": (
        QT_TRANSLATE_NOOP("Planning", "{format} about {tps} tok/s vs {other_format} "
                                      "{other_name} about {other_tps} tok/s (estimated)"),
    ),
    "where.vram": (
        QT_TRANSLATE_NOOP("Planning", "all on {gpu}, {used_bytes} of {pool_bytes} VRAM"),
    ),
    "where.unified": (
        QT_TRANSLATE_NOOP("Planning", "all on {gpu}, {used_bytes} of {pool_bytes} unified "
                                      "memory"),
    ),
    "where.partial": (
        QT_TRANSLATE_NOOP("Planning", "{share} on {gpu}, the rest in RAM ({used_bytes} of "
                                      "{pool_bytes} RAM)"),
    ),
    "where.cpu": (QT_TRANSLATE_NOOP("Planning", "CPU, {used_bytes} of {pool_bytes} RAM"),),
    "auto.pinned": (QT_TRANSLATE_NOOP("Planning", "{variant} on {device}: pinned by you"),),
    "auto.only": (
        QT_TRANSLATE_NOOP("Planning", "{variant} on {device}: the only variant that runs here"),
    ),
    "auto.only_4bit": (
        QT_TRANSLATE_NOOP("Planning", "{variant} on {device}: the only about-4-bit variant that "
                                      "runs here"),
    ),
    "auto.only_in_class": (
        QT_TRANSLATE_NOOP("Planning", "{variant} on {device}: the best-quality class that runs "
                                      "here has only this variant"),
    ),
    "auto.fastest": (QT_TRANSLATE_NOOP("Planning", "{variant} on {device}: {speed} vs {rivals}"),),
    "auto.rival": (QT_TRANSLATE_NOOP("Planning", "{variant} {speed}"),),
    "auto.with_plan": (QT_TRANSLATE_NOOP("Planning", "Auto: {auto} · {plan}"),),
    "auto.tuned": (QT_TRANSLATE_NOOP("Planning", "{auto}; {tuning}"),),
    "auto.threads": (
        QT_TRANSLATE_NOOP("Planning", "fewer threads ({threads}): {speed} vs {planned_speed} "
                                      "with {planned}"),
    ),
    "auto.draft": (
        QT_TRANSLATE_NOOP("Planning", "draft model {draft}: {speed} vs {plain} without"),
    ),
    "auto.no_draft": (
        QT_TRANSLATE_NOOP("Planning", "no draft model ({draft} gave {speed} vs {plain} "
                                      "without)"),
    ),
    "speed.measured": (QT_TRANSLATE_NOOP("Planning", "{tps} tok/s measured"),),
    "speed.estimated": (QT_TRANSLATE_NOOP("Planning", "about {tps} tok/s estimated"),),
    "draft.same_vocab": (QT_TRANSLATE_NOOP("Planning", "same vocabulary, {share} of the size"),),
    "draft.too_big": (
        QT_TRANSLATE_NOOP("Planning", "same vocabulary, but {share} of the size (a draft is at "
                                      "most {limit_percent}%)"),
    ),
    "draft.vocab_differs": (
        QT_TRANSLATE_NOOP("Planning", "a different vocabulary ({tokens} tokens; this model has "
                                      "{target_tokens})"),
    ),
    "draft.tokens_differ": (
        QT_TRANSLATE_NOOP("Planning", "as many tokens, but not the same ones"),
    ),
    "draft.no_vocab": (QT_TRANSLATE_NOOP("Planning", "no vocabulary in the file"),),
    "draft.tokenizer_differs": (
        QT_TRANSLATE_NOOP("Planning", "the same tokens, but a different {key}"),
    ),
    "draft.not_gguf": (QT_TRANSLATE_NOOP("Planning", "{format}, not GGUF"),),
    "draft.embedding": (QT_TRANSLATE_NOOP("Planning", "an embedding model"),),
    "draft.unreadable": (QT_TRANSLATE_NOOP("Planning", "its header cannot be read"),),
    "draft.none_not_gguf": (
        QT_TRANSLATE_NOOP("Planning", "drafts need a GGUF model; this is {format}"),
    ),
    "draft.none_unreadable": (
        QT_TRANSLATE_NOOP("Planning", "this model's vocabulary cannot be read"),
    ),
    "draft.none_alone": (QT_TRANSLATE_NOOP("Planning", "no other GGUF model in the library"),),
    "draft.none_same_vocab": (
        QT_TRANSLATE_NOOP("Planning", "no model in the library has the same vocabulary"),
    ),
    "draft.none_small_enough": (
        QT_TRANSLATE_NOOP("Planning", "every model with the same vocabulary is over "
                                      "{limit_percent}% of this one's size"),
    ),
}

# ``where`` of a memory refusal: which memory is short.
WHERE: dict[str, str] = {
    "memory": QT_TRANSLATE_NOOP("Planning", "memory"),
    "VRAM": QT_TRANSLATE_NOOP("Planning", "VRAM"),
    "GPU memory": QT_TRANSLATE_NOOP("Planning", "GPU memory"),
}
