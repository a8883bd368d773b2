"""Labels that would be cut end in "…" and keep their whole text; no widget picks its own
colours (they come from the theme's tokens, so they read in light and dark)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from pathlib import Path

from PySide6.QtWidgets import QSizePolicy
from pytestqt.qtbot import QtBot

from app.ui.elided_label import ElidedLabel
from app.ui.top_bar import TopBar

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


def test_a_long_reason_is_cut_with_an_ellipsis_and_kept_whole(qtbot: QtBot) -> None:
    label = ElidedLabel()
    qtbot.addWidget(label)
    text = "CPU, 2 threads, AVX2 + AVX-512: no GPU found " * 3
    label.set_text(text)
    label.resize(200, 30)
    label.show()
    qtbot.waitExposed(label)
    assert label.toolTip() == text and label.text() == text  # what a screen reader reads
    # It never asks for more room than it gets: the layout can always shrink it.
    assert label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    image = label.grab().toImage()
    background = image.pixelColor(0, 0)
    inked = {x for x in range(image.width()) for y in range(image.height())
             if image.pixelColor(x, y) != background}
    assert inked and max(inked) < 200  # drawn, and within its width


def test_the_top_bar_reason_is_an_elided_quiet_label(qtbot: QtBot) -> None:
    bar = TopBar()
    qtbot.addWidget(bar)
    assert isinstance(bar.reason, ElidedLabel)
    assert bar.reason.property("role") == "muted"


def test_no_widget_sets_its_own_colour() -> None:
    pattern = re.compile(r"setStyleSheet\([^)]*color", re.IGNORECASE)
    offenders = [str(path.relative_to(UI)) for path in UI.rglob("*.py")
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
