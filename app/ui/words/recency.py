"""Chats grouped by when they were last used: Today, Yesterday, Previous 7 days, Older.

The rule is a pure function of two local date-times (no Qt, no clock), so it can be tested at
midnight and at the week's edge; only the group names go through the translator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from enum import IntEnum
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

T = TypeVar("T")


class Recency(IntEnum):
    """The sidebar's groups, newest first (the order they are shown in)."""

    TODAY = 0
    YESTERDAY = 1
    PREVIOUS_7_DAYS = 2
    OLDER = 3


def recency(when: datetime, now: datetime) -> Recency:
    """The group of something last touched at ``when``, seen at ``now`` (both local time).

    Calendar days count, not 24-hour spans: 23:59 last night is Yesterday at 00:01. "Previous 7
    days" holds the five days before yesterday and the day a week ago (2 to 7 days back); a
    time after ``now`` (a clock set back) counts as Today.

    Raises:
        TypeError: one date-time is time-zone aware and the other is not.
    """
    days = (now.date() - when.date()).days
    if when > now or days <= 0:
        return Recency.TODAY
    if days == 1:
        return Recency.YESTERDAY
    if days <= 7:
        return Recency.PREVIOUS_7_DAYS
    return Recency.OLDER


def group_by_recency(items: Sequence[T], when: Callable[[T], datetime], now: datetime
                     ) -> list[tuple[Recency, list[T]]]:
    """``items`` in their groups, newest group first, keeping their order within a group;
    groups with nothing in them are left out.

    Raises:
        TypeError: as ``recency``.
    """
    groups: dict[Recency, list[T]] = {group: [] for group in Recency}
    for item in items:
        groups[recency(when(item), now)].append(item)
    return [(group, found) for group, found in groups.items() if found]


def until_next_midnight(now: datetime) -> timedelta:
    """How long from ``now`` (local time) until the next local midnight, when the groups
    change; at midnight exactly that is the one a day later. Measured on the local zone's real
    offsets, so a day that gains or loses an hour to daylight saving is 25 or 23 hours long.

    Raises:
        OverflowError: ``now`` is on the last day ``datetime`` can hold.
    """
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), now.tzinfo)
    # A naive time is taken as local time (``astimezone`` gives it the local offset).
    return midnight.astimezone() - now.astimezone()


def recency_label(group: Recency) -> str:
    """The group's heading in the window's language."""
    labels = {
        Recency.TODAY: QCoreApplication.translate("Sidebar", "Today"),
        Recency.YESTERDAY: QCoreApplication.translate("Sidebar", "Yesterday"),
        Recency.PREVIOUS_7_DAYS: QCoreApplication.translate("Sidebar", "Previous 7 days"),
        Recency.OLDER: QCoreApplication.translate("Sidebar", "Older"),
    }
    return labels[group]
