"""The Tokens tab comparing the starter model with Qwen 0.5B on the Korean sample, on a real X
screen (Xvfb), light and dark, English and Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.screenshots import SCREENSHOTS, check_screenshot, run_driver
from tests.ui.test_tokens_tab import QWEN_FILE
from tests.xvfb import xvfb_display

pytestmark = pytest.mark.skipif(not QWEN_FILE.is_file(), reason="Qwen 0.5B is not in the "
                                "test cache")


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display() as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_tokens_tab_screenshots(xvfb: str, theme: str, language: str, ondol_home: Path) -> None:
    point = run_driver("tests.ui.drive_tokens", str(SCREENSHOTS), theme, language,
                       str(QWEN_FILE), display=xvfb)[-2]
    assert point.count(" | ") == 2, point
    path = SCREENSHOTS / f"ondol-tokens-{theme}-{language}.png"
    check_screenshot(path, theme)
