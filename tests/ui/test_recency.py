"""Chats by recency: the grouping rule, with no window and no clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.ui.words.recency import Recency, group_by_recency, recency

NOW = datetime(2026, 3, 10, 0, 0, 30)  # just after midnight


@pytest.mark.parametrize(("when", "group"), [
    (datetime(2026, 3, 10, 0, 0, 0), Recency.TODAY),  # the first second of today
    (datetime(2026, 3, 9, 23, 59, 59), Recency.YESTERDAY),  # a minute ago, but yesterday
    (datetime(2026, 3, 9, 0, 0, 0), Recency.YESTERDAY),
    (datetime(2026, 3, 8, 23, 59, 59), Recency.PREVIOUS_7_DAYS),
    (datetime(2026, 3, 3, 0, 0, 0), Recency.PREVIOUS_7_DAYS),  # seven days back: still in
    (datetime(2026, 3, 2, 23, 59, 59), Recency.OLDER),  # eight days back
    (datetime(2025, 3, 10, 12, 0, 0), Recency.OLDER),  # same date last year
    (datetime(2026, 3, 10, 9, 0, 0), Recency.TODAY),  # later than now: a clock set back
    (datetime(2026, 3, 12, 9, 0, 0), Recency.TODAY),
])
def test_calendar_days_decide_the_group(when: datetime, group: Recency) -> None:
    assert recency(when, NOW) == group


def test_late_in_the_day_yesterday_is_still_yesterday() -> None:
    late = datetime(2026, 3, 10, 23, 59, 59)
    assert recency(datetime(2026, 3, 9, 0, 0, 1), late) == Recency.YESTERDAY
    assert recency(datetime(2026, 3, 10, 0, 0, 1), late) == Recency.TODAY


def test_across_a_month_and_a_year_end() -> None:
    new_year = datetime(2027, 1, 1, 8, 0)
    assert recency(datetime(2026, 12, 31, 22, 0), new_year) == Recency.YESTERDAY
    assert recency(datetime(2026, 12, 25, 0, 0), new_year) == Recency.PREVIOUS_7_DAYS
    assert recency(datetime(2026, 12, 24, 23, 0), new_year) == Recency.OLDER


def test_groups_keep_order_and_leave_out_empty_ones() -> None:
    ages = [0, 3, 1, 30, 2, 40]  # days back, in the order given (the store's order)
    items = [NOW - timedelta(days=d) for d in ages]
    groups = group_by_recency(items, lambda when: when, NOW)
    assert [g for g, _ in groups] == [Recency.TODAY, Recency.YESTERDAY,
                                      Recency.PREVIOUS_7_DAYS, Recency.OLDER]
    assert [len(found) for _, found in groups] == [1, 1, 2, 2]
    assert groups[2][1] == [items[1], items[4]]  # 3 then 2 days back, as given
    only_old = group_by_recency(items[3:4], lambda when: when, NOW)
    assert [g for g, _ in only_old] == [Recency.OLDER]
