"""Where casework hands activity time to the daily summary that reports read.

The summary table belongs to the reporting app, which sits above casework (ADR-0007), so
casework cannot import it. Reporting registers here in ``AppConfig.ready``; the activity
services call ``activity_changed`` inside their transaction, and the time report asks
``daily_totals`` for the days before today. With nothing registered every total is
computed live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

#: The summary's figures, as ``daily_totals`` names them.
FIGURES = ("activities", "minutes", "travel_minutes", "contacts")


@dataclass(frozen=True)
class Counted:
    """What one activity in effect adds to the summary: its key and its time."""

    organisation_id: int
    service_id: int
    advocacy_type: str
    day: dt.date
    kind: str
    minutes: int
    travel_minutes: int
    contact: bool


def counted(activity, case=None) -> Counted | None:
    """The summary's view of ``activity`` (``None`` when it does not count: entered in error)."""
    if activity.entered_in_error_at is not None:
        return None
    case = case or activity.case
    return Counted(
        organisation_id=activity.organisation_id,
        service_id=case.service_id,
        advocacy_type=case.advocacy_type,
        day=timezone.localdate(activity.occurred_at),
        kind=activity.kind,
        minutes=activity.minutes or 0,
        travel_minutes=activity.travel_minutes or 0,
        contact=bool(activity.with_person),
    )


def counted_in(activities) -> list[Counted]:
    """``counted`` for every activity in effect of a queryset, in one query: for changes made
    in bulk (an undone import), which must leave the summary as the services would."""
    rows = (
        activities.in_effect()
        .order_by()
        .values_list(
            "organisation_id",
            "case__service_id",
            "case__advocacy_type",
            "occurred_at",
            "kind",
            "minutes",
            "travel_minutes",
            "with_person",
        )
    )
    return [
        Counted(
            organisation_id=organisation_id,
            service_id=service_id,
            advocacy_type=advocacy_type,
            day=timezone.localdate(occurred_at),
            kind=kind,
            minutes=minutes or 0,
            travel_minutes=travel_minutes or 0,
            contact=bool(with_person),
        )
        for (
            organisation_id,
            service_id,
            advocacy_type,
            occurred_at,
            kind,
            minutes,
            travel_minutes,
            with_person,
        ) in rows.iterator(chunk_size=5000)
    ]


Listener = Callable[[list[Counted], list[Counted]], None]
DailyTotals = Callable[..., "list[dict] | None"]

_listeners: list[Listener] = []
_daily_totals: list[DailyTotals] = []


def register_listener(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def register_daily_totals(provider: DailyTotals) -> None:
    _daily_totals[:] = [provider]


def activity_changed(*, removed=(), added=()) -> None:
    """Take ``removed`` out of the summary and put ``added`` in (``Counted`` values; ``None``
    entries are skipped). Call inside the transaction that changed the activities."""
    removed = [item for item in removed if item is not None]
    added = [item for item in added if item is not None]
    if not (removed or added):
        return
    for listener in _listeners:
        listener(removed, added)


DayRange = tuple[dt.date, dt.date]


def summarised_and_live(
    start: dt.date, end: dt.date, today: dt.date
) -> tuple[DayRange | None, DayRange | None]:
    """Split whole local days ``start``..``end`` into the days the summary answers (those
    before ``today``) and the days read live from the activities (today and any later day).

    Today is always live, so the report is never stale for the day being recorded
    (docs/reporting.md, "The daily time summary"). Either part is ``None`` when empty.
    """
    yesterday = today - dt.timedelta(days=1)
    summarised = (start, min(end, yesterday)) if start <= yesterday else None
    live = (max(start, today), end) if end >= today else None
    return summarised, live


def daily_totals(*, organisation_id: int, start: dt.date, end: dt.date, service_id=None):
    """Per-service totals for whole days from the summary, or ``None`` to compute them live.

    Each row: ``service_id``, ``activities``, ``minutes``, ``travel_minutes``, ``contacts``.
    """
    if not _daily_totals:
        return None
    return _daily_totals[0](
        organisation_id=organisation_id, start=start, end=end, service_id=service_id
    )
