"""The Collections dialog on a real X screen (Xvfb), light and dark, English and Korean: one
collection ready, one being indexed with its progress."""

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
def test_collections_dialog_screenshots(xvfb: str, theme: str, language: str,
                                        ondol_home: Path) -> None:
    lines = run_driver("tests.ui.drive_collections", str(SCREENSHOTS), theme, language,
                       display=xvfb)
    assert lines[-1] == "ok"
    ready, indexing = lines[-3], lines[-2]
    assert ready.startswith(("Notes:", "메모:")) and "Indexing" not in ready, ready
    assert indexing.startswith(("Research:", "연구 자료:")), indexing
    assert "4" in indexing and "13" in indexing, indexing  # held at its fourth of 13 files
    check_screenshot(SCREENSHOTS / f"ondol-collections-{theme}-{language}.png", theme,
                     min_width=900)
