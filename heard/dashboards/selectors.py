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

from django.db import connections, models
from django.db.models import (
    CharField,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import LessThan
from django.utils import timezone

from heard.casework.access import can_open_condition, with_access, with_person_hidden
from heard.casework.models import OPEN_STATUSES, Activity, Case, CaseStatus, Status
from heard.casework.services.allocation import weight_expression
from heard.casework.services.lifecycle import REALLOCATED
from heard.core.permissions import Perm
from heard.core.planner import planned_for_their_values
from heard.core.reused_sql import reused
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
    found = list(reused(first)[:limit])
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
        reused(
            tasks_due.annotate(
                due_total=Window(Count("pk")),
                due_overdue=Window(Count("pk", filter=Q(due_on__lt=today))),
            )
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
    #: Their weighted caseload is more than the capacity set for them (``staff_page``'s
    #: ``is_over``, the one place the manager view decides it).
    over_capacity: bool

    @property
    def capacity(self) -> Decimal:
        return Decimal(self.membership.caseload_capacity)


def _open_caseloads(cases: QuerySet, *, weights) -> QuerySet:
    """Open cases grouped by advocate: ``member``, ``n_cases`` and ``weighted``.

    An index-only scan of case_open_caseload_idx once the table is vacuumed: hence
    ``COUNT(*)``, not ``COUNT(id)``, as the id is not in it.
    """
    return (
        cases.filter(status__in=OPEN_STATUSES, allocated_to__isnull=False)
        .order_by()
        .values(member=F("allocated_to"))
        .annotate(n_cases=Count("*"), weighted=Sum(weight_expression(weights)))
    )


def _overdue_by_assignee(tasks: QuerySet, *, today: dt.date) -> QuerySet:
    """Tasks past their due date grouped by assignee (``member`` None: nobody), from
    task_open_assignee_idx."""
    return (
        tasks.filter(completed_at__isnull=True, entered_in_error_at__isnull=True, due_on__lt=today)
        .order_by()
        .values(member=F("assigned_to"))
        .annotate(n_overdue=Count("*"))
    )


@dataclass(frozen=True)
class StaffPage(Sequence):
    """Staff on the manager view, busiest first, as one page of them for a ``Paginator``.

    ``staff_page`` reads the page's rows and every count the view shows in one statement, so
    a national organisation's 1,200 staff are sorted and counted in the database, and only
    the 50 shown come to Python. Its length is the number of staff listed; a slice is the
    page read (any other slice, such as the last page when the one asked for is past the
    end, is read then).
    """

    rows: list[StaffFigures]
    offset: int
    listed: int
    over_capacity: int
    overdue_total: int
    overdue_unassigned: int
    read: Callable[[int, int], list[StaffFigures]]

    def __len__(self) -> int:
        return self.listed

    def __getitem__(self, index):
        if not isinstance(index, slice):
            index = range(self.listed)[index]  # IndexError past either end, as a list
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.listed)
        if start >= self.offset and stop <= self.offset + len(self.rows):
            return self.rows[start - self.offset : stop - self.offset]
        return self.read(start, stop - start)


#: Busiest first: the largest weighted caseload, then the most open cases, then the most
#: overdue tasks; then by name, and the membership to break a tie of names.
BUSIEST_FIRST = "{0}weighted DESC, {0}n_cases DESC, {0}n_overdue DESC, LOWER({0}name), {0}member_id"
CENTS = Decimal("0.01")


def staff_page(
    cases: QuerySet,
    tasks: QuerySet,
    memberships: QuerySet,
    *,
    weights,
    today: dt.date,
    page: int,
    per_page: int,
) -> StaffPage:
    """The manager view's staff table and figures, in one statement whatever the staff.

    Staff listed are those who hold a caseload (active, with a capacity), have open cases or
    have overdue tasks. For them: open cases, weighted caseload and overdue tasks; how many
    are listed and how many are over capacity; and, over every task, how many are overdue
    and how many of those are assigned to nobody. Open cases and overdue tasks are each one
    grouped scan of their partial index, joined to the casework roles' memberships, sorted
    busiest first and cut to the page in SQL (docs/performance.md, "The manager's staff
    table in the database, and the binding's network scope planned once").
    """
    from heard.organisations.models import Role

    members = memberships.filter(role__in=CASEWORK_ROLES).values(
        member_id=F("pk"),
        member_role=F("role"),
        member_active=F("is_active"),
        capacity=F("caseload_capacity"),
        name=Coalesce(
            NullIf("user__full_name", Value("")), "user__email", output_field=CharField()
        ),
    )
    parts = [
        _open_caseloads(cases, weights=weights),
        _overdue_by_assignee(tasks, today=today),
        members.order_by(),
    ]
    connection = connections[members.db]
    compiled = [part.query.get_compiler(connection=connection).as_sql() for part in parts]
    (loads_sql, loads_params), (late_sql, late_params), (members_sql, members_params) = compiled
    # Every name below is ours; every value is a parameter.
    statement = (
        f"WITH loads AS ({loads_sql}), late AS ({late_sql}), staff AS ("  # noqa: S608
        "SELECT m.member_id, m.member_role, m.member_active, m.capacity, m.name, "
        "COALESCE(l.n_cases, 0) AS n_cases, COALESCE(l.weighted, 0) AS weighted, "
        "COALESCE(t.n_overdue, 0) AS n_overdue, "
        "CASE WHEN COALESCE(l.weighted, 0) > m.capacity THEN 1 ELSE 0 END AS is_over "
        f"FROM ({members_sql}) m "
        "LEFT JOIN loads l ON l.member = m.member_id "
        "LEFT JOIN late t ON t.member = m.member_id "
        "WHERE (m.member_active AND m.capacity > 0) OR l.n_cases > 0 OR t.n_overdue > 0) "
        "SELECT totals.overdue_total, totals.unassigned, counted.listed, counted.over, "
        "shown.member_id, shown.member_role, shown.member_active, shown.capacity, shown.name, "
        "shown.n_cases, shown.weighted, shown.n_overdue, shown.is_over "
        "FROM (SELECT SUM(n_overdue) AS overdue_total, "
        "SUM(CASE WHEN member IS NULL THEN n_overdue ELSE 0 END) AS unassigned FROM late) totals "
        "CROSS JOIN (SELECT COUNT(*) AS listed, SUM(is_over) AS over FROM staff) counted "
        f"LEFT JOIN (SELECT * FROM staff ORDER BY {BUSIEST_FIRST.format('')} LIMIT %s OFFSET %s) "
        f"shown ON 1 = 1 ORDER BY {BUSIEST_FIRST.format('shown.')}"
    )
    labels = dict(Role.choices)

    def figures(row) -> StaffFigures:
        pk, role, is_active, capacity, name, n_cases, weighted, n_overdue, is_over = row
        member = StaffMember(
            pk=pk,
            name=name,
            role=role,
            role_label=str(labels.get(role, role)),
            is_active=bool(is_active),
            caseload_capacity=capacity,
        )
        # SQLite gives the sum as a float or an integer; PostgreSQL as a Decimal already.
        load = Caseload(n_cases, Decimal(str(weighted)).quantize(CENTS))
        return StaffFigures(
            membership=member, caseload=load, overdue_tasks=n_overdue, over_capacity=bool(is_over)
        )

    def read(offset: int, limit: int) -> tuple[tuple, list[StaffFigures]]:
        params = [*loads_params, *late_params, *members_params, limit, offset]
        # Grouped over the whole organisation: planned for its size (core.planner).
        with planned_for_their_values(connection.alias), connection.cursor() as cursor:
            cursor.execute(statement, params)
            found = cursor.fetchall()
        head = found[0][:4]
        return head, [figures(row[4:]) for row in found if row[4] is not None]

    offset = max(page - 1, 0) * per_page
    (overdue_total, unassigned, listed, over), rows = read(offset, per_page)
    return StaffPage(
        rows=rows,
        offset=offset,
        listed=listed,
        over_capacity=over or 0,
        overdue_total=overdue_total or 0,
        overdue_unassigned=unassigned or 0,
        read=lambda start, limit: read(start, limit)[1],
    )


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
