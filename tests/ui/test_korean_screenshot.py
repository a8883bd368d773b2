"""A screenshot of the Korean window after a failed load, on a real X screen (Xvfb)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.ui.test_error_words import korean_only
from tests.xvfb import xvfb_display

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"


def on_a_screen(module: str, timeout: int) -> list[str]:
    """Run the script ``module`` on a real X screen (it writes into ``SCREENSHOTS``); the lines
    it printed."""
    with xvfb_display() as display:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        done = subprocess.run([sys.executable, "-m", module, str(SCREENSHOTS)], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()


def test_korean_window_after_a_failed_load_shows_only_korean(ondol_home: Path) -> None:
    printed = on_a_screen("tests.ui.korean_failed_load", timeout=120)
    status, dialog, top_bar = printed[-3:]
    for text in (status, dialog):
        assert "PNG 이미지" in text and korean_only(text, "picture.gguf"), text
    assert korean_only(top_bar, "SmolLM2-135M-Instruct.Q4_1"), top_bar  # still loaded
    image = QImage(str(SCREENSHOTS / "ondol-ko-failed-load.png"))
    assert image.width() >= 1000 and image.height() >= 700


def test_korean_window_after_autos_choice_shows_only_korean(ondol_home: Path) -> None:
    status, reason = on_a_screen("tests.ui.korean_auto_choice", timeout=300)[-2:]
    names = ("SmolLM2-135M-Instruct-onnx-int4", "SmolLM2-135M-Instruct.Q4_1", "Q4_1",
             "int4", "tok/s", "onnxruntime-genai", "llama.cpp", "AVX2", "AVX-512")
    assert korean_only(status, *names), status
    assert reason.startswith("자동: ") and "측정값" in reason, reason  # Auto measured both
    assert korean_only(reason, *names), reason
    image = QImage(str(SCREENSHOTS / "ondol-ko-auto-choice.png"))
    assert image.width() >= 1000 and image.height() >= 700
