"""The Korean note over a chat with the starter model, and the models it points to, on a real X
screen (Xvfb), light and dark, English and Korean."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.ui.test_window_process import colour_counts
from tests.xvfb import xvfb_display

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display() as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_korean_advice_screenshots(xvfb: str, theme: str, language: str,
                                   ondol_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb}
    done = subprocess.run([sys.executable, "-m", "tests.ui.drive_korean", str(SCREENSHOTS),
                           theme, language], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    sentence, ok = done.stdout.strip().splitlines()[-2:]
    assert ok == "ok" and "4" in sentence, sentence  # the measured ratio, about 4.5
    for name in ("advice", "models"):
        path = SCREENSHOTS / f"ondol-korean-{name}-{theme}-{language}.png"
        assert QImage(str(path)).width() >= 1000, path
        counts = colour_counts(path)
        assert len(counts) > 50, f"{path.name} looks blank"
        background = QColor(counts.most_common(1)[0][0])
        assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"
