"""The load settings' "Speculative decoding" part, with Qwen 0.5B offered as the draft for Qwen
1.5B, on a real X screen (Xvfb), light and dark, English and Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_CACHE
from tests.screenshots import SCREENSHOTS, check_screenshot, run_driver
from tests.xvfb import xvfb_display

MODELS = TEST_CACHE / "qwen" / "models"
TARGET = MODELS / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DRAFT = MODELS / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"

pytestmark = pytest.mark.skipif(not (TARGET.is_file() and DRAFT.is_file()),
                                reason="Qwen 1.5B and 0.5B are not in the test cache")


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display() as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_speculation_settings_screenshots(xvfb: str, theme: str, language: str,
                                          ondol_home: Path) -> None:
    note = run_driver("tests.ui.drive_speculation", str(SCREENSHOTS), theme, language,
                      str(TARGET), str(DRAFT), display=xvfb)[-2]
    assert "44%" in note or "44" in note, note  # the real draft's share of the target's size
    check_screenshot(SCREENSHOTS / f"ondol-speculation-{theme}-{language}.png", theme)
