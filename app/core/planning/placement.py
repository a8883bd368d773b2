"""Where a model's memory goes and whether it fits: the rules the planner and the fit labels
share (90% of the available RAM, free VRAM less a reserve, unified memory as one pool, a share
of the layers on the GPU and the rest on the CPU)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.hardware.profile import GpuInfo, HardwareProfile
from app.core.planning.memory_gguf import MemoryEstimate
from app.core.planning.units import MiB

RAM_USABLE_FRACTION = 0.9  # leave the OS and other apps some room
VRAM_RESERVE_BYTES = 512 * MiB  # driver, display and fragmentation
APPLE_GPU_FRACTION = 0.75  # macOS lets the GPU wire about this much of unified memory


@dataclass(frozen=True)
class Shortfall:
    """Why a placement does not fit: where ("memory" or "VRAM"), how much is needed and there."""

    where: str
    needed: int
    available: int


def first_gpu(profile: HardwareProfile) -> GpuInfo | None:
    """The GPU planning considers (the first one found), or ``None``.

    Raises:
        nothing.
    """
    return profile.gpus[0] if profile.gpus else None


def offload_gpu(profile: HardwareProfile) -> GpuInfo | None:
    """The GPU llama.cpp would offload layers to, or ``None`` (no GPU, or no GPU-capable build).

    Raises:
        nothing.
    """
    gpu = first_gpu(profile)
    return gpu if gpu is not None and profile.llama.supports_gpu_offload else None


def usable_ram_bytes(profile: HardwareProfile) -> int:
    """RAM a model may take: the available RAM less room for the OS and other programs.

    Raises:
        nothing.
    """
    return int(profile.ram_available_bytes * RAM_USABLE_FRACTION)


def gpu_budget_bytes(gpu: GpuInfo, profile: HardwareProfile) -> int:
    """What ``gpu`` can give a model: free VRAM less the reserve, or the unified-memory share.

    Raises:
        nothing.
    """
    if gpu.unified_memory:
        return int(min(profile.ram_total_bytes * APPLE_GPU_FRACTION,
                       profile.ram_available_bytes))
    free = gpu.vram_free_bytes if gpu.vram_free_bytes is not None else gpu.vram_total_bytes
    return max(0, (free or 0) - VRAM_RESERVE_BYTES)


def offload_share(est: MemoryEstimate, gpu: GpuInfo, profile: HardwareProfile) -> float:
    """The fraction of the layers (weights and cache) ``gpu``'s budget holds beside the compute
    buffers, 0..1.

    Raises:
        nothing.
    """
    layers = est.weights_bytes + est.kv_cache_bytes
    room = gpu_budget_bytes(gpu, profile) - est.compute_bytes
    return min(1.0, max(0.0, room / layers)) if layers else 1.0


def shortfall(est: MemoryEstimate, share: float, gpu: GpuInfo | None,
              profile: HardwareProfile) -> Shortfall | None:
    """None when ``share`` (0..1) of the layers on ``gpu`` and the rest on the CPU fit, else
    why not.

    Raises:
        nothing.
    """
    ram = usable_ram_bytes(profile)
    offloaded = int(share * (est.weights_bytes + est.kv_cache_bytes))
    if gpu is not None and gpu.unified_memory:
        # One pool: what the GPU takes comes out of the same RAM as the rest.
        pool = min(ram, gpu_budget_bytes(gpu, profile)) if share > 0 else ram
        return None if est.total_bytes <= pool else Shortfall("memory", est.total_bytes, pool)
    if share > 0 and gpu is not None:
        on_gpu = offloaded + est.compute_bytes
        budget = gpu_budget_bytes(gpu, profile)
        if on_gpu > budget:
            return Shortfall("VRAM", on_gpu, budget)
    on_cpu = est.total_bytes - offloaded
    return None if on_cpu <= ram else Shortfall("memory", on_cpu, ram)


def placement_fits(est: MemoryEstimate, share: float, gpu: GpuInfo | None,
                   profile: HardwareProfile) -> bool:
    """Whether ``share`` (0..1) of the layers on ``gpu`` and the rest on the CPU fit.

    Raises:
        nothing.
    """
    return shortfall(est, share, gpu, profile) is None
