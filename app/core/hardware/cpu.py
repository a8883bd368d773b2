"""CPU facts: model name, SIMD features and core counts.

The parsers (``parse_cpuinfo``, ``cpu_features_from_flags``,
``cpu_features_from_llama_system_info``) are pure functions of text so tests can feed them
samples from machines we do not have. The ``read_*`` functions touch the OS and never raise:
a failure gives ``"unknown"`` / empty / a fallback value and a debug log line.
"""

from __future__ import annotations

import logging
import os
import platform
import re
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

UNKNOWN = "unknown"

#: The feature keys every ``cpu_features_*`` function returns.
FEATURE_KEYS: tuple[str, ...] = ("avx2", "avx512", "neon")

# /proc/cpuinfo keys that carry a model name, best first. x86 has "model name"; older ARM
# kernels put the SoC in "Hardware" and the core in "Processor" (capital P: the lowercase
# "processor" key on every arch is just the CPU index).
_MODEL_KEYS: tuple[str, ...] = ("model name", "Hardware", "Processor", "cpu model")

# "AVX2 = 1" / "AVX512_VNNI = 0" pairs in llama.cpp's system info line.
_LLAMA_FEATURE_RE = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*=\s*([01])\b")


def parse_cpuinfo(text: str) -> tuple[str, set[str]]:
    """Read the CPU model name and feature flags from ``/proc/cpuinfo`` text.

    Args:
        text: The file's contents.

    Returns:
        ``(model, flags)``: the model name (``"unknown"`` if none is given) and the lowercase
        flag names of the first CPU that lists any (x86 ``flags``, ARM ``Features``).
    """
    found: dict[str, str] = {}
    flags: set[str] = set()
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key in _MODEL_KEYS and value and key not in found:
            found[key] = value
        # Every CPU repeats its flags; the first is enough (hybrid cores share one ISA).
        elif key.lower() in ("flags", "features") and value and not flags:
            flags = {flag.lower() for flag in value.split()}
    model = next((found[key] for key in _MODEL_KEYS if key in found), UNKNOWN)
    return model, flags


def cpu_features_from_flags(flags: set[str]) -> dict[str, bool]:
    """Map ``/proc/cpuinfo`` flags to the features llama.cpp cares about.

    Args:
        flags: Flag names as in ``/proc/cpuinfo`` (case does not matter).

    Returns:
        ``{"avx2": ..., "avx512": ..., "neon": ...}``. Any ``avx512*`` flag counts as AVX-512
        (llama.cpp builds gate on ``avx512f`` but kernels report sub-features too); on ARM,
        ``asimd`` (AArch64's name for Advanced SIMD) or ``neon`` (32-bit ARM) counts as NEON.
    """
    lower = {flag.lower() for flag in flags}
    return {
        "avx2": "avx2" in lower,
        "avx512": any(flag.startswith("avx512") for flag in lower),
        "neon": bool(lower & {"asimd", "neon"}),
    }


def cpu_features_from_llama_system_info(text: str) -> dict[str, bool]:
    """Read SIMD features from ``llama_print_system_info()`` output.

    Used where the OS gives no flag list (Windows, Intel macOS). The text looks like
    ``"CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 0 | NEON = 0 | ..."``; newer builds list only the
    features they were compiled with. Note this says what the *build* uses, which on a
    native build is what the CPU has.

    Args:
        text: The system info string.

    Returns:
        ``{"avx2": ..., "avx512": ..., "neon": ...}``; features not mentioned are ``False``.
        Any ``AVX512*`` entry set to 1 counts as AVX-512.
    """
    on = {name for name, value in _LLAMA_FEATURE_RE.findall(text) if value == "1"}
    return {
        "avx2": "AVX2" in on,
        "avx512": any(name.startswith("AVX512") for name in on),
        "neon": "NEON" in on,
    }


def no_features() -> dict[str, bool]:
    """The feature dict with everything off."""
    return dict.fromkeys(FEATURE_KEYS, False)


def read_proc_cpuinfo(path: Path = Path("/proc/cpuinfo")) -> tuple[str, set[str]]:
    """Parse the Linux ``/proc/cpuinfo`` file; ``("unknown", set())`` if it cannot be read."""
    try:
        return parse_cpuinfo(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        logger.debug("cannot read %s", path, exc_info=True)
        return UNKNOWN, set()


def read_sysctl(name: str, timeout: float = 3.0) -> str | None:
    """The value of a macOS ``sysctl`` key, or ``None`` if it cannot be read."""
    try:
        result = subprocess.run(
            ["sysctl", "-n", name],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        logger.debug("sysctl %s failed", name, exc_info=True)
        return None
    value = result.stdout.strip()
    if result.returncode != 0 or not value:
        logger.debug("sysctl %s: rc=%s, stderr=%r", name, result.returncode, result.stderr)
        return None
    return value


def read_cpu_model_and_flags(os_name: str) -> tuple[str, set[str]]:
    """The CPU model name and (on Linux) its flags, by the means each OS offers.

    Args:
        os_name: ``"linux"``, ``"darwin"``, ``"windows"`` or anything else.

    Returns:
        ``(model, flags)``; flags are empty outside Linux, the model ``"unknown"`` when the OS
        does not tell.
    """
    if os_name == "linux":
        return read_proc_cpuinfo()
    if os_name == "darwin":
        return read_sysctl("machdep.cpu.brand_string") or UNKNOWN, set()
    # Windows (and anything else): platform.processor() is all the stdlib offers; on Windows
    # it reads the registry's identifier, e.g. "Intel64 Family 6 Model 154 Stepping 3, ...".
    try:
        return platform.processor().strip() or UNKNOWN, set()
    except Exception:  # a probe never raises
        logger.debug("platform.processor() failed", exc_info=True)
        return UNKNOWN, set()


def read_core_counts() -> tuple[int, int]:
    """``(physical, logical)`` core counts, each at least 1.

    psutil gives ``None`` for physical cores where it cannot tell (some VMs, containers, BSDs);
    we then take the logical count, and if psutil fails outright, ``os.cpu_count()``.
    """
    logical: int | None = None
    physical: int | None = None
    try:
        import psutil  # lazy: a missing or broken psutil must not break importing the core

        logical = psutil.cpu_count(logical=True)
        physical = psutil.cpu_count(logical=False)
    except Exception:  # a probe never raises
        logger.debug("psutil.cpu_count failed", exc_info=True)
    logical = logical or os.cpu_count() or 1
    physical = physical or logical
    # A physical count above the logical one would be nonsense; trust the logical one.
    return min(physical, logical), logical
