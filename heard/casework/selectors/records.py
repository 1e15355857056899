"""Reading the records inside a case, and time totals across cases.

Querysets and plain values only (the presenters shape them for pages). Everything
here costs a fixed number of queries whatever the size of the case (pinned in
``tests/test_records_pages.py``): lists are prefetched, counts and time totals are
aggregates computed in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from heard.casework.models import Activity, Case, Document, Issue, Task
from heard.core.reused_sql import reused
from heard.organisations.models import CASEWORK_ROLES, Membership

LATEST_ACTIVITIES = 20
RECENTLY_DONE_TASKS = 10


def open_issue_count(case: Case) -> int:
    """Issues on the case with no outcome yet. A case closes only when this is 0 (one query)."""
    return Issue.objects.in_effect().filter(case=case, outcome="").count()


# Annotation names differ from the model's fields (``minutes``), which Django requires.
# Activities entered in error never count, whichever queryset the totals are taken over.
# Counting ``occurred_at`` (never null) rather than ``id`` reads only columns that the
# covering ``report_activity_time_cover_idx`` carries, so PostgreSQL answers a range of
# one organisation's activities with an index-only scan instead of fetching every row.
IN_EFFECT = Q(entered_in_error_at__isnull=True)
TOTAL_AGGREGATES = {
    "total_activities": Count("occurred_at", filter=IN_EFFECT),
    "total_minutes": Sum("minutes", filter=IN_EFFECT),
    "total_travel_minutes": Sum("travel_minutes", filter=IN_EFFECT),
    "total_contacts": Count("occurred_at", filter=Q(with_person=True) & IN_EFFECT),
}
# A sum over no rows is NULL in SQL: 0 instead.
TOTALS = {
    name: Coalesce(aggregate, 0) if isinstance(aggregate, Sum) else aggregate
    for name, aggregate in TOTAL_AGGREGATES.items()
}


def time_totals(activities: QuerySet) -> dict:
    """Count and minutes of ``activities`` (the ``TOTALS`` keys), summed in the database."""
    return activities.order_by().aggregate(**TOTALS)


def latest_activities(case: Case) -> QuerySet:
    """The case's most recent activities, entered in error included (struck through)."""
    return reused(
        Activity.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("-occurred_at", "-id")[:LATEST_ACTIVITIES]
    )


# Every activity of a case (``all_activities``) and the ``TOTALS`` of those in effect.
COUNTS = {"all_activities": Count("id"), **TOTAL_AGGREGATES}


def latest_activities_and_counts(case: Case) -> tuple[list[Activity], dict]:
    """``latest_activities`` and the case's ``COUNTS`` in one statement, for the case page.

    The counts are window aggregates over every activity of the case (``OVER ()`` is taken
    before the ``LIMIT``), so each of the latest rows carries them; no rows means all 0.
    One statement instead of two: a round trip and a compiled query fewer per case view.
    """
    rows = list(
        latest_activities(case).annotate(
            **{f"case_{name}": Window(aggregate) for name, aggregate in COUNTS.items()}
        )
    )
    first = rows[0] if rows else None
    return rows, {name: getattr(first, f"case_{name}", None) or 0 for name in COUNTS}


def _tasks(case: Case) -> QuerySet:
    return reused(Task.objects.filter(case=case).select_related("assigned_to__user"))


FINISHED = Q(completed_at__isnull=False) | Q(entered_in_error_at__isnull=False)


def case_tasks(case: Case) -> tuple[list[Task], list[Task]]:
    """The tasks still to do, soonest first, and the ``RECENTLY_DONE_TASKS`` most recently
    done or entered in error, latest first: one query for both.

    The open tasks, and the finished ones whose ids a subquery picks, latest first: a plain
    ``WHERE`` clause, so the query is compiled once per process (``reused``).
    """
    finished_at = Coalesce("entered_in_error_at", "completed_at")
    latest_finished = (
        Task.objects.filter(FINISHED, case=case)
        .order_by(finished_at.desc(nulls_last=True), "-id")
        .values("pk")[:RECENTLY_DONE_TASKS]
    )
    rows = list(
        _tasks(case)
        .filter(~FINISHED | Q(pk__in=latest_finished))
        .annotate(finished_at=finished_at)
        .order_by()
    )
    open_tasks = [task for task in rows if task.finished_at is None]
    finished = [task for task in rows if task.finished_at is not None]
    open_tasks.sort(key=lambda task: (task.due_on, task.pk))
    finished.sort(key=lambda task: (task.finished_at, task.pk), reverse=True)
    return open_tasks, finished


def case_issues(case: Case) -> QuerySet:
    return reused(Issue.objects.filter(case=case).order_by("created_at", "id"))


def case_documents(case: Case) -> QuerySet:
    return reused(
        Document.objects.filter(case=case)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    )


def activity_list(case: Case) -> QuerySet:
    """Every activity on a case, newest first, for the paged list."""
    return (
        Activity.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("-occurred_at", "-id")
    )


def assignable_members(case: Case) -> QuerySet:
    """Staff who may be given a case's task: casework staff, and for a restricted case only
    those who may open it (its advocate and the managers named on it)."""
    members = (
        Membership.objects.active()
        .filter(organisation_id=case.organisation_id, role__in=CASEWORK_ROLES)
        .select_related("user")
        .order_by("user__full_name")
    )
    if case.is_restricted:
        members = members.filter(
            Q(pk=case.allocated_to_id) | Q(pk__in=case.restricted_managers.values("pk"))
        )
    return members


# The time report ------------------------------------------------------------------------------


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight at the start of ``start`` and after ``end``: the range covers whole days."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def activities_between(
    activities: QuerySet, *, start: dt.date, end: dt.date, service=None
) -> QuerySet:
    """Activities that happened from ``start`` to ``end`` inclusive (local days)."""
    since, before = _day_bounds(start, end)
    activities = activities.filter(occurred_at__gte=since, occurred_at__lt=before)
    if service is not None:
        activities = activities.filter(case__service=service)
    return activities


@dataclass(frozen=True)
class CaseAndStaffTotals:
    """``case_and_staff_totals``'s answer: rows of ``TOTALS`` with ``case_id`` (one page, most
    minutes first) or ``recorded_by_id`` (every member of staff, unordered)."""

    cases: list[dict]
    case_count: int
    staff: list[dict]


_TOTAL_NAMES = tuple(TOTALS)


def case_and_staff_totals(activities: QuerySet, *, offset: int, limit: int) -> CaseAndStaffTotals:
    """Per-case and per-staff ``TOTALS`` of ``activities`` in one statement.

    The time report's two tables group the same activities two ways; read twice, a quarter
    of one service at national scale scanned ~100,000 activities (and joined the service's
    cases) for each. On PostgreSQL one ``GROUPING SETS`` pass groups both ways; SQLite has no
    grouping sets, so it groups twice inside the same statement. Only the page of cases
    leaves the database, with the number of cases; staff (about 1,200 at most) come whole,
    for the caller to sort and page.
    """
    base = activities.order_by()
    connection = connections[base.db]  # the database the activities would be read from
    quote = connection.ops.quote_name
    totals = ", ".join(quote(name) for name in _TOTAL_NAMES)
    if connection.vendor == "postgresql":
        grouped_sql, grouped_params = _grouping_sets(
            base.values("case_id", "recorded_by_id").annotate(**TOTALS), connection
        )
        ctes = (
            # Names come from the model and TOTALS; values are parameters.
            f"grouped AS ({grouped_sql}), "  # noqa: S608
            f"cases AS (SELECT case_id, {totals} FROM grouped WHERE case_id IS NOT NULL), "
            f"staff AS (SELECT recorded_by_id, {totals} FROM grouped WHERE case_id IS NULL)"
        )
        params = list(grouped_params)
    else:
        case_sql, case_params = _sql(base.values("case_id").annotate(**TOTALS), connection)
        staff_sql, staff_params = _sql(base.values("recorded_by_id").annotate(**TOTALS), connection)
        ctes = f"cases AS ({case_sql}), staff AS ({staff_sql})"
        params = [*case_params, *staff_params]
    zeros = ", ".join("0" for _ in _TOTAL_NAMES)
    # Part 0: every member of staff; 1: the page of cases; 2: how many cases there are.
    sql = (
        f"WITH {ctes} "  # noqa: S608 - names from the model and TOTALS, values parameters
        f"SELECT 0, recorded_by_id, {totals}, CAST(NULL AS BIGINT) FROM staff "
        f"UNION ALL SELECT 1, case_id, {totals}, CAST(NULL AS BIGINT) FROM ("
        f"SELECT case_id, {totals} FROM cases "
        f"ORDER BY {quote('total_minutes')} DESC, case_id LIMIT %s OFFSET %s) AS page "
        f"UNION ALL SELECT 2, NULL, {zeros}, COUNT(*) FROM cases"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    parts: dict[int, list[dict]] = {0: [], 1: []}
    case_count = 0
    for part, key, *figures, count in rows:
        if part == 2:
            case_count = count
            continue
        row = dict(zip(_TOTAL_NAMES, figures, strict=True))
        row["recorded_by_id" if part == 0 else "case_id"] = key
        parts[part].append(row)
    parts[1].sort(key=lambda row: (-row["total_minutes"], row["case_id"]))
    return CaseAndStaffTotals(cases=parts[1], case_count=case_count, staff=parts[0])


def _sql(queryset: QuerySet, connection) -> tuple[str, tuple]:
    """``queryset``'s SELECT as ``connection`` would run it."""
    return queryset.query.get_compiler(connection=connection).as_sql()


def _grouping_sets(grouped: QuerySet, connection) -> tuple[str, tuple]:
    """``grouped`` (values of ``case_id`` and ``recorded_by_id`` with aggregates) grouped by
    each of the two alone (``GROUPING SETS``) rather than by the pair."""
    sql, params = _sql(grouped, connection)
    head, found, tail = sql.rpartition(" GROUP BY ")
    table = connection.ops.quote_name(Activity._meta.db_table)
    case_col, staff_col = (
        f"{table}.{connection.ops.quote_name(c)}" for c in ("case_id", "recorded_by_id")
    )
    if not found or tail not in ("1, 2", f"{case_col}, {staff_col}"):
        raise ValueError(f"Unexpected grouping: {tail!r}")
    return f"{head} GROUP BY GROUPING SETS (({case_col}), ({staff_col}))", params
