"""The one-calendar-month time limit, as the Information Commissioner counts it."""

import datetime as dt

import pytest

from heard.rights.deadlines import add_calendar_months, respond_by


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 3, 3), 1, dt.date(2026, 4, 3)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # no 31 February: the month's last day
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_corresponding_date_in_a_later_month(start, months, expected):
    assert add_calendar_months(start, months) == expected


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day():
    # 4 April 2026 is a Saturday and 6 April is Easter Monday: the answer is due Tuesday 7th.
    assert respond_by(dt.date(2026, 3, 4)) == dt.date(2026, 4, 7)


def test_an_extension_adds_two_further_months():
    assert respond_by(dt.date(2026, 3, 3), months=3) == dt.date(2026, 6, 3)
