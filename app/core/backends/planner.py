"""Choose backend, device, threads, GPU layers and context length for a model on a machine.

A pure function of (model metadata, hardware profile, user overrides): no I/O, so it is unit
tested with hand-written profiles. It returns the load parameters and one line a person can
read ("CPU, 2 threads, AVX2: no GPU found").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.backends.params import LoadParams
from app.core.errors import InsufficientMemoryError, UnsupportedArchitectureError
from app.core.formats.memory import MemoryEstimate, MiB, estimate_memory, format_bytes
from app.core.formats.metadata import ModelMetadata
from app.core.hardware.profile import GpuInfo, HardwareProfile

DEFAULT_CONTEXT_CAP = 8192  # the default context: the trained length, up to this
MIN_CONTEXT = 512
RAM_USABLE_FRACTION = 0.9  # leave the OS and other apps some room
VRAM_RESERVE_BYTES = 512 * MiB  # driver, display and fragmentation
APPLE_GPU_FRACTION = 0.75  # macOS lets the GPU wire about this much of unified memory

_DEVICE_BY_VENDOR = {"nvidia": "CUDA", "apple": "Metal", "amd": "ROCm/Vulkan",
                     "intel": "SYCL/Vulkan"}


@dataclass(frozen=True)
class LoadOverrides:
    """The user's choices; ``None`` means "let Ondol decide"."""

    n_ctx: int | None = None
    n_threads: int | None = None
    n_gpu_layers: int | None = None  # -1: all
    n_batch: int | None = None
    flash_attn: bool | None = None
    kv_cache_type: str | None = None
    use_mmap: bool | None = None
    use_mlock: bool | None = None
    device: str = "auto"  # "auto", "cpu" or "gpu"
    ignore_memory_check: bool = False


@dataclass(frozen=True)
class LoadPlan:
    """What will run the model, how, and why."""

    backend: str
    device: str
    params: LoadParams
    estimate: MemoryEstimate
    reason: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def _usable_gpu(profile: HardwareProfile) -> GpuInfo | None:
    return profile.gpus[0] if profile.gpus else None


def _gpu_budget(gpu: GpuInfo, profile: HardwareProfile) -> int:
    if gpu.unified_memory:
        return int(min(profile.ram_total_bytes * APPLE_GPU_FRACTION,
                       profile.ram_available_bytes))
    free = gpu.vram_free_bytes if gpu.vram_free_bytes is not None else gpu.vram_total_bytes
    return max(0, (free or 0) - VRAM_RESERVE_BYTES)


def _cpu_line(profile: HardwareProfile, threads: int) -> str:
    features = " + ".join(profile.cpu_features)
    return f"CPU, {threads} threads" + (f", {features}" if features else "")


@dataclass(frozen=True)
class _Shortfall:
    """Why a placement does not fit: where, how much is needed, how much there is."""

    where: str  # "memory" or "VRAM"
    needed: int
    available: int


def _shortfall(est: MemoryEstimate, share: float, gpu: GpuInfo | None, profile: HardwareProfile
               ) -> _Shortfall | None:
    """None when ``share`` of the layers on ``gpu`` and the rest on the CPU fit, else why not."""
    ram = int(profile.ram_available_bytes * RAM_USABLE_FRACTION)
    offloaded = int(share * (est.weights_bytes + est.kv_cache_bytes))
    if gpu is not None and gpu.unified_memory:
        # One pool: what the GPU takes comes out of the same RAM as the rest.
        pool = min(ram, _gpu_budget(gpu, profile)) if share > 0 else ram
        return None if est.total_bytes <= pool else _Shortfall("memory", est.total_bytes, pool)
    if share > 0 and gpu is not None:
        on_gpu = offloaded + est.compute_bytes
        budget = _gpu_budget(gpu, profile)
        if on_gpu > budget:
            return _Shortfall("VRAM", on_gpu, budget)
    on_cpu = est.total_bytes - offloaded
    return None if on_cpu <= ram else _Shortfall("memory", on_cpu, ram)


# -- The same rules, public, for labels computed before a download (app.core.catalog.fit) ----


def offload_gpu(profile: HardwareProfile) -> GpuInfo | None:
    """The GPU a plan would offload layers to, or ``None`` (no GPU, or no GPU-capable build)."""
    gpu = _usable_gpu(profile)
    return gpu if gpu is not None and profile.llama.supports_gpu_offload else None


def usable_ram_bytes(profile: HardwareProfile) -> int:
    """RAM a model may take: the available RAM less room for the OS and other programs."""
    return int(profile.ram_available_bytes * RAM_USABLE_FRACTION)


def gpu_budget_bytes(gpu: GpuInfo, profile: HardwareProfile) -> int:
    """What ``gpu`` can give a model: free VRAM less the reserve, or the unified-memory share."""
    return _gpu_budget(gpu, profile)


def placement_fits(est: MemoryEstimate, share: float, gpu: GpuInfo | None,
                   profile: HardwareProfile) -> bool:
    """Whether ``share`` (0..1) of the layers on ``gpu`` and the rest on the CPU fit."""
    return _shortfall(est, share, gpu, profile) is None


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
        from app.core.backends.onnx_planner import plan_onnx_load  # uses this module's rules

        return plan_onnx_load(meta, profile, o)
    if meta.format != "gguf":
        raise UnsupportedArchitectureError(
            f"Ondol cannot run {meta.format} files.", path=str(meta.path), format=meta.format)
    threads = o.n_threads or max(1, profile.physical_cores)
    flash = True if o.flash_attn is None else o.flash_attn
    kv_type = o.kv_cache_type or "f16"
    n_batch = o.n_batch or 512
    trained = meta.context_length or 4096
    notes: list[str] = []
    if o.n_ctx and o.n_ctx > trained:
        notes.append(f"context {o.n_ctx} is longer than the {trained} tokens the model was "
                     "trained on; answers may degrade past that")

    def estimate(n_ctx: int) -> MemoryEstimate:
        return estimate_memory(meta, n_ctx, kv_type, n_batch, flash)

    # -- device and GPU layers ------------------------------------------------------------
    gpu = _usable_gpu(profile)
    layers_total = (meta.block_count or 0) + 1  # + the output layer, as llama.cpp counts
    wants_gpu = o.device != "cpu" and gpu is not None and profile.llama.supports_gpu_offload
    n_ctx = o.n_ctx or min(trained, DEFAULT_CONTEXT_CAP)

    def auto_layers(n_ctx: int) -> int:
        """As many layers on the GPU as its budget holds at this context."""
        if not wants_gpu or gpu is None:
            return 0
        if o.n_gpu_layers is not None:
            return layers_total if o.n_gpu_layers == -1 else min(o.n_gpu_layers, layers_total)
        est = estimate(n_ctx)
        budget = _gpu_budget(gpu, profile)
        if est.weights_bytes + est.kv_cache_bytes + est.compute_bytes <= budget:
            return layers_total
        per_layer = (est.weights_bytes + est.kv_cache_bytes) / max(layers_total, 1)
        return min(layers_total, max(0, int((budget - est.compute_bytes) // per_layer)))

    def check(n_ctx: int) -> tuple[int, _Shortfall | None]:
        layers = auto_layers(n_ctx)
        share = layers / layers_total if layers_total else 0.0
        return layers, _shortfall(estimate(n_ctx), share, gpu if layers else None, profile)

    # -- context length: the default shrinks to fit; an explicit one is refused ----------
    gpu_layers, short = check(n_ctx)
    if not o.ignore_memory_check:
        if o.n_ctx is None:
            while n_ctx > MIN_CONTEXT and short is not None:
                n_ctx = max(MIN_CONTEXT, n_ctx // 2)
                gpu_layers, short = check(n_ctx)
            if n_ctx < min(trained, DEFAULT_CONTEXT_CAP):
                notes.append(f"context lowered to {n_ctx} tokens to fit in memory")
        if short is not None:
            raise InsufficientMemoryError(
                f"This model with a {n_ctx}-token context needs about "
                f"{format_bytes(short.needed)} of {short.where}; {format_bytes(short.available)} "
                "is available. Choose a shorter context, fewer GPU layers, a smaller "
                "quantisation, or close other programs.",
                path=str(meta.path), bytes_needed=short.needed, bytes_available=short.available,
                n_ctx=n_ctx, where=short.where)
    est = estimate(n_ctx)

    # -- the reason, in one line ------------------------------------------------------------
    if gpu_layers > 0 and gpu is not None:
        device = _DEVICE_BY_VENDOR.get(gpu.vendor, "GPU")
        where = "all" if gpu_layers >= layers_total else f"{gpu_layers} of {layers_total}"
        memory = "unified memory" if gpu.unified_memory else (
            f"{format_bytes(gpu.vram_total_bytes)} VRAM" if gpu.vram_total_bytes else "VRAM")
        reason = f"{device}, {where} layers on {gpu.name} ({memory})"
        if gpu_layers < layers_total:
            reason += f"; the rest on {_cpu_line(profile, threads)}: the model does not fit in VRAM"
        n_gpu = -1 if gpu_layers >= layers_total else gpu_layers
    else:
        device = "CPU"
        n_gpu = 0
        if gpu is None:
            why = "no GPU found"
        elif o.device == "cpu":
            why = "CPU chosen in settings"
        elif o.n_gpu_layers == 0:
            why = "GPU layers set to 0 in settings"
        elif not profile.llama.supports_gpu_offload:
            why = f"{gpu.name} found, but this llama.cpp build has no GPU support"
        else:
            why = f"the model does not fit in {gpu.name}'s free memory"
        reason = f"{_cpu_line(profile, threads)}: {why}"

    params = LoadParams(
        n_ctx=n_ctx,
        n_threads=threads,
        n_batch=n_batch,
        n_gpu_layers=n_gpu,
        flash_attn=flash,
        kv_cache_type=kv_type,
        use_mmap=True if o.use_mmap is None else o.use_mmap,
        use_mlock=bool(o.use_mlock),
    ).validate()
    return LoadPlan("llama.cpp", device, params, est, reason, tuple(notes))

