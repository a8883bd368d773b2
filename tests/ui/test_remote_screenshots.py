"""A remote engine in the window on a real X screen (Xvfb), light and dark, English and Korean:
a real ``ondol serve`` with the starter model is the server; the pictures show the Connections
dialog after Check, the picker with the server's model, and a short answer from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.screenshots import SCREENSHOTS, check_screenshot, run_driver
from tests.server.conftest import STARTER, Served
from tests.xvfb import xvfb_display


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    with xvfb_display() as display:
        yield display


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``ondol serve`` in a home of its own with the starter model loaded (its runtime process
    starts here, not during a test, which would count it as left behind)."""
    server = Served(tmp_path_factory.mktemp("served-home"), "--model", STARTER)
    yield server
    server.stop()


@pytest.mark.parametrize(("theme", "language"), [("light", "en"), ("dark", "en"),
                                                 ("light", "ko"), ("dark", "ko")])
def test_remote_screenshots(xvfb: str, served: Served, theme: str, language: str,
                            ondol_home: Path) -> None:
    lines = run_driver("tests.ui.drive_remote", str(SCREENSHOTS), theme, language,
                       served.base_url, display=xvfb)
    checked, stop_reason = lines[-3], lines[-2]
    assert checked.startswith(("1 model: ", "모델 1개: ")), checked
    assert "SmolLM2-135M-Instruct" in checked, checked
    assert stop_reason in ("stop", "length"), stop_reason
    for picture in ("dialog", "picker", "chat"):
        check_screenshot(SCREENSHOTS / f"ondol-remote-{picture}-{theme}-{language}.png", theme)
