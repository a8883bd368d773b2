"""Plan an ONNX model's load: which runtime, which execution provider, threads and context.

The same rules as GGUF (``planner.py``): the trained context up to 8192, halved until it fits
90% of the available RAM (or the GPU's free memory), an explicit context refused with numbers.
Differences: the whole model runs on one device (ONNX Runtime does not split layers between GPU
and CPU), and the device is the best execution provider the installed wheels are built with; the
runtime host confirms it by creating a session and falls back to the CPU, saying why.
"""

from __future__ import annotations

from app.core.backends.onnx.decoder_graph import uses_group_query_attention
from app.core.backends.params import LoadParams
from app.core.backends.planner import (
    DEFAULT_CONTEXT_CAP,
    MIN_CONTEXT,
    LoadOverrides,
    LoadPlan,
    gpu_budget_bytes,
    usable_ram_bytes,
)
from app.core.errors import InsufficientMemoryError, UnsupportedArchitectureError
from app.core.formats.memory import (
    MemoryEstimate,
    MiB,
    compute_buffer_bytes,
    format_bytes,
    kv_cache_bytes,
)
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.onnx_build import PIP_PACKAGES
from app.core.hardware.profile import GpuInfo, HardwareProfile

# The runtime host with ONNX Runtime loaded and its CPU arena warmed up, before weights, cache
# and prompt buffers. Fitted with tests/bench/bench_memory_estimate.py on the SmolLM2 builds.
ONNX_HOST_BASE_BYTES = 110 * MiB
_PROVIDER_FOR_GPU = {"nvidia": "cuda"}
DEVICE_NAMES = {"cuda": "CUDA", "dml": "DirectML", "coreml": "CoreML", "cpu": "CPU"}


def onnx_runtime_name(meta: ModelMetadata) -> str:
    """``"onnxruntime-genai"`` for a genai folder, ``"onnxruntime"`` for an Optimum graph."""
    return "onnxruntime" if meta.path.suffix == ".onnx" else "onnxruntime-genai"


def estimate_onnx_memory(meta: ModelMetadata, n_ctx: int, on_gpu: bool,
                         n_batch: int = 512) -> MemoryEstimate:
    """Weights (the files), the KV cache for ``n_ctx`` (float32 on the CPU, as the CPU builds
    keep it; float16 on a GPU), prompt-chunk buffers and ONNX Runtime's own overhead.

    A prompt chunk's logits are counted twice (the graph's output and the arena block it was
    computed in). A graph with standard attention (Optimum's export) returns a new cache
    tensor every step while the old one is still alive, so its cache counts twice too.

    Raises:
        nothing.
    """
    kv = kv_cache_bytes(meta, n_ctx, "f16" if on_gpu else "f32", n_batch, swa_full=True)
    if meta.path.suffix == ".onnx" and not uses_group_query_attention(meta.path):
        kv *= 2
    logits = n_batch * (meta.vocab_size or 0) * 4  # a prompt chunk's logits, float32
    compute = compute_buffer_bytes(meta, n_ctx, n_batch) + 2 * logits
    return MemoryEstimate(meta.weights_bytes, kv, compute, ONNX_HOST_BASE_BYTES)


def onnx_provider(profile: HardwareProfile, device: str = "auto"
                  ) -> tuple[str, GpuInfo | None, str]:
    """(provider, GPU or None, why) for the installed wheels and this machine's GPUs.

    Raises:
        nothing.
    """
    providers = profile.onnx.providers
    gpu = profile.gpus[0] if profile.gpus else None
    if device == "cpu":
        return "cpu", None, "CPU chosen in settings"
    if gpu is None:
        return "cpu", None, "no GPU found"
    wanted = _PROVIDER_FOR_GPU.get(gpu.vendor)
    if profile.os == "windows":
        wanted = "dml"
    elif profile.os == "darwin":
        wanted = "coreml"
    if wanted and wanted in providers:
        return wanted, gpu, f"{gpu.name} through {DEVICE_NAMES[wanted]}"
    if wanted:
        return "cpu", None, (f"{gpu.name} found, but the installed ONNX Runtime has no "
                             f"{DEVICE_NAMES[wanted]} support ({PIP_PACKAGES.get(wanted, '')})")
    return "cpu", None, f"{gpu.name} has no ONNX Runtime provider here"


def plan_onnx_load(meta: ModelMetadata, profile: HardwareProfile,
                   o: LoadOverrides) -> LoadPlan:
    """The load plan for an ONNX model (``meta.format == "onnx"``).

    Raises:
        UnsupportedArchitectureError: ONNX Runtime (or onnxruntime-genai for that layout) is not
            installed.
        InsufficientMemoryError: it cannot fit even with the smallest context, or the context
            asked for does not fit.
    """
    runtime = onnx_runtime_name(meta)
    if not profile.onnx.available or (runtime == "onnxruntime-genai"
                                      and not profile.onnx.genai_version):
        raise UnsupportedArchitectureError(
            f"{runtime} is not installed, so this ONNX model cannot run ({PIP_PACKAGES['cpu']}).",
            path=str(meta.path), format="onnx")
    threads = o.n_threads or max(1, profile.physical_cores)
    n_batch = o.n_batch or 512
    provider, gpu, why = onnx_provider(profile, o.device)
    on_gpu = gpu is not None
    budget = (gpu_budget_bytes(gpu, profile) if gpu is not None and not gpu.unified_memory
              else usable_ram_bytes(profile))
    where = "GPU memory" if gpu is not None and not gpu.unified_memory else "memory"
    trained = meta.context_length or 4096
    n_ctx = o.n_ctx or min(trained, DEFAULT_CONTEXT_CAP)
    notes: list[str] = []
    est = estimate_onnx_memory(meta, n_ctx, on_gpu, n_batch)
    if not o.ignore_memory_check:
        while o.n_ctx is None and n_ctx > MIN_CONTEXT and est.total_bytes > budget:
            n_ctx = max(MIN_CONTEXT, n_ctx // 2)
            est = estimate_onnx_memory(meta, n_ctx, on_gpu, n_batch)
        if n_ctx < min(trained, DEFAULT_CONTEXT_CAP):
            notes.append(f"context lowered to {n_ctx} tokens to fit in memory")
        if est.total_bytes > budget:
            raise InsufficientMemoryError(
                f"This model with a {n_ctx}-token context needs about "
                f"{format_bytes(est.total_bytes)} of {where}; {format_bytes(budget)} is "
                "available. Choose a shorter context, a smaller variant, or close other programs.",
                path=str(meta.path), bytes_needed=est.total_bytes, bytes_available=budget,
                n_ctx=n_ctx, where=where)
    if o.n_ctx and o.n_ctx > trained:
        notes.append(f"context {o.n_ctx} is longer than the {trained} tokens the model was "
                     "trained on; answers may degrade past that")
    device = DEVICE_NAMES[provider]
    precision = meta.file_type or "ONNX"
    if provider == "cpu":
        reason = f"ONNX {precision} on CPU, {threads} threads ({runtime}): {why}"
    else:
        reason = f"ONNX {precision} on {why} ({runtime})"
    params = LoadParams(n_ctx=n_ctx, n_threads=threads, n_batch=n_batch,
                        n_gpu_layers=-1 if on_gpu else 0, flash_attn=False,
                        kv_cache_type="f16" if on_gpu else "f32",
                        extra={"provider": provider}).validate()
    return LoadPlan(runtime, device, params, est, reason, tuple(notes))
