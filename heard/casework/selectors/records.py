"""Reading the records inside a case, and time totals across cases.

Everything here costs a fixed number of queries whatever the size of the case
(pinned in ``tests/test_records_pages.py``): lists are prefetched, counts and
time totals are aggregates computed in the database.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from heard.accounts.models import User
from heard.casework import time_summary
from heard.casework.forms.records import ActivityForm
from heard.casework.models import Activity, Case, Document, Issue, Task
from heard.casework.presenters.records import (
    ActivityPresenter,
    DocumentPresenter,
    IssuePresenter,
    TaskPresenter,
    TimeTotals,
)
from heard.organisations.models import CASEWORK_ROLES, Membership

LATEST_ACTIVITIES = 20
RECENTLY_DONE_TASKS = 10


def open_issue_count(case: Case) -> int:
    """Issues on the case with no outcome yet. A case closes only when this is 0 (one query)."""
    return Issue.objects.in_effect().filter(case=case, outcome="").count()


# Annotation names differ from the model's fields (``minutes``), which Django requires.
# Activities entered in error never count, whichever queryset the totals are taken over.
IN_EFFECT = Q(entered_in_error_at__isnull=True)
TOTALS = {
    "total_activities": Count("id", filter=IN_EFFECT),
    "total_minutes": Coalesce(Sum("minutes", filter=IN_EFFECT), 0),
    "total_travel_minutes": Coalesce(Sum("travel_minutes", filter=IN_EFFECT), 0),
    "total_contacts": Count("id", filter=Q(with_person=True) & IN_EFFECT),
}


def _as_totals(values: dict) -> TimeTotals:
    return TimeTotals(
        activities=values["total_activities"],
        minutes=values["total_minutes"],
        travel_minutes=values["total_travel_minutes"],
        contacts=values["total_contacts"],
    )


def time_totals(activities: QuerySet) -> TimeTotals:
    """Count and minutes of ``activities``, summed in the database (one query)."""
    return _as_totals(activities.order_by().aggregate(**TOTALS))


def activity_section(case: Case) -> dict:
    """The case page's activities: the latest few, the count, and the time totals (2 queries).

    Activities entered in error are listed (struck through) but not counted.
    """
    activities = Activity.objects.filter(case=case)
    latest = activities.select_related("recorded_by").order_by("-occurred_at", "-id")[
        :LATEST_ACTIVITIES
    ]
    values = activities.order_by().aggregate(all_activities=Count("id"), **TOTALS)
    return {
        "activities": [ActivityPresenter(a) for a in latest],
        "activity_count": values["all_activities"],
        "time_totals": _as_totals(values),
    }


def task_section(case: Case, *, today: dt.date | None = None) -> dict:
    """Open tasks (soonest first), then the most recently done or entered in error (2 queries)."""
    today = today or timezone.localdate()
    tasks = Task.objects.filter(case=case).select_related("assigned_to__user")
    open_tasks = list(tasks.in_effect().filter(completed_at__isnull=True).order_by("due_on", "id"))
    done = list(
        tasks.filter(Q(completed_at__isnull=False) | Q(entered_in_error_at__isnull=False))
        .annotate(finished_at=Coalesce("entered_in_error_at", "completed_at"))
        .order_by("-finished_at", "-id")[:RECENTLY_DONE_TASKS]
    )
    presented = [TaskPresenter(task, today=today) for task in [*open_tasks, *done]]
    return {
        "tasks": presented,
        "next_task": presented[0] if open_tasks else None,
        "open_task_count": len(open_tasks),
        "overdue_task_count": sum(1 for task in presented if task.is_overdue),
    }


def case_records(case: Case, *, today: dt.date | None = None) -> dict:
    """What the case page's record sections show, in 6 queries whatever the case's size.

    Keys: ``issues``, ``open_issue_count``, ``activities`` (the latest 20),
    ``activity_count``, ``time_totals``, ``tasks`` (open first), ``open_task_count``,
    ``overdue_task_count``, ``documents``, ``activity_form`` (blank, for the quick add).
    """
    issues = [
        IssuePresenter(issue)
        for issue in Issue.objects.filter(case=case).order_by("created_at", "id")
    ]
    documents = [
        DocumentPresenter(document)
        for document in Document.objects.filter(case=case)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    ]
    return {
        "issues": issues,
        "open_issue_count": sum(
            1 for issue in issues if not issue.has_outcome and not issue.is_entered_in_error
        ),
        **activity_section(case),
        **task_section(case, today=today),
        "documents": documents,
        "activity_form": ActivityForm(case=case),
    }


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


@dataclass(frozen=True)
class TimeRow:
    label: str
    totals: TimeTotals
    key: object = None
    restricted: bool = False  # a restricted case: its reference only, no link to open it


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


def _row(values: dict, label: str, key, restricted: bool = False) -> TimeRow:
    return TimeRow(label=label, key=key, totals=_as_totals(values), restricted=restricted)


def _totals_of(rows) -> TimeTotals:
    return TimeTotals(
        activities=sum(row.totals.activities for row in rows),
        minutes=sum(row.totals.minutes for row in rows),
        travel_minutes=sum(row.totals.travel_minutes for row in rows),
        contacts=sum(row.totals.contacts for row in rows),
    )


def _most_time_first(rows: list[TimeRow]) -> list[TimeRow]:
    return sorted(rows, key=lambda row: (-row.totals.minutes, str(row.label), str(row.key)))


def _by_service(organisation, activities, *, start, end, service, services) -> list[TimeRow]:
    """Per service: from the daily summary for long ranges, else one grouped live query."""
    names = {item.pk: item.name for item in services}
    summed = time_summary.daily_totals(
        organisation_id=organisation.pk,
        start=start,
        end=end,
        service_id=service.pk if service else None,
    )
    if summed is None:
        summed = [
            {
                "service_id": values["service_id"],
                "activities": values["total_activities"],
                "minutes": values["total_minutes"],
                "travel_minutes": values["total_travel_minutes"],
                "contacts": values["total_contacts"],
            }
            for values in activities.filter(case__organisation=organisation)
            .order_by()
            .values(service_id=F("case__service_id"))
            .annotate(**TOTALS)
        ]
    return _most_time_first(
        [
            TimeRow(
                label=names.get(values["service_id"], ""),
                key=values["service_id"],
                totals=TimeTotals(
                    activities=values["activities"],
                    minutes=values["minutes"],
                    travel_minutes=values["travel_minutes"],
                    contacts=values["contacts"],
                ),
            )
            for values in summed
        ]
    )


def _by_advocate(activities) -> list[TimeRow]:
    """Per member of staff who recorded the time: grouped on the activities alone (no join),
    then their names in one query."""
    grouped = list(activities.order_by().values("recorded_by_id").annotate(**TOTALS))
    names = dict(
        User.objects.filter(pk__in=[values["recorded_by_id"] for values in grouped]).values_list(
            "pk", "full_name"
        )
    )
    return _most_time_first(
        [
            _row(values, names.get(values["recorded_by_id"], ""), values["recorded_by_id"])
            for values in grouped
        ]
    )


def _case_page(organisation, activities, number, per_page: int) -> tuple[Page, list[TimeRow]]:
    """One page of per-case totals, most time first, and how many cases there are, in one
    grouped query (a window counts the groups); then the page's references (one query)."""
    grouped = (
        activities.order_by()
        .values("case_id")
        .annotate(**TOTALS, n_cases=Window(Count("case_id")))
        .order_by("-total_minutes", "case_id")
    )
    try:
        number = max(int(number or 1), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(grouped[offset : offset + per_page])
    if not rows and number > 1:
        # Past the end: show the last page, as Django's ``get_page`` would.
        counted = list(grouped[:1])
        total = counted[0]["n_cases"] if counted else 0
        number = max(math.ceil(total / per_page), 1)
        offset = (number - 1) * per_page
        rows = list(grouped[offset : offset + per_page])
    count = rows[0]["n_cases"] if rows else 0
    paginator = Paginator([], per_page)
    paginator.count = count  # known from the window; Paginator would count again
    page = Page(rows, number, paginator)
    cases = {
        case.pk: case
        for case in Case.objects.for_organisation(organisation)
        .filter(pk__in=[values["case_id"] for values in rows])
        .only("reference", "is_restricted")
    }
    by_case = []
    for values in rows:
        case = cases.get(values["case_id"])
        if case is not None:
            by_case.append(_row(values, case.reference, case.pk, case.is_restricted))
    return page, by_case


def time_report(
    organisation,
    *,
    start: dt.date,
    end: dt.date,
    service=None,
    services=(),
    page=None,
    per_page: int = 50,
) -> dict:
    """The time report's figures in a fixed number of queries whatever the data (5 or 6).

    Every query reads one organisation's activities in the range through the covering
    ``(organisation_id, occurred_at)`` index. Totals are the sum of the service rows, and the
    number of cases comes with the case page, so nothing scans the range twice for them.
    Long ranges take the service rows from the daily time summary. Keys: ``totals``,
    ``by_advocate``, ``by_service``, ``page``, ``by_case``.
    """
    activities = activities_between(
        Activity.objects.for_organisation(organisation).in_effect(),
        start=start,
        end=end,
    )
    if service is not None:
        activities = activities.filter(case__organisation=organisation, case__service=service)
    by_service = _by_service(
        organisation, activities, start=start, end=end, service=service, services=services
    )
    case_page, by_case = _case_page(organisation, activities, page, per_page)
    return {
        "totals": _totals_of(by_service),
        "by_advocate": _by_advocate(activities),
        "by_service": by_service,
        "page": case_page,
        "by_case": by_case,
    }
