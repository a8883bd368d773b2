"""A chat that calls tools on a real X screen (Xvfb): a settled call in the conversation and a
waiting one on the card, light and dark, English and Korean."""

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
def test_tool_chat_screenshots(xvfb: str, theme: str, language: str, ondol_home: Path) -> None:
    lines = run_driver("tests.ui.drive_tool_chat", str(SCREENSHOTS), theme, language,
                       display=xvfb)
    title, focused = lines[-2].rsplit(" ", 1)
    assert "multiply" in title and "calculator" in title, title
    assert focused == "True"  # the card takes the keyboard when it appears
    check_screenshot(SCREENSHOTS / f"ondol-tool-chat-{theme}-{language}.png", theme)
