"""GPU discovery: NVIDIA (NVML, then ``nvidia-smi``) and Apple Silicon.

``parse_nvidia_smi`` is pure; the ``probe_*`` functions touch the OS and never raise: a failure
gives an empty list and a debug log line. AMD and Intel GPUs are not detected yet.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from typing import Any

from app.core.hardware.profile import GpuInfo

logger = logging.getLogger(__name__)

MIB = 1024 * 1024

#: The query ``probe_nvidia_smi`` runs; ``parse_nvidia_smi`` reads its output.
NVIDIA_SMI_ARGS: tuple[str, ...] = (
    "--query-gpu=name,memory.total,memory.free",
    "--format=csv,noheader,nounits",
)


def _mib_to_bytes(field: str) -> int | None:
    """``"12282"`` -> bytes; ``"[N/A]"``, ``"[Not Supported]"`` or junk -> ``None``."""
    try:
        return int(float(field.strip()) * MIB)
    except ValueError:
        return None


def parse_nvidia_smi(csv_text: str) -> list[GpuInfo]:
    """Read ``nvidia-smi --query-gpu=name,memory.total,memory.free`` CSV output.

    Args:
        csv_text: Output of the query with ``--format=csv,noheader,nounits``: one
            ``name, total MiB, free MiB`` line per GPU.

    Returns:
        One ``GpuInfo`` per well-formed line, in order; lines without three fields are skipped
        and memory fields nvidia-smi cannot fill (``[N/A]``) become ``None``.
    """
    gpus: list[GpuInfo] = []
    for line in csv_text.splitlines():
        # Split from the right: the two numbers never hold commas, a marketing name might.
        parts = line.strip().rsplit(",", 2)
        if len(parts) != 3 or not parts[0].strip():
            continue
        name, total, free = (part.strip() for part in parts)
        gpus.append(
            GpuInfo(
                vendor="nvidia",
                name=name,
                vram_total_bytes=_mib_to_bytes(total),
                vram_free_bytes=_mib_to_bytes(free),
            )
        )
    return gpus


def _text(value: Any) -> str:
    """NVML names are ``bytes`` in old bindings and ``str`` in new ones."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def probe_nvml() -> list[GpuInfo] | None:
    """NVIDIA GPUs via NVML (the ``nvidia-ml-py`` package, imported as ``pynvml``).

    Returns:
        The GPUs NVML reports (possibly none), or ``None`` when NVML cannot be used (package
        missing, driver library absent, or any NVML error), so the caller can try
        ``nvidia-smi``.
    """
    try:
        import pynvml  # lazy and optional: only machines with NVIDIA drivers need it
    except Exception:  # ImportError, or a broken install raising anything
        logger.debug("pynvml not importable; skipping NVML", exc_info=True)
        return None
    try:
        pynvml.nvmlInit()
    except Exception:  # NVMLError_LibraryNotFound etc.
        logger.debug("nvmlInit failed", exc_info=True)
        return None
    try:
        gpus: list[GpuInfo] = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
            gpus.append(
                GpuInfo(
                    vendor="nvidia",
                    name=_text(pynvml.nvmlDeviceGetName(handle)),
                    vram_total_bytes=int(memory.total),
                    vram_free_bytes=int(memory.free),
                )
            )
        return gpus
    except Exception:  # a probe never raises
        logger.debug("NVML query failed", exc_info=True)
        return None
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:  # nothing useful to do about a failed shutdown
            logger.debug("nvmlShutdown failed", exc_info=True)


def probe_nvidia_smi(timeout: float = 3.0, executable: str = "nvidia-smi") -> list[GpuInfo]:
    """NVIDIA GPUs via the ``nvidia-smi`` command line tool.

    Args:
        timeout: Seconds to wait; a hung driver can make nvidia-smi block for a long time.
        executable: The program name or path (found on ``PATH``).

    Returns:
        The GPUs listed, or ``[]`` when the tool is absent, fails, times out or prints
        nothing parseable.
    """
    path = shutil.which(executable)
    if path is None:
        logger.debug("%s not found on PATH", executable)
        return []
    # Ondol is a GUI app: on Windows, don't flash a console window for the child.
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    try:
        result = subprocess.run(
            [path, *NVIDIA_SMI_ARGS],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            creationflags=flags,
        )
    except (OSError, subprocess.SubprocessError):
        logger.debug("%s failed to run", path, exc_info=True)
        return []
    if result.returncode != 0:
        logger.debug("%s exited %s: %r", path, result.returncode, result.stderr.strip())
        return []
    return parse_nvidia_smi(result.stdout)


def probe_nvidia() -> list[GpuInfo]:
    """NVIDIA GPUs: NVML if it works, else ``nvidia-smi``; ``[]`` when neither finds any."""
    gpus = probe_nvml()
    if gpus is not None:
        return gpus
    return probe_nvidia_smi()


def apple_gpu(cpu_model: str, ram_total_bytes: int, ram_available_bytes: int) -> GpuInfo:
    """The integrated GPU of an Apple Silicon Mac, which shares system RAM with the CPU.

    Args:
        cpu_model: The chip name (``"Apple M2 Pro"``); the GPU is part of the same chip.
        ram_total_bytes: System RAM, which is also the GPU's memory.
        ram_available_bytes: RAM free now.

    Returns:
        A ``GpuInfo`` with ``unified_memory=True``.
    """
    name = cpu_model if cpu_model and cpu_model != "unknown" else "Apple GPU"
    return GpuInfo(
        vendor="apple",
        name=name,
        vram_total_bytes=ram_total_bytes or None,
        vram_free_bytes=ram_available_bytes or None,
        unified_memory=True,
    )


def probe_gpus(
    os_name: str, arch: str, cpu_model: str, ram_total_bytes: int, ram_available_bytes: int
) -> tuple[GpuInfo, ...]:
    """All GPUs this machine has that Ondol knows how to find.

    Args:
        os_name: Normalised OS name (``"linux"``, ``"darwin"``, ``"windows"``).
        arch: Normalised architecture (``"x86_64"``, ``"arm64"``, ...).
        cpu_model: CPU model name (names the Apple GPU).
        ram_total_bytes: System RAM (the Apple GPU's memory).
        ram_available_bytes: RAM free now.

    Returns:
        The GPUs found, possibly none.
    """
    if os_name == "darwin":
        # Macs have had no NVIDIA drivers since 10.13; Apple Silicon's GPU is on the chip.
        if arch == "arm64":
            return (apple_gpu(cpu_model, ram_total_bytes, ram_available_bytes),)
        return ()
    try:
        return tuple(probe_nvidia())
    except Exception:  # a probe never raises
        logger.debug("NVIDIA probe failed", exc_info=True)
        return ()
