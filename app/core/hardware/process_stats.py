"""This process's peak memory, the figure users compare with the estimate."""

from __future__ import annotations

import sys

import psutil


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far, in bytes (0 where the OS does not tell)."""
    if sys.platform == "win32":
        return int(getattr(psutil.Process().memory_info(), "peak_wset", 0))
    import resource  # POSIX only

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # macOS: bytes; Linux: KiB
