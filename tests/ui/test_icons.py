"""The shipped line icons draw, in the palette's colour, and follow a theme change."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.resources import resource_path
from app.ui.icons import icon, refresh_icons, set_icon, set_tab_icons

NAMES = sorted(path.stem for path in resource_path("icons", "ui").glob("*.svg"))


def ink(name: str, colour: str | None = None) -> set[str]:
    """The opaque colours of the icon drawn at 24 px."""
    image = icon(name, colour).pixmap(24, 24).toImage()
    return {image.pixelColor(x, y).name() for x in range(24) for y in range(24)
            if image.pixelColor(x, y).alpha() == 255}


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_icon_draws(qapp: QApplication, name: str) -> None:
    assert ink(name, "#ff0000") == {"#ff0000"}


def test_an_unknown_icon_is_a_clear_error(qapp: QApplication) -> None:
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")


def test_icons_follow_the_palette(qtbot: QtBot, qapp: QApplication) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    button = QPushButton(root)
    tabs = QTabWidget(root)
    tabs.addTab(QWidget(), "One")
    before = qapp.palette()

    def colours() -> tuple[set[str], set[str]]:
        drawn = (button.icon().pixmap(24, 24).toImage(), tabs.tabIcon(0).pixmap(24, 24).toImage())
        return tuple({image.pixelColor(x, 12).name() for x in range(24)} for image in drawn)

    try:
        palette = QPalette(before)
        palette.setColor(QPalette.ColorRole.ButtonText, QColor("#00ff00"))
        qapp.setPalette(palette)
        set_icon(button, "copy")
        set_tab_icons(tabs, ["search"])
        assert all("#00ff00" in found for found in colours())
        palette.setColor(QPalette.ColorRole.ButtonText, QColor("#0000ff"))
        qapp.setPalette(palette)
        refresh_icons(root)
        assert all("#0000ff" in found and "#00ff00" not in found for found in colours())
    finally:
        qapp.setPalette(before)
