"""Following a streaming answer down the page, until the reader scrolls up."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollBar

AT_BOTTOM = 4  # px from the end that still count as "at the bottom"


class ScrollFollow:
    """Keeps a scroll bar at its end while ``following``; the reader scrolling away from the
    end stops that, scrolling back to the end starts it again."""

    def __init__(self, bar: QScrollBar) -> None:
        self._bar = bar
        self.following = True
        self._moving = False  # the bar is being moved here, not by the reader
        bar.rangeChanged.connect(self._on_range_changed)
        bar.valueChanged.connect(self._on_value_changed)

    def set_value(self, value: int) -> None:
        """Move the bar without taking it for the reader's scrolling."""
        self._moving = True
        try:
            self._bar.setValue(value)
        finally:
            self._moving = False

    def to_end(self) -> None:
        """Follow again, from the end."""
        self.following = True
        self.set_value(self._bar.maximum())

    def _on_range_changed(self, _low: int, high: int) -> None:
        # The layout grows lazily after text is added: follow it when following.
        if self.following:
            self.set_value(high)

    def _on_value_changed(self, value: int) -> None:
        if not self._moving:
            self.following = value >= self._bar.maximum() - AT_BOTTOM
