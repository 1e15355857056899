"""Working days in England and Wales, for referral and response-time targets.

A working day is Monday to Friday and not a bank holiday in England and Wales
(the two nations share one list of bank holidays, including substitute days
and one-off days such as the 2022 state funeral and the 2023 coronation).
Bank holidays come from the ``holidays`` package, which covers 1872 to 2100;
outside that range only weekends are excluded.

Counting convention, used throughout: ``working_days_between(start, end)``
counts the working days *after* ``start`` up to and including ``end``. A
referral received on Monday and allocated on Tuesday took 1 working day;
received and allocated on the same day took 0. This matches how "within N
working days" targets are written: ``add_working_days(received, n)`` is the
last day that still meets an n-working-day target.

Commissioners' reports run these over thousands of referrals, so each call is
arithmetic on whole weeks plus a binary search of a cached, sorted tuple of
bank holidays per year - never a day-by-day loop over the range.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "WorkingDaysSince",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_ago",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)


def _as_date(value: date) -> date:
    """Drop any time part: a ``datetime`` counts as the calendar day it names."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


@lru_cache(maxsize=512)
def bank_holidays(year: int) -> tuple[date, ...]:
    """Return the England and Wales bank holidays in ``year`` that fall Monday-Friday.

    Weekend dates the package lists (for example Christmas Day on a Saturday)
    are left out because the substitute weekday is what stops work, and the
    weekend is already excluded.
    """
    calendar = holidays.UnitedKingdom(subdiv="ENG", years=year)
    return tuple(sorted(d for d in calendar if d.year == year and d.weekday() < 5))


@lru_cache(maxsize=512)
def _bank_holiday_set(year: int) -> frozenset[date]:
    return frozenset(bank_holidays(year))


def is_working_day(d: date) -> bool:
    """Return True if ``d`` is a weekday and not an England and Wales bank holiday."""
    d = _as_date(d)
    return d.weekday() < 5 and d not in _bank_holiday_set(d.year)


def _weekdays_through(d: date) -> int:
    """Count Monday-Friday days from 0001-01-01 (a Monday) to ``d`` inclusive."""
    n = d.toordinal()
    return (n // 7) * 5 + min(n % 7, 5)


def _bank_holidays_in(start: date, end: date) -> int:
    """Count weekday bank holidays in the half-open range (start, end]."""
    count = 0
    for year in range(start.year, end.year + 1):
        days = bank_holidays(year)
        lo = bisect_right(days, start) if year == start.year else 0
        hi = bisect_right(days, end) if year == end.year else len(days)
        count += max(hi - lo, 0)
    return count


def working_days_between(start: date, end: date) -> int:
    """Return the number of working days after ``start`` up to and including ``end``.

    Monday to Tuesday is 1; Friday to the following Monday is 1; a bank
    holiday in between is not counted. Returns 0 if ``end`` is on or before
    ``start``. ``datetime`` values count as their calendar date.
    """
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    return weekdays - _bank_holidays_in(start, end)


class WorkingDaysSince(dict):
    """``since[day]``: the working days after ``origin`` up to and including ``day``, each
    day worked out once; ``since.between(start, end)`` is ``working_days_between(start,
    end)`` for any ``start`` and ``end`` on or after ``origin``.

    Working days add up: those in (origin, end] are those in (origin, start] plus those in
    (start, end]. So a report counting the days taken by ten thousand (received, reached)
    pairs works out each of a few hundred distinct days once, then subtracts.
    """

    def __init__(self, origin: date):
        super().__init__()
        self.origin = _as_date(origin)

    def __missing__(self, day: date) -> int:
        value = self[day] = working_days_between(self.origin, day)
        return value

    def between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return self[end] - self[start]


def _working_days_before(start: date, end: date) -> int:
    """Count working days in [start, end) - the mirror image, for counting backwards."""
    return working_days_between(start - _ONE_DAY, end - _ONE_DAY)


def add_working_days(start: date, n: int) -> date:
    """Return the date ``n`` working days after ``start`` (before it if ``n`` < 0).

    For n > 0 the result is the earliest date with
    ``working_days_between(start, result) == n``, so it is always a working
    day, even when ``start`` is not (received on Saturday + 1 = Monday).
    n == 0 returns ``start`` unchanged. For n < 0 the result is the |n|-th
    working day strictly before ``start``.
    """
    start = _as_date(start)
    if n == 0:
        return start
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    current = start
    # Jump in whole weeks while it is safe: 7 days hold exactly 5 weekdays, so
    # a jump of (remaining - 1) // 5 weeks passes at most remaining - 1 working
    # days and can never overshoot. Bank holidays only make it pass fewer.
    while remaining > 5:
        weeks = (remaining - 1) // 5
        target = current + step * (7 * weeks)
        if n > 0:
            passed = working_days_between(current, target)
        else:
            passed = _working_days_before(target, current)
        remaining -= passed
        current = target
    while remaining > 0:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_ago(end: date, n: int) -> date:
    """The latest working day from which exactly ``n`` working days have passed by ``end``.

    The one cutoff for "waited more than n working days": ``start < working_days_ago(end, n)``
    holds exactly when ``working_days_between(start, end) > n``, on any day of the week,
    including when ``end`` is a weekend or a bank holiday, so a query can compare dates
    instead of counting days per row. (``add_working_days(end, -n)`` is not that day when
    ``end`` is not a working day: it counts from the day before.)
    """
    if n < 0:
        raise ValueError("n must not be negative")
    return add_working_days(_as_date(end) + _ONE_DAY, -(n + 1))
