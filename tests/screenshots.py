"""Looking at screenshots in tests: how many colours, which one is the background."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtGui import QImage


def colour_counts(path: Path, step: int = 3) -> Counter[int]:
    """How often each RGB value appears in the image at ``path`` (every ``step``-th pixel).

    Raises:
        FileNotFoundError: there is no readable image at ``path``.
    """
    image = QImage(str(path))
    if image.isNull():
        raise FileNotFoundError(f"no image at {path}")
    return Counter(image.pixel(x, y) for y in range(0, image.height(), step)
                   for x in range(0, image.width(), step))
