"""Reporting periods: a quarter of the financial year (the default), any range, a contract year.

Commissioners in England and Wales count in financial years (1 April to 31 March), so
quarter 1 is April to June. Every period is a pair of dates, both included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"


def _range_label(start: dt.date, end: dt.date) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }


def financial_year_start(day: dt.date) -> int:
    """The calendar year in which ``day``'s financial year began."""
    return day.year if day.month >= 4 else day.year - 1


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1-4) of the financial year beginning 1 April ``year``."""
    if number not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1, 2, 3 or 4")
    first_month = 4 + 3 * (number - 1)
    start_year = year + (first_month - 1) // 12
    start_month = (first_month - 1) % 12 + 1
    start = dt.date(start_year, start_month, 1)
    end_month = start_month + 3
    end = dt.date(start_year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - dt.timedelta(
        days=1
    )
    label = _("Quarter %(number)s of %(year)s to %(next)s (%(range)s)") % {
        "number": number,
        "year": year,
        "next": year + 1,
        "range": _range_label(start, end),
    }
    return Period(start, end, label)


def quarter_containing(day: dt.date) -> Period:
    year = financial_year_start(day)
    month_index = (day.month - 4) % 12
    return quarter(year, month_index // 3 + 1)


def previous_quarter(day: dt.date) -> Period:
    """The last complete quarter before ``day``: the default report period."""
    return quarter_containing(quarter_containing(day).start - dt.timedelta(days=1))


def recent_quarters(day: dt.date, count: int = 8) -> list[Period]:
    periods, current = [], quarter_containing(day)
    for _index in range(count):
        periods.append(current)
        current = quarter_containing(current.start - dt.timedelta(days=1))
    return periods


def date_range(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, _range_label(start, end))


def contract_year(day: dt.date, service=None) -> Period:
    """The contract year containing ``day``: from the service's start date's anniversary.

    Without a service (or a start date) the contract year is the financial year.
    """
    begins = getattr(service, "start_date", None)
    if begins is None:
        start = dt.date(financial_year_start(day), 4, 1)
    else:
        start = _anniversary(begins, day.year)
        if start > day:
            start = _anniversary(begins, day.year - 1)
    end = _anniversary(start, start.year + 1) - dt.timedelta(days=1)
    label = _("Contract year %(range)s") % {"range": _range_label(start, end)}
    return Period(start, end, label)


def _anniversary(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 3, 1)


def months_back(day: dt.date, count: int = 12) -> list[Period]:
    """The ``count`` calendar months ending with ``day``'s month, oldest first."""
    months = []
    year, month = day.year, day.month
    for _index in range(count):
        start = dt.date(year, month, 1)
        next_start = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append(Period(start, next_start - dt.timedelta(days=1), date_format(start, "M Y")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))
