"""Settings → Tools on a real X screen (Xvfb), light and dark, English and Korean, with the
real MCP test server checked."""

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
def test_tools_dialog_screenshots(xvfb: str, theme: str, language: str,
                                  ondol_home: Path) -> None:
    lines = run_driver("tests.ui.drive_tools", str(SCREENSHOTS), theme, language,
                       display=xvfb)
    working, failing = lines[-3], lines[-2]
    assert working in ("7 tools", "도구 7개"), working
    assert "ondol-no-such-program" in failing, failing
    check_screenshot(SCREENSHOTS / f"ondol-tools-{theme}-{language}.png", theme, min_width=700)
