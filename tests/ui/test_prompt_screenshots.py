"""The Prompt tab on a real X screen (Xvfb) with the starter model: a chat's prompt with its
special tokens drawn distinctly and the template editor open, light and dark, English and
Korean."""

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
def test_prompt_tab_screenshots(xvfb: str, theme: str, language: str, ondol_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb}
    done = subprocess.run([sys.executable, "-m", "tests.ui.drive_prompt", str(SCREENSHOTS),
                           theme, language], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    count, ok = done.stdout.strip().splitlines()[-2:]
    assert ok == "ok" and any(ch.isdigit() for ch in count), count
    path = SCREENSHOTS / f"ondol-prompt-{theme}-{language}.png"
    assert QImage(str(path)).width() >= 1000, path
    counts = colour_counts(path)
    assert len(counts) > 50, f"{path.name} looks blank"
    background = QColor(counts.most_common(1)[0][0])
    assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"
