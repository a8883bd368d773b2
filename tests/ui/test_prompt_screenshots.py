"""The Prompt tab on a real X screen (Xvfb) with the starter model: a chat's prompt with its
special tokens drawn distinctly and the template editor open, light and dark, English and
Korean."""

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
def test_prompt_tab_screenshots(xvfb: str, theme: str, language: str, ondol_home: Path) -> None:
    count = run_driver("tests.ui.drive_prompt", str(SCREENSHOTS), theme, language,
                       display=xvfb)[-2]
    assert any(ch.isdigit() for ch in count), count
    path = SCREENSHOTS / f"ondol-prompt-{theme}-{language}.png"
    check_screenshot(path, theme)
