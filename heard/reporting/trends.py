"""Twelve-month trends for the dashboards, from the same querysets the measures count.

One grouped query per trend whatever the data: referrals received, cases opened, cases
closed and hours, by calendar month. A month's figure is the measure's figure for that
month (tested), so the dashboard reconciles with the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from heard.casework.models import CaseStatus, Status
from heard.core.replica import reading_from_replica
from heard.core.suppression import SuppressedCount, is_suppressed, suppress
from heard.design_system import charts

from . import measures
from .periods import Period, months_back
from .tables import hours


@dataclass
class Trend:
    key: str
    title: str
    unit: str
    months: list[Period]
    values: list  # int, Decimal or SuppressedCount per month

    @property
    def chart(self):
        numbers = [0 if is_suppressed(v) else round(v) for v in self.values]
        return charts.column_chart([m.label.split(" ")[0] for m in self.months], numbers)

    @property
    def description(self) -> str:
        return str(
            _("%(title)s by month, from %(first)s to %(last)s. The figures are in the table.")
            % {"title": self.title, "first": self.months[0].label, "last": self.months[-1].label}
        )

    @property
    def rows(self):
        return list(zip([m.label for m in self.months], self.values, strict=True))


def _month_key(value) -> tuple[int, int]:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return (value.year, value.month)


def _by_month(rows, field: str = "n") -> dict:
    return {_month_key(row["month"]): row[field] or 0 for row in rows}


@reading_from_replica()
def twelve_months(
    organisation, services, today: dt.date, *, all_services: bool, suppressed: bool
) -> list[Trend]:
    months = months_back(today, 12)
    scope = measures.Scope(
        organisation, tuple(services), months[0].start, months[-1].end, all_services
    )
    keys = [(m.start.year, m.start.month) for m in months]

    referrals = _by_month(
        measures.referrals_received(scope)
        .annotate(month=TruncMonth("received_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    opened = _by_month(
        CaseStatus.objects.filter(
            case__in=measures.cases(scope),
            previous_status="",
            changed_at__gte=scope.start_at,
            changed_at__lt=scope.end_before,
        )
        .annotate(month=TruncMonth("changed_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("case", distinct=True))
    )
    closed = _by_month(
        CaseStatus.objects.filter(
            case__in=measures.cases(scope),
            status=Status.CLOSED,
            changed_at__gte=scope.start_at,
            changed_at__lt=scope.end_before,
        )
        .annotate(month=TruncMonth("changed_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("case", distinct=True))
    )
    activity = (
        measures.activities_in_period(scope)
        .annotate(month=TruncMonth("occurred_at"))
        .order_by()
        .values("month")
        .annotate(minutes=Sum(F("minutes") + F("travel_minutes")), n=Count("case", distinct=True))
    )
    minutes = _by_month(activity, "minutes")
    hour_cases = _by_month(activity, "n")

    def counts(found):
        values = [found.get(key, 0) for key in keys]
        return [suppress(v) for v in values] if suppressed else values

    hour_values = [hours(minutes.get(key, 0)) for key in keys]
    if suppressed:
        hour_values = [
            SuppressedCount() if 0 < hour_cases.get(key, 0) < 5 else value
            for key, value in zip(keys, hour_values, strict=True)
        ]
    return [
        Trend(
            "referrals",
            str(_("Referrals received")),
            str(_("referrals")),
            months,
            counts(referrals),
        ),
        Trend("opened", str(_("Cases opened")), str(_("cases")), months, counts(opened)),
        Trend("closed", str(_("Cases closed")), str(_("cases")), months, counts(closed)),
        Trend(
            "hours",
            str(_("Hours of advocacy (direct and travel)")),
            str(_("hours")),
            months,
            hour_values,
        ),
    ]
