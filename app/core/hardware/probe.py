"""Probe this machine and return a ``HardwareProfile``.

``probe_hardware`` is the entry point. It never raises: every sub-probe that fails leaves its
part of the profile ``"unknown"`` / zero / empty and logs why at debug level, because a
half-known machine is still worth planning for. The CPU and GPU details live in ``cpu.py`` and
``gpu.py``; the text parsers there are pure and re-exported here for convenience.
"""

from __future__ import annotations

import logging
import platform
import sys
from pathlib import Path

from app.core.hardware.cpu import (
    UNKNOWN,
    cpu_features_from_flags,
    cpu_features_from_llama_system_info,
    no_features,
    parse_cpuinfo,
    read_core_counts,
    read_cpu_model_and_flags,
)
from app.core.hardware.gpu import parse_nvidia_smi, probe_gpus
from app.core.hardware.onnx_build import probe_onnx_build
from app.core.hardware.profile import GpuInfo, HardwareProfile, LlamaBuildInfo
from app.core.hardware.runtime_facts import llama_build_facts

__all__ = [
    "cpu_features_from_flags",
    "cpu_features_from_llama_system_info",
    "normalize_arch",
    "normalize_os",
    "parse_cpuinfo",
    "parse_nvidia_smi",
    "probe_hardware",
]

logger = logging.getLogger(__name__)

_ARCH_ALIASES: dict[str, str] = {
    "amd64": "x86_64",
    "x64": "x86_64",
    "x86-64": "x86_64",
    "aarch64": "arm64",
    "arm64e": "arm64",
}


def normalize_os(name: str) -> str:
    """``sys.platform`` or ``platform.system()`` -> ``"linux"``, ``"darwin"`` or ``"windows"``.

    Args:
        name: e.g. ``"linux"``, ``"Darwin"``, ``"win32"``, ``"Windows"``, ``"cygwin"``.

    Returns:
        The normalised name; names of other systems come back lowercased, an empty name as
        ``"unknown"``.
    """
    lower = name.strip().lower()
    if lower.startswith("linux"):
        return "linux"
    if lower.startswith("darwin"):
        return "darwin"
    if lower.startswith(("win", "cygwin", "msys")):
        return "windows"
    return lower or UNKNOWN


def normalize_arch(machine: str) -> str:
    """``platform.machine()`` -> one name per architecture (``AMD64`` -> ``x86_64``,
    ``aarch64`` -> ``arm64``); other names come back lowercased, an empty one as ``"unknown"``.
    """
    lower = machine.strip().lower()
    return _ARCH_ALIASES.get(lower, lower) or UNKNOWN


def _read_memory() -> tuple[int, int]:
    """``(total, available)`` RAM in bytes; ``(0, 0)`` if psutil cannot tell."""
    try:
        import psutil  # lazy: a missing or broken psutil must not break importing the core

        memory = psutil.virtual_memory()
        return int(memory.total), int(memory.available)
    except Exception:  # a probe never raises
        logger.debug("psutil.virtual_memory failed", exc_info=True)
        return 0, 0


def _detect_features(
    os_name: str, arch: str, flags: set[str], llama: LlamaBuildInfo
) -> dict[str, bool]:
    """AVX2 / AVX-512 / NEON from the best source this OS has.

    Linux lists CPU flags; every arm64 Mac has NEON; elsewhere (Windows, Intel macOS) we fall
    back to what the llama.cpp build reports, if it is installed.
    """
    if os_name == "linux" and flags:
        return cpu_features_from_flags(flags)
    features = no_features()
    if llama.system_info:
        features = cpu_features_from_llama_system_info(llama.system_info)
    if os_name == "darwin" and arch == "arm64":
        features["neon"] = True
    return features


def probe_hardware(include_llama: bool = True, cache_dir: Path | None = None
                   ) -> HardwareProfile:
    """Describe this machine: OS, CPU, memory, GPUs and (optionally) the llama.cpp build.

    Takes well under a second on a normal machine; the slowest parts are the first probe of
    the llama.cpp build (a child process, about a second, then cached) and, where NVML is
    missing, running ``nvidia-smi`` (3 s timeout).

    Args:
        include_llama: Also report the llama.cpp build (probed in a child process, never
            imported here). ``False`` skips that (the profile's ``llama`` is then
            ``available=False``) and with it the llama-based CPU feature fallback.
        cache_dir: Where the llama.cpp build's facts are cached between runs (None: probed
            every time).

    Returns:
        The profile. Never raises: what cannot be found is ``"unknown"``, zero or empty.
    """
    os_name = normalize_os(platform.system() or sys.platform)
    arch = normalize_arch(platform.machine())

    try:
        cpu_model, flags = read_cpu_model_and_flags(os_name)
    except Exception:  # belt and braces: the helpers already catch
        logger.debug("CPU model probe failed", exc_info=True)
        cpu_model, flags = UNKNOWN, set()
    try:
        physical, logical = read_core_counts()
    except Exception:  # a probe never raises
        logger.debug("core count probe failed", exc_info=True)
        physical = logical = 1
    ram_total, ram_available = _read_memory()

    llama = LlamaBuildInfo(available=False)
    if include_llama:
        try:
            llama = llama_build_facts(cache_dir)
        except Exception:  # a probe never raises
            logger.debug("llama.cpp probe failed", exc_info=True)

    try:
        features = _detect_features(os_name, arch, flags, llama)
    except Exception:  # a probe never raises
        logger.debug("CPU feature detection failed", exc_info=True)
        features = no_features()

    gpus: tuple[GpuInfo, ...] = ()
    try:
        gpus = probe_gpus(os_name, arch, cpu_model, ram_total, ram_available)
    except Exception:  # a probe never raises
        logger.debug("GPU probe failed", exc_info=True)

    return HardwareProfile(
        os=os_name,
        arch=arch,
        cpu_model=cpu_model,
        physical_cores=physical,
        logical_cores=logical,
        ram_total_bytes=ram_total,
        ram_available_bytes=ram_available,
        avx2=features["avx2"],
        avx512=features["avx512"],
        neon=features["neon"],
        gpus=gpus,
        llama=llama,
        onnx=probe_onnx_build(os_name),
    )
