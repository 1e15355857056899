"""Reading cases for the case list and the case page, with what each page shows prefetched."""

from __future__ import annotations

from django.db.models import Case as Cases
from django.db.models import F, Prefetch, QuerySet, Value, When, prefetch_related_objects

from heard.casework.access import with_access, with_person_hidden
from heard.casework.models import CaseStatus, InstructionChange, Status
from heard.core.reused_sql import reused
from heard.organisations.models import Membership, Role

OPEN = "open"
ALL = "all"
UNALLOCATED = "none"
OPEN_CASE_STATUSES = (Status.WAITING, Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD)


def case_list(
    queryset: QuerySet,
    membership,
    *,
    status: str = OPEN,
    service_id: int | None = None,
    advocate: str = "",
    advocacy_type: str = "",
) -> QuerySet:
    """The cases the list's filters choose, newest referral first; ``case_rows`` makes what a
    row shows, for a page of them.

    Status and advocacy type are shown for every case, so they filter every case. The
    service and the advocate are hidden on a restricted case the user cannot open, so
    filtering by them only matches cases the user can open: otherwise the filter itself
    would tell them who holds a restricted case.
    """
    if status == OPEN:
        # "Not closed" (the same as OPEN_CASE_STATUSES) is the partial indexes' condition.
        queryset = queryset.exclude(status=Status.CLOSED)
    elif status in Status.values:
        queryset = queryset.filter(status=status)
    if advocacy_type:
        queryset = queryset.filter(advocacy_type=advocacy_type)
    if service_id is not None or advocate:
        queryset = with_access(queryset, membership)
    if service_id is not None:
        queryset = queryset.filter(service_id=service_id, can_open=True)
    if advocate == UNALLOCATED:
        queryset = queryset.filter(allocated_to__isnull=True, can_open=True)
    elif advocate:
        queryset = queryset.filter(allocated_to_id=advocate, can_open=True)
    return queryset.order_by("-received_on", "-id")


# What a row of the case list shows (``CaseRowPresenter``) and its cursor's keys, and no more:
# the person, case and user tables are wide, and a page read every column of four of them.
CASE_ROW_FIELDS = (
    "reference",
    "status",
    "advocacy_type",
    "received_on",
    "person__first_name",
    "person__last_name",
    "person__preferred_name",
    "service__name",
    "allocated_to__user__full_name",
    "allocated_to__user__email",
)


def case_rows(queryset: QuerySet, membership) -> QuerySet:
    """Cases as the list shows them, each annotated ``can_open`` (restricted cases are not)
    and ``person_hidden`` (the person is on a restricted case closed to this member:
    ADR-0008), with the person, service and advocate joined (only the columns a row shows).
    Its callers (``Keyset.page``, ``capped``) run it compiled once per process (ADR-0058)."""
    return (
        with_person_hidden(with_access(queryset, membership), membership)
        .select_related("person", "service", "allocated_to__user")
        .only(*CASE_ROW_FIELDS)
    )


def caseload_staff_choices(queryset: QuerySet) -> list[tuple[str, str, bool]]:
    """``(id, name, is_active)`` of the staff who can hold cases, for the advocate filter.

    One query of three columns: a large organisation lists a thousand staff here, so
    no model objects are built for them (active first, then by name).
    """
    rows = reused(
        queryset.filter(role__in=(Role.ADVOCATE, Role.MANAGER))
        .order_by("-is_active", "user__full_name", "pk")
        .values_list("pk", "user__full_name", "user__email", "is_active")
    )
    return [(str(pk), name or email, is_active) for pk, name, email, is_active in rows]


def named_manager_choices(queryset: QuerySet) -> QuerySet:
    """Managers and admins who could be named on a restricted case."""
    return (
        queryset.filter(role__in=(Role.MANAGER, Role.ADMIN), is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def case_detail(queryset: QuerySet) -> QuerySet:
    """One case's page: the person, service, advocate and status history (named managers,
    which only a restricted case has, come from ``with_named_managers``). The organisation
    is not joined: ``get_scoped_or_404`` attaches the request's."""
    return reused(
        queryset.select_related("person", "service", "referral", "allocated_to__user")
    ).prefetch_related(
        Prefetch(
            "statuses",
            queryset=reused(
                CaseStatus.objects.select_related("changed_by", "advocate__user").order_by(
                    "-changed_at", "-id"
                )
            ),
            to_attr="history",
        ),
        Prefetch(
            "instruction_changes",
            queryset=reused(
                InstructionChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-id"
                )
            ),
            to_attr="instruction_history",
        ),
    )


def with_named_managers(case):
    """The managers named on a restricted case, read for its summary; no query otherwise."""
    if case.is_restricted:
        prefetch_related_objects(
            [case],
            Prefetch("restricted_managers", queryset=Membership.objects.select_related("user")),
        )
    return case


def case_for_action(queryset: QuerySet) -> QuerySet:
    """A case for a small form page (allocate, hold, close...): what its summary shows (the
    organisation attached by ``get_scoped_or_404``, not joined)."""
    return reused(queryset.select_related("person", "service", "referral", "allocated_to__user"))


def conflicts_for(queryset: QuerySet, *, membership=None) -> QuerySet:
    """Declared conflicts, unresolved first; one member's when ``membership`` is given."""
    if membership is not None:
        queryset = queryset.filter(membership=membership)
    return queryset.select_related("membership__user", "person").order_by(
        F("resolved_at").desc(nulls_first=True), "-declared_at", "-id"
    )


def person_cases(queryset: QuerySet, *, person) -> QuerySet:
    """One person's cases, open ones first, then newest referral first, with what a row shows."""
    return (
        queryset.filter(person=person)
        .select_related("service", "allocated_to__user")
        .order_by(
            Cases(When(status=Status.CLOSED, then=Value(1)), default=Value(0)),
            "-received_on",
            "-id",
        )
    )
