"""The daily time summary: keeping it, rebuilding it, and reading it for long ranges.

How stale it can be (docs/reporting.md, "The daily time summary"):

* Activities created, edited or marked entered in error through Heard's pages, API or
  imports change the summary in the same transaction: it is never behind them.
* Rows changed any other way (erasure and retention removing cases, ``heard seed``,
  restoring a backup, hand-made SQL) are reflected at the next rebuild: the maintenance
  queue rebuilds every organisation nightly (``HEARD_PERIODIC_TASKS``), so at most 24
  hours; ``heard rebuild-time-summary`` does it at once.
* The time report reads it for every day before today, whatever the range, and today
  live (``heard.casework.time_summary.summarised_and_live``). The contract report's hours
  read it for ranges over ``LONG_RANGE_DAYS`` only.

A rebuild and the services cannot interleave on PostgreSQL: the services take a shared
transaction-level advisory lock on the organisation, a rebuild an exclusive one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate

from heard.casework import time_summary as hooks
from heard.casework.models import Activity
from heard.core import locks

from .models import DailyTime

#: The contract report's hours read the summary for ranges longer than this many days.
LONG_RANGE_DAYS = 31
FIGURES = hooks.FIGURES


def is_long_range(start: dt.date, end: dt.date) -> bool:
    return (end - start).days + 1 > LONG_RANGE_DAYS


def _lock(organisation_id: int, *, exclusive: bool) -> None:
    """Services keep the summary side by side (shared); a rebuild waits for them (exclusive)."""
    locks.lock_organisation(locks.TIME_SUMMARY, organisation_id, exclusive=exclusive)


# Keeping it -----------------------------------------------------------------------------------


def apply(removed: list[hooks.Counted], added: list[hooks.Counted]) -> None:
    """Subtract ``removed`` and add ``added``, one statement per changed row.

    Called by the activity services (through ``heard.casework.time_summary``) inside their
    transaction. Increments, not recomputation, so two people recording time on the same
    day cannot undo each other.
    """
    deltas: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for sign, items in ((-1, removed), (1, added)):
        for item in items:
            delta = deltas[
                (item.organisation_id, item.service_id, item.advocacy_type, item.day, item.kind)
            ]
            delta["activities"] += sign
            delta["minutes"] += sign * item.minutes
            delta["travel_minutes"] += sign * item.travel_minutes
            delta["contacts"] += sign * int(item.contact)
    with transaction.atomic():
        for organisation_id in sorted({key[0] for key in deltas}):
            _lock(organisation_id, exclusive=False)
        for key, delta in sorted(deltas.items()):
            if any(delta.values()):
                _add(key, delta)


def _add(key: tuple, delta: dict[str, int]) -> None:
    organisation_id, service_id, advocacy_type, day, kind = key
    row = DailyTime.objects.filter(
        organisation_id=organisation_id,
        service_id=service_id,
        advocacy_type=advocacy_type,
        day=day,
        kind=kind,
    )
    changes = {name: F(name) + value for name, value in delta.items()}
    if row.update(**changes):
        if delta["activities"] < 0:
            row.filter(activities=0).delete()
        return
    try:
        with transaction.atomic():
            DailyTime.objects.create(
                organisation_id=organisation_id,
                service_id=service_id,
                advocacy_type=advocacy_type,
                day=day,
                kind=kind,
                **delta,
            )
    except IntegrityError:
        row.update(**changes)  # someone else made the row a moment ago


# Rebuilding it --------------------------------------------------------------------------------


def live_rows(activities) -> list[dict]:
    """The summary's rows computed from ``activities`` (one grouped query)."""
    return list(_grouped(activities))


def _grouped(activities) -> QuerySet:
    return (
        activities.in_effect()
        .annotate(day=TruncDate("occurred_at"))
        .order_by()
        .values(
            "organisation_id",
            "day",
            "kind",
            service_id=F("case__service_id"),
            advocacy_type=F("case__advocacy_type"),
        )
        .annotate(
            activities=Count("occurred_at"),
            minutes=Coalesce(Sum("minutes"), 0),
            travel_minutes=Coalesce(Sum("travel_minutes"), 0),
            contacts=Count("occurred_at", filter=Q(with_person=True)),
        )
    )


def fill_in_database(organisation_ids: list[int]) -> None:
    """Rebuild the summary of these organisations with one ``INSERT … SELECT``.

    For a bulk load (``heard seed``) on PostgreSQL: millions of activities are grouped where
    they are, never fetched into Python. Same grouping as ``rebuild``; the caller holds the
    tables (a seed's transaction), so no advisory lock is taken.
    """
    DailyTime.objects.filter(organisation_id__in=organisation_ids).delete()
    columns = ["organisation_id", "day", "kind", "service_id", "advocacy_type", *FIGURES]
    select, params = _grouped(
        Activity.objects.filter(organisation_id__in=organisation_ids)
    ).query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    stamped = ", ".join(f"grouped.{quote(c)}" for c in columns)
    # In the order of the one-row-per-key unique index: each row then lands beside the
    # last in that index instead of at a random leaf (about 15% quicker at 200,000 cases).
    key = ", ".join(f"grouped.{quote(c)}" for c in _unique_key_columns())
    with connection.cursor() as cursor:
        # Table and column names come from the model; values are parameters.
        cursor.execute(
            f"INSERT INTO {quote(DailyTime._meta.db_table)} ({names}, created_at, updated_at) "  # noqa: S608
            f"SELECT {stamped}, now(), now() FROM ({select}) AS grouped ORDER BY {key}",
            params,
        )


def _unique_key_columns() -> list[str]:
    (unique,) = (c for c in DailyTime._meta.constraints if c.name == "one_daily_time_row_per_key")
    return [DailyTime._meta.get_field(name).column for name in unique.fields]


def rebuild(organisation_id: int) -> int:
    """Recompute one organisation's summary from its activities; returns the rows written."""
    with transaction.atomic():
        _lock(organisation_id, exclusive=True)
        DailyTime.objects.filter(organisation_id=organisation_id).delete()
        rows = live_rows(Activity.objects.filter(organisation_id=organisation_id))
        DailyTime.objects.bulk_create((DailyTime(**row) for row in rows), batch_size=2000)
    return len(rows)


# Reading it -----------------------------------------------------------------------------------


def rows_between(
    *, organisation_id: int, start: dt.date, end: dt.date, service_ids=None
) -> QuerySet:
    rows = DailyTime.objects.filter(organisation_id=organisation_id, day__gte=start, day__lte=end)
    if service_ids is not None:
        rows = rows.filter(service_id__in=service_ids)
    return rows


def totals_by(rows, *fields: str) -> dict:
    """``{group: {figure: sum}}`` over ``fields`` (one grouped query)."""
    grouped = (
        rows.order_by()
        .values(*fields)
        .annotate(**{f"sum_{name}": Coalesce(Sum(name), 0) for name in FIGURES})
    )
    return {
        tuple(row[field] for field in fields): {name: row[f"sum_{name}"] for name in FIGURES}
        for row in grouped
    }


def daily_totals(*, organisation_id: int, start: dt.date, end: dt.date, service_id=None):
    """The time report's per-service totals over whole local days (the caller keeps today
    out: ``heard.casework.time_summary.summarised_and_live``)."""
    rows = rows_between(
        organisation_id=organisation_id,
        start=start,
        end=end,
        service_ids=None if service_id is None else [service_id],
    )
    return [
        {"service_id": key[0], **figures}
        for key, figures in totals_by(rows, "service_id").items()
        if figures["activities"]
    ]
