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
from typing import Any

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

__all__ = [
    "cpu_features_from_flags",
    "cpu_features_from_llama_system_info",
    "normalize_arch",
    "normalize_os",
    "parse_cpuinfo",
    "parse_nvidia_smi",
    "probe_hardware",
    "probe_llama_build",
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


def probe_llama_build() -> LlamaBuildInfo:
    """What the installed ``llama_cpp`` (llama-cpp-python) build can do.

    ``llama_cpp`` is imported here, not at module level: loading it loads the native library,
    which is slow and, on a broken install, may fail in ways that must not stop the app.

    Returns:
        ``LlamaBuildInfo(available=False)`` if ``llama_cpp`` cannot be imported; otherwise its
        version, whether it can offload layers to a GPU, and its system info line. Parts that
        fail to read keep their defaults.
    """
    try:
        import llama_cpp
    except Exception:  # ImportError, or OSError from a bad native library
        logger.debug("llama_cpp not importable", exc_info=True)
        return LlamaBuildInfo(available=False)

    version = getattr(llama_cpp, "__version__", None)
    supports_gpu_offload = False
    try:
        supports_gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
    except Exception:  # a probe never raises
        logger.debug("llama_supports_gpu_offload failed", exc_info=True)
    system_info = ""
    try:
        system_info = _as_text(llama_cpp.llama_print_system_info()).strip()
    except Exception:  # a probe never raises
        logger.debug("llama_print_system_info failed", exc_info=True)
    return LlamaBuildInfo(
        available=True,
        version=str(version) if version else None,
        supports_gpu_offload=supports_gpu_offload,
        system_info=system_info,
    )


def _as_text(value: Any) -> str:
    """The C API gives ``bytes``; be lenient should a binding hand back ``str`` or ``None``."""
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return "" if value is None else str(value)


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


def probe_hardware(include_llama: bool = True) -> HardwareProfile:
    """Describe this machine: OS, CPU, memory, GPUs and (optionally) the llama.cpp build.

    Takes well under a second on a normal machine; the slowest parts are importing
    ``llama_cpp`` and, where NVML is missing, running ``nvidia-smi`` (3 s timeout).

    Args:
        include_llama: Also import ``llama_cpp`` and report its build. ``False`` skips that
            (the profile's ``llama`` is then ``available=False``) and with it the llama-based
            CPU feature fallback.

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
            llama = probe_llama_build()
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
