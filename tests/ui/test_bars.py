"""The probability bar chart: bars as long as their probability, the chosen token marked, cut
tokens greyed, every row said in words, and rows picked with the mouse or the keyboard."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from app.ui.inside.bars import BarChart, BarRow, BarState, soft_accent


def _chart(qtbot: QtBot) -> BarChart:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.set_rows([BarRow("␣the", 0.6, BarState.CHOSEN, "id 279"), BarRow("␣a", 0.3),
                    BarRow("␣an", 0.05, BarState.CUT), BarRow("…", 0.05, BarState.REST)],
                   "Next token:")
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def _bar_length(chart: BarChart, row: int, colour: QColor) -> int:
    image = chart.grab().toImage()
    y = int(2 + (row + 0.5) * chart._row_height())
    return sum(1 for x in range(image.width()) if image.pixelColor(x, y).name() == colour.name())


def test_bars_are_as_long_as_their_probability(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    chosen = chart.palette().color(QPalette.ColorRole.Highlight)
    other = soft_accent(chart.palette())
    assert _bar_length(chart, 1, other) > 0 and _bar_length(chart, 1, chosen) == 0
    assert _bar_length(chart, 0, chosen) > 1.5 * _bar_length(chart, 1, other)  # 0.6 vs 0.3
    greyed = chart.palette().color(QPalette.ColorRole.Mid)
    assert _bar_length(chart, 2, greyed) > 0 and _bar_length(chart, 2, other) == 0


def test_the_rows_are_said_in_words(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    words = chart.accessibleDescription()
    assert words.startswith("Next token:")
    assert "␣the 60.0 % (chosen)" in words and "␣an 5.0 % (cut away)" in words


def test_rows_are_picked_by_mouse_and_keyboard_but_not_the_rest(qtbot: QtBot) -> None:
    chart = _chart(qtbot)
    picked: list[int] = []
    chart.rowActivated.connect(picked.append)
    middle = int(2 + 1.5 * chart._row_height())
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(200, middle))
    assert picked == []  # not activatable: a picture only
    chart.set_activatable(True)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(200, middle))
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)  # "the rest" is not a token to pick
    assert picked == [1, 2]
