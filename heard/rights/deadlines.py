"""The calendar-month time limit for answering a subject access request.

The Information Commissioner's guidance: the month runs from the day the request
is received (or the requester's identity is confirmed, if later) to the
corresponding calendar date in the next month; when that month has no such date
(31 January to February), the last day of the month. When the date falls on a
weekend or a bank holiday, the time limit runs to the next working day.
"""

from __future__ import annotations

import calendar
import datetime as dt

from heard.core.working_days import is_working_day


def add_calendar_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later, or that month's last day when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def respond_by(start: dt.date, *, months: int = 1) -> dt.date:
    """The last day to respond: ``months`` calendar months on, moved past weekends and holidays."""
    due = add_calendar_months(start, months)
    while not is_working_day(due):
        due += dt.timedelta(days=1)
    return due
