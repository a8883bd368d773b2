"""Choose backend, device, threads, GPU layers, context length and memory mapping for a model on
a machine: one ``plan_load`` for GGUF (here) and ONNX (``planner_onnx.py``).

A pure function of (model metadata, hardware profile, user overrides), so it is unit tested with
hand-written profiles. It returns the load parameters and why, as a ``Reason``
("CPU, 2 threads, AVX2: no GPU found" in English).

Memory mapping: llama.cpp maps the file by default. Where it repacks a large share of the
weights for this CPU (``repack.py``), the mapped originals would stay resident beside the copy,
so the planner reads the file instead: the same decode speed, a third less memory for Qwen2.5-
Coder-1.5B Q4_K_M, half a second more to load from a warm cache (tests/bench/bench_mmap.py).
Where it repacks little (Qwen2.5-Coder-0.5B: 28 MiB of 463) mapping loads faster for about as much
memory, so the file stays mapped unless only reading fits. The user's choice wins.
"""

from __future__ import annotations

import dataclasses
import os

from app.core.errors import UnsupportedArchitectureError
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile
from app.core.planning.load_plan import LoadOverrides, LoadPlan, fit_context
from app.core.planning.memory_gguf import MemoryEstimate, estimate_gguf_memory
from app.core.planning.placement import (
    Shortfall,
    first_gpu,
    offload_share,
    shortfall,
)
from app.core.planning.planner_onnx import plan_onnx_load
from app.core.planning.reasons import Reason, reason
from app.core.planning.repack import repack_bytes
from app.core.planning.words import english
from app.core.types.params import LoadParams

# Read rather than map when the repacked weights are at least this share of the CPU's weights.
READ_WHEN_REPACKED_SHARE = 0.25
_DEVICE_BY_VENDOR = {"nvidia": "CUDA", "apple": "Metal", "amd": "ROCm/Vulkan",
                     "intel": "SYCL/Vulkan"}


def plan_load(meta: ModelMetadata, profile: HardwareProfile,
              overrides: LoadOverrides | None = None) -> LoadPlan:
    """The load plan for ``meta`` on ``profile``.

    Raises:
        UnsupportedArchitectureError: the format has no backend here.
        InsufficientMemoryError: it cannot fit even with the smallest context (or the context
            the user asked for does not fit); ``ignore_memory_check`` turns this off.
    """
    o = overrides or LoadOverrides()
    if meta.format == "onnx":
        return plan_onnx_load(meta, profile, o)
    if meta.format != "gguf":
        refusal = reason("refuse.format", format=meta.format)
        raise UnsupportedArchitectureError(english(refusal), path=str(meta.path),
                                           format=meta.format)
    return _plan_gguf(meta, profile, o)


def _file_size(path: str | None) -> int:
    """A projector's size in bytes (it is loaded whole); 0 for none or an unreadable file."""
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0


def _memory_word(gpu: GpuInfo) -> Reason:
    if gpu.unified_memory:
        return reason("memory.unified")
    if gpu.vram_total_bytes:
        return reason("memory.vram", vram_bytes=gpu.vram_total_bytes)
    return reason("memory.vram_unknown")


def _cpu_why(gpu: GpuInfo | None, o: LoadOverrides, profile: HardwareProfile) -> Reason:
    if gpu is None:
        return reason("why.no_gpu")
    if o.device == "cpu":
        return reason("why.cpu_chosen")
    if o.n_gpu_layers == 0:
        return reason("why.gpu_layers_zero")
    if not profile.llama.supports_gpu_offload:
        return reason("why.no_gpu_build", gpu=gpu.name)
    return reason("why.gpu_too_small", gpu=gpu.name)


def _plan_gguf(meta: ModelMetadata, profile: HardwareProfile, o: LoadOverrides) -> LoadPlan:
    threads = o.n_threads or max(1, profile.physical_cores)
    flash = True if o.flash_attn is None else o.flash_attn
    kv_type = o.kv_cache_type or "f16"
    n_batch = o.n_batch or 512
    gpu = first_gpu(profile)
    layers_total = (meta.block_count or 0) + 1  # + the output layer, as llama.cpp counts
    wants_gpu = o.device != "cpu" and gpu is not None and profile.llama.supports_gpu_offload
    repackable = repack_bytes(meta, profile)

    def cpu_share(layers: int) -> float:
        return 1 - layers / layers_total if layers_total else 1.0

    def cpu_repack(layers: int) -> int:
        """Bytes repacked for the layers left on the CPU."""
        return int(repackable * cpu_share(layers))

    projector = _file_size(o.mmproj)

    def estimate(n_ctx: int, layers: int = 0, mapped: bool = False) -> MemoryEstimate:
        est = estimate_gguf_memory(meta, n_ctx, kv_type, n_batch, flash,
                                   mapped_repack_bytes=cpu_repack(layers) if mapped else 0)
        return dataclasses.replace(est, projector_bytes=projector)

    def short(n_ctx: int, layers: int, mapped: bool) -> Shortfall | None:
        share = layers / layers_total if layers_total else 0.0
        return shortfall(estimate(n_ctx, layers, mapped), share, gpu if layers else None,
                         profile)

    def use_mmap(n_ctx: int, layers: int) -> bool:
        """The user's choice; else map unless much is repacked or only reading fits."""
        if o.use_mmap is not None:
            return o.use_mmap
        repacked = cpu_repack(layers)
        if repacked == 0:
            return True
        if repacked >= READ_WHEN_REPACKED_SHARE * meta.weights_bytes * cpu_share(layers):
            return False
        return short(n_ctx, layers, mapped=True) is None

    def gpu_layers(n_ctx: int) -> int:
        """As many layers on the GPU as its budget holds at this context (or the user's)."""
        if not wants_gpu or gpu is None:
            return 0
        if o.n_gpu_layers is not None:
            return layers_total if o.n_gpu_layers == -1 else min(o.n_gpu_layers, layers_total)
        share = offload_share(estimate(n_ctx), gpu, profile)
        return layers_total if share >= 1.0 else min(layers_total, int(share * layers_total))

    def check(n_ctx: int) -> Shortfall | None:
        layers = gpu_layers(n_ctx)
        return short(n_ctx, layers, use_mmap(n_ctx, layers))

    n_ctx, notes = fit_context(meta, o, "gguf", check)
    layers = gpu_layers(n_ctx)
    mmap = use_mmap(n_ctx, layers)
    est = estimate(n_ctx, layers, mmap)
    if not mmap and o.use_mmap is None:
        notes.append(reason("note.mmap_off", repack_bytes=cpu_repack(layers)))
    features = tuple(profile.cpu_features)
    if layers > 0 and gpu is not None:
        device = _DEVICE_BY_VENDOR.get(gpu.vendor, "GPU")
        if layers >= layers_total:
            why = reason("plan.gpu_all", device=device, gpu=gpu.name, memory=_memory_word(gpu))
        else:
            why = reason("plan.gpu_split", device=device, gpu=gpu.name, layers=layers,
                         total=layers_total, memory=_memory_word(gpu), threads=threads,
                         features=features)
        n_gpu = -1 if layers >= layers_total else layers
    else:
        device, n_gpu = "CPU", 0
        why = reason("plan.cpu", threads=threads, features=features,
                     why=_cpu_why(gpu, o, profile))
    params = LoadParams(
        n_ctx=n_ctx, n_threads=threads, n_batch=n_batch, n_gpu_layers=n_gpu, flash_attn=flash,
        kv_cache_type=kv_type, use_mmap=mmap, use_mlock=bool(o.use_mlock),
        draft_model=o.draft_model,
        prompt_lookup=True if o.prompt_lookup is None else o.prompt_lookup,
        mmproj=o.mmproj or "",
    ).validate()
    return LoadPlan("llama.cpp", device, params, est, why, tuple(notes))

