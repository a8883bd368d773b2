"""Byte units as memory is sold and shown by the operating system (binary)."""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB


def format_bytes(n: int | float) -> str:
    """``1.5 GiB``, ``512 MiB`` (binary units).

    Raises:
        nothing.
    """
    if n >= GiB:
        return f"{n / GiB:.1f} GiB"
    return f"{n / MiB:.0f} MiB"
