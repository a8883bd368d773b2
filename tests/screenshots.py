"""Screenshots in tests: taking them in a window process of their own, and checking that a
picture is real (how many colours, which one is the background)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtGui import QColor, QImage

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "screenshots"


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


def run_driver(module: str, *args: str, display: str, timeout: float = 180) -> list[str]:
    """Run ``python -m module args`` on the X ``display``; it must end printing "ok". Returns
    the lines it printed.

    Raises:
        AssertionError: it failed (its error output is the message).
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr[-3000:]
    return proc.stdout.strip().splitlines()


def check_screenshot(path: Path, theme: str, min_width: int = 1000) -> None:
    """``path`` is a real picture: wide enough, not blank, in ``theme``'s background.

    Raises:
        AssertionError: it is not.
    """
    assert QImage(str(path)).width() >= min_width, path
    counts = colour_counts(path)
    assert len(counts) > 50, f"{path.name} looks blank"
    background = QColor(counts.most_common(1)[0][0])
    assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"
