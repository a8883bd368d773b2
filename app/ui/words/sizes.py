"""Sizes, numbers and durations in the window's language (binary units, as the OS shows memory).

The translator gives the words ("min", "s"); ``QLocale()`` gives the digits (grouping and the
decimal mark), and the window's language sets it (``app.ui.i18n.install_translator``).
Every string is written out in a ``translate`` call so that lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

_UNITS = ((2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB"))


def format_number(value: float, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping and decimal mark (``1,234.5``)."""
    locale = QLocale()
    if decimals == 0:
        return locale.toString(round(value))
    return locale.toString(float(value), "f", decimals)


def format_size(n_bytes: float) -> str:
    """``1.5 GiB``, ``512 MiB``, ``12 KiB``, ``300 B``: GiB and TiB with one decimal, as
    the core's English ``format_bytes`` writes them."""
    n = max(0.0, float(n_bytes))
    number, unit = format_number(n), "B"
    for size, name in _UNITS:
        if n >= size:
            digits = 1 if name in ("GiB", "TiB") else 0
            number, unit = format_number(n / size, digits), name
            break
    return QCoreApplication.translate("Sizes", "{number} {unit}").format(number=number,
                                                                         unit=unit)


def format_duration(seconds: float | None) -> str:
    """``2 h 5 min``, ``3 min 20 s``, ``42 s``; ``—`` when unknown."""
    if seconds is None:
        return "—"
    total = max(0, int(seconds))
    hours, minutes, secs = total // 3600, total % 3600 // 60, total % 60
    if hours:
        return QCoreApplication.translate("Sizes", "{hours} h {minutes} min").format(
            hours=hours, minutes=minutes)
    if minutes:
        return QCoreApplication.translate("Sizes", "{minutes} min {seconds} s").format(
            minutes=minutes, seconds=secs)
    return QCoreApplication.translate("Sizes", "{seconds} s").format(seconds=secs)


def format_speed(bytes_per_second: float) -> str:
    """A transfer speed: ``12 MiB/s``."""
    return QCoreApplication.translate("Sizes", "{size}/s").format(
        size=format_size(bytes_per_second))
