"""The Korean note over a chat with the starter model, and the models it points to, on a real X
screen (Xvfb), light and dark, English and Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.screenshots import SCREENSHOTS, check_screenshot, run_driver
from tests.xvfb import xvfb_display


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display() as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_korean_advice_screenshots(xvfb: str, theme: str, language: str,
                                   ondol_home: Path) -> None:
    sentence = run_driver("tests.ui.drive_korean", str(SCREENSHOTS), theme, language,
                          display=xvfb, timeout=300)[-2]
    assert "4" in sentence, sentence  # the measured ratio, about 4.5
    for name in ("advice", "models"):
        path = SCREENSHOTS / f"ondol-korean-{name}-{theme}-{language}.png"
        check_screenshot(path, theme)
