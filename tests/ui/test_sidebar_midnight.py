"""A sidebar left open past midnight regroups its chats: today's become yesterday's."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from app.ui.models import HeaderRole
from app.ui.sidebar import MIDNIGHT_SLACK, Sidebar
from app.ui.words.recency import until_next_midnight

EVENING = datetime(2026, 3, 10, 23, 58)  # two minutes before midnight


def chat(chat_id: int, title: str, when: datetime) -> SimpleNamespace:
    return SimpleNamespace(id=chat_id, title=title, updated_at=when.timestamp())


def shown(sidebar: Sidebar) -> list[str]:
    """The list's rows as read: headings in brackets."""
    rows = sidebar.rows
    return [f"[{rows.data(rows.index(r))}]" if rows.data(rows.index(r), HeaderRole)
            else rows.data(rows.index(r)) for r in range(rows.rowCount())]


def ms(wait: timedelta) -> int:
    return int(wait.total_seconds() * 1000)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize(("now", "left"), [
    (datetime(2026, 3, 10, 23, 59, 59), timedelta(seconds=1)),
    (datetime(2026, 3, 10, 0, 0, 0), timedelta(days=1)),  # midnight itself: the next one
    (datetime(2026, 3, 31, 18, 30), timedelta(hours=5, minutes=30)),  # the month's end
    (datetime(2026, 12, 31, 12, 0), timedelta(hours=12)),  # the year's end
])
def test_the_time_left_until_the_next_midnight(now: datetime, left: timedelta) -> None:
    assert until_next_midnight(now) == left


def test_the_list_regroups_after_midnight_keeping_selection_and_search(qtbot: QtBot) -> None:
    clock = Clock(EVENING)
    sidebar = Sidebar(clock=clock)
    qtbot.addWidget(sidebar)
    sidebar.search.setText("floor")  # the list below is what that search found
    found = [chat(1, "Warm floors", EVENING - timedelta(minutes=5)),
             chat(2, "Floor plans", EVENING - timedelta(days=1))]
    sidebar.set_chats(found, current_id=1)
    assert shown(sidebar) == ["[Today]", "Warm floors", "[Yesterday]", "Floor plans"]

    timer = sidebar.midnight_timer
    assert timer.isActive() and timer.isSingleShot()
    assert timer.interval() == ms(timedelta(minutes=2) + MIDNIGHT_SLACK)

    clock.now = datetime(2026, 3, 11, 0, 0, 1)  # the timer's moment has come
    timer.timeout.emit()
    assert shown(sidebar) == ["[Yesterday]", "Warm floors", "[Previous 7 days]",
                              "Floor plans"]
    assert sidebar.rows.item(sidebar.list.currentIndex().row()).id == 1
    assert sidebar.search.text() == "floor"
    assert [c.id for c in sidebar.chats.items()] == [1, 2]
    # Re-armed for the midnight after, a day less the second already gone.
    assert timer.isActive()
    assert timer.interval() == ms(timedelta(days=1) - timedelta(seconds=1) + MIDNIGHT_SLACK)


def test_a_timer_that_fires_early_changes_nothing_and_waits_again(qtbot: QtBot) -> None:
    clock = Clock(EVENING)
    sidebar = Sidebar(clock=clock)
    qtbot.addWidget(sidebar)
    sidebar.set_chats([chat(1, "Warm floors", EVENING - timedelta(minutes=5))], current_id=None)
    clock.now = datetime(2026, 3, 10, 23, 59, 59, 500_000)  # half a second short of midnight
    sidebar.midnight_timer.timeout.emit()
    assert shown(sidebar) == ["[Today]", "Warm floors"]
    assert sidebar.midnight_timer.interval() == ms(timedelta(milliseconds=500) + MIDNIGHT_SLACK)


def test_the_real_timer_fires_and_regroups(qtbot: QtBot) -> None:
    clock = Clock(datetime(2026, 3, 10, 23, 59, 59, 900_000))
    sidebar = Sidebar(clock=clock)
    qtbot.addWidget(sidebar)
    sidebar.set_chats([chat(1, "Warm floors", clock.now - timedelta(hours=1))], current_id=1)
    # Stand in for midnight's arrival: the clock moves on and the timer runs out soon.
    clock.now = datetime(2026, 3, 11, 0, 0, 1)
    sidebar.midnight_timer.start(10)
    qtbot.waitUntil(lambda: shown(sidebar) == ["[Yesterday]", "Warm floors"], timeout=5_000)
    assert sidebar.rows.item(sidebar.list.currentIndex().row()).id == 1
