"""The window as its own process: killed mid-stream (nothing but the last second is lost), and
on a real X screen (Xvfb) for screenshots in light and dark, English and Korean."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
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


def _driver(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.ui.drive_window", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env or os.environ.copy())


def test_sigkill_mid_stream_loses_at_most_the_last_second(ondol_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = _driver("stream-forever", env=env)
    assert proc.stdout is not None
    progress: list[tuple[float, int]] = []
    try:
        for line in proc.stdout:
            match = re.match(r"t=([\d.]+) len=(\d+)", line)
            if match:
                progress.append((float(match[1]), int(match[2])))
                if progress[-1][0] >= 3.0:
                    break
        killed_at = progress[-1][0]
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    database = ondol_home / "data" / "chats.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        content, complete = db.execute(
            "SELECT content, complete FROM messages WHERE role = 'assistant'").fetchone()
    # What the window showed 1.2 s before the kill (1 s save interval + scheduling slack).
    shown_earlier = max(n for t, n in progress if t <= killed_at - 1.2)
    assert shown_earlier > 0 and len(content) >= shown_earlier
    assert complete == 0  # marked unfinished: the app died before the answer ended


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display("2600x1700x24") as display:  # room for the window at 200 %
        yield display


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_screenshots_on_a_real_x_screen(xvfb: str, theme: str, language: str,
                                        scale: int) -> None:
    suffix = "" if scale == 1 else f"@{scale}x"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb,
           "QT_SCALE_FACTOR": str(scale)}
    proc = _driver("screenshots", str(SCREENSHOTS), theme, language, suffix, env=env)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.strip() == "ok", err
    for stage in ("empty", "streaming", "finished", "picker"):
        path = SCREENSHOTS / f"ondol-{theme}-{language}-{stage}{suffix}.png"
        # Window grabs are in device pixels: twice as wide at 200 %.
        assert QImage(str(path)).width() >= 1000 * (scale if stage != "picker" else 1), path
        counts = colour_counts(path)
        assert len(counts) > 50, f"{path.name} looks blank"
        background = QColor(counts.most_common(1)[0][0])
        assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_models_page_screenshots_on_a_real_x_screen(xvfb: str, theme: str, language: str,
                                                    scale: int) -> None:
    suffix = "" if scale == 1 else f"@{scale}x"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb,
           "QT_SCALE_FACTOR": str(scale)}
    proc = _driver("models", str(SCREENSHOTS), theme, language, suffix, env=env)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0 and out.strip() == "ok", err
    for stage in ("search", "repo", "library", "downloading"):
        path = SCREENSHOTS / f"ondol-models-{theme}-{language}-{stage}{suffix}.png"
        assert QImage(str(path)).width() >= 1000 * scale, path
        counts = colour_counts(path)
        assert len(counts) > 50, f"{path.name} looks blank"
        background = QColor(counts.most_common(1)[0][0])
        assert (background.lightness() < 128) == (theme == "dark"), f"{path.name}: wrong theme"
