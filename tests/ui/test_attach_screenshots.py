"""The message box with a document and an image attached, on a real X screen (Xvfb): light
and dark, English and Korean, each checked to be drawn and in its theme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.screenshots import SCREENSHOTS, check_screenshot, run_driver
from tests.xvfb import xvfb_display


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display("1600x1200x24") as display:
        yield display


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_attach_screenshots(xvfb: str, theme: str, language: str) -> None:
    run_driver("tests.ui.drive_attach", "screenshots", str(SCREENSHOTS), theme, language,
               display=xvfb)
    check_screenshot(SCREENSHOTS / f"ondol-attach-{theme}-{language}.png", theme)
