"""Human-readable lines about a ``HardwareProfile`` for the CLI and logs (English, untranslated)."""

from __future__ import annotations

from app.core.hardware.profile import GpuInfo, HardwareProfile, LlamaBuildInfo

GIB = 1024**3


def format_gib(n_bytes: int) -> str:
    """``25125584896`` -> ``"23.4 GiB"`` (one decimal)."""
    return f"{n_bytes / GIB:.1f} GiB"


def _describe_gpu(gpu: GpuInfo) -> str:
    if gpu.unified_memory:
        if gpu.vram_total_bytes:
            shared = format_gib(gpu.vram_total_bytes)
            return f"GPU: {gpu.name}, unified memory (shares {shared} RAM)"
        return f"GPU: {gpu.name}, unified memory"
    if gpu.vram_total_bytes is None:
        return f"GPU: {gpu.name}, VRAM unknown"
    line = f"GPU: {gpu.name}, {format_gib(gpu.vram_total_bytes)} VRAM"
    if gpu.vram_free_bytes is not None:
        line += f" ({format_gib(gpu.vram_free_bytes)} free)"
    return line


def _describe_llama(llama: LlamaBuildInfo) -> str:
    if not llama.available:
        return "llama.cpp: not installed"
    name = f"llama.cpp {llama.version}" if llama.version else "llama.cpp (unknown version)"
    return f"{name}: {'GPU offload supported' if llama.supports_gpu_offload else 'CPU only build'}"


def describe_profile(profile: HardwareProfile) -> list[str]:
    """One line each for the system, CPU, RAM, every GPU and the llama.cpp build.

    Args:
        profile: The profile to describe.

    Returns:
        Lines like ``"CPU: AMD EPYC (2 physical / 2 logical cores; AVX2)"``,
        ``"RAM: 23.4 GiB total, 22.1 GiB available"``, ``"GPU: none found"`` and
        ``"llama.cpp 0.3.16: CPU only build"``.
    """
    cores = f"{profile.physical_cores} physical / {profile.logical_cores} logical cores"
    features = ", ".join(profile.cpu_features) or "no AVX2, AVX-512 or NEON"
    cpu = f"CPU: {profile.cpu_model} ({cores}; {features})"
    if profile.ram_total_bytes > 0:
        ram = (
            f"RAM: {format_gib(profile.ram_total_bytes)} total, "
            f"{format_gib(profile.ram_available_bytes)} available"
        )
    else:
        ram = "RAM: unknown"
    gpus = [_describe_gpu(gpu) for gpu in profile.gpus] or ["GPU: none found"]
    return [f"System: {profile.os} {profile.arch}", cpu, ram, *gpus, _describe_llama(profile.llama)]
