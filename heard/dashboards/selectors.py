"""Reading for "my day" (an advocate) and the manager view.

Every figure is one query whatever the caseload: lists are capped and counted
in SQL, "last contact" is a subquery annotation, and per-advocate figures are
one grouped query each. Restricted cases are annotated with ``can_open`` by
the one access function (``heard.casework.access``), and rows with
``person_hidden`` when the person is on a restricted case the member may not
open, so such a row shows a placeholder instead of the person's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone

from heard.casework.access import can_open_condition, with_access, with_person_hidden
from heard.casework.models import OPEN_STATUSES, Activity, Case, CaseStatus, Status
from heard.casework.services.allocation import weight_expression
from heard.casework.services.lifecycle import REALLOCATED
from heard.core.permissions import Perm
from heard.organisations.models import CASEWORK_ROLES, Service
from heard.organisations.tenancy import scoped
from heard.people.models import Person

# On-hold cases are paused on purpose, with a review date, so they are not "no contact" alerts.
CONTACT_EXPECTED_STATUSES = (Status.ALLOCATED, Status.ACTIVE)
RECENT_ALLOCATION_DAYS = 14
LIST_LIMIT = 50
# Before any contact or allocation could be: "no contact since" for a case with neither.
NEVER = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)

# What a panel's case cell, status and service show (``CaseLabel``, ``RecentRow``), and no
# more: the case and person tables are wide, and each panel read every column of three.
PANEL_CASE_FIELDS = (
    "reference",
    "status",
    "advocacy_type",
    "person__first_name",
    "person__last_name",
    "person__preferred_name",
)
PANEL_TASK_FIELDS = (
    "title",
    "due_on",
    *(f"case__{field}" for field in PANEL_CASE_FIELDS),
)


@dataclass(frozen=True)
class Capped:
    """The first ``LIST_LIMIT`` rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def capped(
    queryset: QuerySet,
    limit: int = LIST_LIMIT,
    *,
    total: int | None = None,
    rows: Callable[[QuerySet], QuerySet] | None = None,
) -> Capped:
    """One query whatever the size: the first ``limit`` rows, each carrying the count of all
    (unless ``total`` is given) as a scalar subquery that PostgreSQL runs once (an InitPlan).
    No rows means a count of 0. A separate ``COUNT(*)`` would cost a round trip of its own.

    With ``rows``, ids first (as ``Keyset(ids_first=True)``, ADR-0052): ``queryset`` is
    narrow (the panel's filters and order, no joins) and picks the first ``limit`` ids;
    ``rows(ids)`` joins and annotates those rows only, in the same statement and order.
    Otherwise the planner may join the person and service to every case of the
    organisation before it filters (the service first: 68,000 cases probed per service).
    """
    first = queryset
    if rows is not None:
        first = rows(queryset.values("pk")[:limit]).order_by(*queryset.query.order_by)
    if total is None:
        first = first.annotate(capped_total=count_of(queryset))
    found = list(first[:limit])
    if total is None:
        total = found[0].capped_total if found else 0
    return Capped(rows=found, total=total)


def count_of(queryset: QuerySet) -> Subquery:
    """``queryset.count()`` as a scalar subquery: one row, its count, for another statement."""
    counted = queryset.order_by().values(everything=models.Value(1)).annotate(n=Count("pk"))
    return Subquery(counted.values("n"), output_field=models.IntegerField())


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- my day -------------------------------------------------------------------------


def with_case_access(tasks: QuerySet, membership) -> QuerySet:
    """Annotate tasks with ``case_can_open``: true for a task without a case, else the case's
    access, tested on the case the list joins anyway (no subquery re-reads it)."""
    return tasks.annotate(
        case_can_open=models.ExpressionWrapper(
            Q(case__isnull=True) | can_open_condition(membership, case="case"),
            output_field=models.BooleanField(),
        )
    )


def tasks_due(tasks: QuerySet, membership, *, today: dt.date) -> QuerySet:
    """Their tasks due today or earlier and not done: the most overdue first."""
    queryset = tasks.filter(
        assigned_to=membership,
        completed_at__isnull=True,
        entered_in_error_at__isnull=True,
        due_on__lte=today,
    )
    queryset = with_person_hidden(queryset, membership, person="case__person_id")
    return (
        with_case_access(queryset, membership)
        .select_related("case", "case__person")
        .only(*PANEL_TASK_FIELDS)
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class DueTasks:
    """The panel of tasks due: its first rows, how many in all, and how many of them overdue."""

    panel: Capped
    overdue: int


def due_tasks(tasks_due: QuerySet, *, today: dt.date, limit: int = LIST_LIMIT) -> DueTasks:
    """The first ``limit`` of ``tasks_due`` with both counts, in one statement: the counts are
    window aggregates (``OVER ()``), taken over every row before the ``LIMIT``. No rows means
    counts of 0. Counted in a statement of its own, they cost a round trip and a second
    compilation of the panel's query."""
    rows = list(
        tasks_due.annotate(
            due_total=Window(Count("pk")),
            due_overdue=Window(Count("pk", filter=Q(due_on__lt=today))),
        )[:limit]
    )
    total = rows[0].due_total if rows else 0
    overdue = rows[0].due_overdue if rows else 0
    return DueTasks(panel=Capped(rows=rows, total=total), overdue=overdue)


def last_contact_subquery() -> Subquery:
    """When the person was last contacted on the outer case (None if never)."""
    contacts = (
        Activity.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            case_id=OuterRef("pk"),
            with_person=True,
            entered_in_error_at__isnull=True,
        )
        .order_by()
        .values("case_id")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )
    return Subquery(contacts, output_field=models.DateTimeField())


def allocated_at_subquery(*, advocate_id: int | None = None) -> Subquery:
    """When the outer case was last allocated (to ``advocate_id``, if given)."""
    # An active or on-hold case reallocated keeps its status: its row says "reallocated".
    rows = CaseStatus.objects.filter(
        Q(status=Status.ALLOCATED) | Q(reason=REALLOCATED), case_id=OuterRef("pk")
    )
    if advocate_id is not None:
        rows = rows.filter(advocate_id=advocate_id)
    latest = rows.order_by().values("case_id").annotate(at=Max("changed_at")).values("at")
    return Subquery(latest, output_field=models.DateTimeField())


def cases_without_contact(cases: QuerySet, membership, *, today: dt.date, days: int) -> QuerySet:
    """Their allocated and active cases with no contact with the person for ``days`` days.

    The clock runs from the last contact, or from allocation when there has been
    none yet (a case allocated yesterday is not yet an alert). Longest silence first.
    Narrow (no joins): ``capped(..., rows=case_rows(cases, membership))`` shows a panel.
    """
    cutoff = start_of_day(today - dt.timedelta(days=days))
    queryset = cases.filter(allocated_to=membership, status__in=CONTACT_EXPECTED_STATUSES).annotate(
        last_contact=last_contact_subquery(), allocated_at=allocated_at_subquery()
    )
    # Silent since the last contact, else since allocation, else (neither) since ever: each
    # subquery written once in the condition. As an OR of the two tests it was written out
    # twice, and compiling those copies was the largest part of building my day.
    silent_since = Coalesce(
        "last_contact", "allocated_at", Value(NEVER), output_field=models.DateTimeField()
    )
    return queryset.filter(LessThan(silent_since, cutoff)).order_by(
        F("last_contact").asc(nulls_first=True),
        F("allocated_at").asc(nulls_first=True),
        "id",
    )


def without_contact_rows(cases: QuerySet, membership) -> Callable[[QuerySet], QuerySet]:
    """The rows of ``cases_without_contact`` for a subquery of their ids: joined, with access."""

    def rows(ids: QuerySet) -> QuerySet:
        queryset = cases.filter(pk__in=ids).annotate(
            last_contact=last_contact_subquery(), allocated_at=allocated_at_subquery()
        )
        return case_rows(queryset, membership)

    return rows


def recently_allocated(
    cases: QuerySet, membership, *, now: dt.datetime, days: int = RECENT_ALLOCATION_DAYS
) -> QuerySet:
    """Cases still theirs that were allocated to them in the last ``days`` days, newest first.

    Narrow (no joins): ``capped(..., rows=recent_rows(cases, membership))`` shows a panel.
    """
    since = now - dt.timedelta(days=days)
    return (
        cases.filter(allocated_to=membership)
        .annotate(allocated_at=allocated_at_subquery(advocate_id=membership.pk))
        .filter(allocated_at__gte=since)
        .order_by("-allocated_at", "-id")
    )


def recent_rows(cases: QuerySet, membership) -> Callable[[QuerySet], QuerySet]:
    """The rows of ``recently_allocated`` for a subquery of their ids: joined, with access."""

    def rows(ids: QuerySet) -> QuerySet:
        queryset = cases.filter(pk__in=ids).annotate(
            allocated_at=allocated_at_subquery(advocate_id=membership.pk)
        )
        return case_rows(queryset, membership)

    return rows


def case_rows(queryset: QuerySet, membership) -> QuerySet:
    """A panel's cases as it shows them: person and service joined (only the columns a row
    shows), access worked out."""
    return (
        with_access(with_person_hidden(queryset, membership), membership)
        .select_related("person", "service")
        .only(*PANEL_CASE_FIELDS, "service__name")
    )


# --- the manager view ---------------------------------------------------------------


class Caseload(NamedTuple):
    """Open cases and their weighted sum. A named tuple, not a dataclass: the manager view
    makes one per member of staff (1,151 in a national organisation) before it sorts them."""

    cases: int
    weighted: Decimal


def oldest_waiting(cases: QuerySet) -> Case | None:
    """The case that has waited longest for allocation (by received date, then id).

    One probe of case_list_status_idx (organisation, status, received date, id), which
    holds waiting cases in this order: the first entry is the answer. Its id is picked
    first, then its service joined: joined in one go, the planner read every waiting case
    of every service and sorted them (35 ms at 1,000,000 cases).
    """
    first = cases.filter(status=Status.WAITING).order_by("received_on", "id").values("pk")[:1]
    return cases.filter(pk__in=first).select_related("service").first()


@dataclass(frozen=True)
class StaffMember:
    """What the manager view shows of a member of staff (read as plain values, not models)."""

    pk: int
    name: str
    role: str
    role_label: str
    is_active: bool
    caseload_capacity: int


@dataclass(frozen=True)
class StaffFigures:
    """One member of staff on the manager view."""

    membership: StaffMember
    caseload: Caseload
    overdue_tasks: int

    @property
    def capacity(self) -> Decimal:
        return Decimal(self.membership.caseload_capacity)

    @property
    def over_capacity(self) -> bool:
        return over_capacity(self.caseload, self.membership.caseload_capacity)


def over_capacity(caseload: Caseload, capacity: int) -> bool:
    """Their weighted caseload is more than the capacity set for them."""
    return caseload.weighted > capacity


def per_advocate(cases: QuerySet, tasks: QuerySet, *, weights, today: dt.date):
    """Open cases, weighted caseload and overdue tasks per membership, in one statement.

    Two grouped halves joined by ``UNION ALL``: open cases grouped by advocate, and tasks
    past their due date grouped by assignee (``None``: nobody). Returns
    ``(caseloads, overdue)`` as ``caseloads`` and ``overdue_tasks_by_assignee`` would.

    Each half can be an index-only scan of its partial index (case_open_caseload_idx,
    task_open_assignee_idx) once the table is vacuumed: hence ``COUNT(*)``, not
    ``COUNT(id)``, as the id is in neither.
    """
    open_cases = (
        cases.filter(status__in=OPEN_STATUSES, allocated_to__isnull=False)
        .order_by()
        .values(member=F("allocated_to"))
        .annotate(
            n_cases=Count("*"),
            weighted=Sum(weight_expression(weights)),
            n_overdue=models.Value(0, output_field=models.IntegerField()),
        )
    )
    late = (
        tasks.filter(completed_at__isnull=True, entered_in_error_at__isnull=True, due_on__lt=today)
        .order_by()
        .values(member=F("assigned_to"))
        .annotate(
            n_cases=models.Value(0, output_field=models.IntegerField()),
            weighted=models.Value(
                Decimal(0), output_field=models.DecimalField(max_digits=12, decimal_places=2)
            ),
            n_overdue=Count("*"),
        )
    )
    loads: dict[int, Caseload] = {}
    overdue: dict[int | None, int] = {}
    # Tuples, not dicts: 2,302 rows for a national organisation. ``weighted`` is a Decimal
    # already (the field's converter); a member's case half and task half are separate rows.
    fields = ("member", "n_cases", "weighted", "n_overdue")
    for member, n_cases, weighted, n_overdue in open_cases.values_list(*fields).union(
        late.values_list(*fields), all=True
    ):
        if n_overdue:
            overdue[member] = overdue.get(member, 0) + n_overdue
        else:
            loads[member] = Caseload(n_cases, weighted or Decimal(0))
    return loads, overdue


class Staff(Sequence):
    """Staff on the manager view, busiest first: sorted and counted as plain tuples, and made
    into ``StaffFigures`` only for the rows a page shows (50 of a national 1,200)."""

    def __init__(self, rows: list[tuple], *, over_capacity: int, labels: dict):
        self._rows = rows
        self.over_capacity = over_capacity
        self._labels = labels

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._figures(row) for row in self._rows[index]]
        return self._figures(self._rows[index])

    def _figures(self, row: tuple) -> StaffFigures:
        *_key, pk, name, role, is_active, capacity, load, late = row
        member = StaffMember(
            pk=pk,
            name=name,
            role=role,
            role_label=str(self._labels.get(role, role)),
            is_active=is_active,
            caseload_capacity=capacity,
        )
        return StaffFigures(membership=member, caseload=load, overdue_tasks=late)


def staff_figures(
    memberships: QuerySet, *, loads: dict[int, Caseload], overdue: dict[int | None, int]
) -> Staff:
    """Staff who hold a caseload, have open cases, or have overdue tasks: busiest first.

    Busiest is the largest weighted caseload, then the most open cases, then the most overdue
    tasks; then by name. Members are read as plain values in one query (no model per row), so
    a page of the list costs the same for 12 staff or 1,200.
    """
    from heard.organisations.models import Role

    empty = Caseload(cases=0, weighted=Decimal(0))
    rows = []
    over = 0
    members = memberships.filter(role__in=CASEWORK_ROLES).values_list(
        "pk", "role", "is_active", "caseload_capacity", "user__full_name", "user__email"
    )
    for pk, role, is_active, capacity, full_name, email in members:
        load = loads.get(pk, empty)
        late = overdue.get(pk, 0)
        if (is_active and capacity > 0) or load.cases or late:
            name = full_name or email
            over += over_capacity(load, capacity)
            key = (-load.weighted, -load.cases, -late, name.casefold())
            rows.append((*key, pk, name, role, is_active, capacity, load, late))
    rows.sort()  # the key, then the pk: unique, so nothing after it is ever compared
    return Staff(rows, over_capacity=over, labels=dict(Role.choices))


# --- home ---------------------------------------------------------------------------


def home_summary(request) -> dict:
    organisation = request.organisation
    if organisation is None:
        return {}
    user = request.user
    summary = {"services": scoped(request, Service).count()}
    if user.has_perm(Perm.PEOPLE_VIEW_PERSON, organisation):
        summary["people"] = scoped(request, Person).count()
    return summary
