"""When an unacknowledged safeguarding concern is flagged.

The organisation sets ``safeguarding_acknowledgement_days`` (N, working days,
default 2). Following ``heard.core.working_days``, acknowledgement is due by
``add_working_days(raised_on, N)`` — the last day that still meets an N-working-day
target — and a concern still unacknowledged (and with no outcome) after that day
is flagged: more than N working days have passed since it was raised. Weekends
and England and Wales bank holidays do not count.
"""

from __future__ import annotations

import datetime as dt

from heard.core.working_days import add_working_days, working_days_ago, working_days_between
from heard.organisations.models import DEFAULT_ORGANISATION_SETTINGS

SETTING_KEY = "safeguarding_acknowledgement_days"


def acknowledgement_days(organisation) -> int:
    """The organisation's N; the default when the setting is missing or not a positive number."""
    try:
        days = int(organisation.setting(SETTING_KEY))
    except (TypeError, ValueError):
        days = 0
    return days if days > 0 else DEFAULT_ORGANISATION_SETTINGS[SETTING_KEY]


def acknowledgement_due(raised_on: dt.date, days: int) -> dt.date:
    """The last day an acknowledgement still meets the target."""
    return add_working_days(raised_on, days)


def is_overdue(raised_on: dt.date, *, today: dt.date, days: int) -> bool:
    """More than ``days`` working days have passed since ``raised_on``."""
    return working_days_between(raised_on, today) > days


def flag_cutoff(today: dt.date, days: int) -> dt.date:
    """Concerns raised *before* this date are overdue today: the same as ``is_overdue``, as a
    date a query can compare with, so the database filters without counting days per row.
    Every page, panel and export that flags a concern uses this one rule."""
    return working_days_ago(today, days)
