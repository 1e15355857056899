"""How Heard writes dates and times, decided once (GOV.UK style: "7 March 2026", no
leading zeros, 24-hour clock), and the one "not in the future" rule for dates of events.

Python uses these functions; templates use the filters of the same names
(``{{ value|short_date }}``, ``heard.core.templatetags.dates``, a template builtin).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

SHORT_DATE = "j M Y"  # 7 Mar 2026: tables, lists, tags
LONG_DATE = "j F Y"  # 7 March 2026: sentences, summaries, headings
WEEKDAY_DATE = "l j F Y"  # Saturday 7 March 2026
MONTH = "F Y"  # March 2026
SHORT_MONTH = "M Y"  # Mar 2026
TIME = "H:i"  # 14:05


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value, empty: str = "") -> str:
    return date_format(_local(value), SHORT_DATE) if value else empty


def long_date(value, empty: str = "") -> str:
    return date_format(_local(value), LONG_DATE) if value else empty


def weekday_date(value, empty: str = "") -> str:
    return date_format(_local(value), WEEKDAY_DATE) if value else empty


def month(value, *, long: bool = True) -> str:
    return date_format(value, MONTH if long else SHORT_MONTH)


def short_datetime(value, empty: str = "") -> str:
    """7 Mar 2026 at 14:05, in the service's time zone."""
    if not value:
        return empty
    local = _local(value)
    return gettext("%(day)s at %(time)s") % {
        "day": date_format(local, SHORT_DATE),
        "time": date_format(local, TIME),
    }


def long_datetime(value, empty: str = "") -> str:
    """7 March 2026 at 14:05, in the service's time zone."""
    if not value:
        return empty
    local = _local(value)
    return gettext("%(day)s at %(time)s") % {
        "day": date_format(local, LONG_DATE),
        "time": date_format(local, TIME),
    }


def example_date(day: dt.date | None = None) -> str:
    """A date as the GOV.UK date input asks for it: "7 3 2026" (today by default)."""
    day = day or timezone.localdate()
    return f"{day.day} {day.month} {day.year}"


def future_date_error(value: dt.date | None, label: str, *, today: dt.date | None = None):
    """The message when ``value`` (the date something happened) is after today, else ``None``.
    Services and forms both ask this, so the rule and its wording exist once."""
    if value and value > (today or timezone.localdate()):
        return gettext("%(label)s must be today or in the past") % {"label": label}
    return None
