"""A real answer tinted by probability with a candidates chart open, on a real X screen (Xvfb)
with the starter model: screenshots in light and dark, English and Korean, each checked to be
drawn and in its theme."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.screenshots import colour_counts
from tests.xvfb import xvfb_display

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display("1600x1200x24") as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_probabilities_screenshots(xvfb: str, theme: str, language: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ui.drive_probabilities", "screenshots", str(SCREENSHOTS),
         theme, language], cwd=REPO, capture_output=True, text=True, env=env, timeout=180)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr
    path = SCREENSHOTS / f"ondol-probabilities-{theme}-{language}.png"
    assert QImage(str(path)).width() >= 1000, path
    counts = colour_counts(path)
    assert len(counts) > 50, f"{path.name} looks blank"
    background = QColor(counts.most_common(1)[0][0])
    assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"
