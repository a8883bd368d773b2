"""What the installed llama.cpp build can do, read by importing ``llama_cpp``.

Only ever run in a probe child or the runtime host (see ``runtime_facts``): importing
``llama_cpp`` loads its native library, which the window's process never does.
"""

from __future__ import annotations

import logging
from typing import Any

from app.core.hardware.profile import LlamaBuildInfo

logger = logging.getLogger(__name__)


def probe_llama_build() -> LlamaBuildInfo:
    """What the installed ``llama_cpp`` (llama-cpp-python) build can do.

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
