"""Reading cases: the waiting list, with working days waited against each service's target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, QuerySet

from heard.casework.access import with_person_hidden
from heard.casework.models import Case, Priority, PriorityChange, Status
from heard.core.keyset import Keyset
from heard.core.working_days import add_working_days, is_working_day, working_days_between

# Urgent first ("urgent" sorts after "standard", so descending), then the longest wait.
# Working days waited only grow as the received date gets older, so ordering by
# ``received_on`` is ordering by time waited; case_waiting_order_idx holds this order for
# waiting cases, so a keyset page (ADR-0052) is one index range at any depth. Ids first:
# joined in one go, the planner joined every waiting case to its service and person before
# sorting (6,081 in the largest organisation at 1,000,000 cases).
WAITING_ORDER = Keyset("-priority", "received_on", "id", ids_first=True)


def waiting_list(queryset: QuerySet, *, service_id: int | None = None) -> QuerySet:
    """Waiting cases in ``WAITING_ORDER``: urgent first, then the longest wait first.

    Narrow (filters and order, no joins): ``waiting_rows`` joins the cases a page shows.
    """
    queryset = queryset.filter(status=Status.WAITING)
    if service_id is not None:
        queryset = queryset.filter(service_id=service_id)
    return queryset.order_by(*WAITING_ORDER.order)


def waiting_rows(queryset: QuerySet, membership) -> QuerySet:
    """Waiting cases as the list shows them: person and service joined, and each annotated
    ``person_hidden`` for ``membership`` (ADR-0008)."""
    return with_person_hidden(queryset, membership).select_related("person", "service")


@dataclass(frozen=True)
class WaitingCase:
    """One waiting case and how long it has waited, in working days, against its target."""

    case: Case
    working_days: int
    target: int

    @property
    def breached(self) -> bool:
        return self.working_days > self.target

    @property
    def due_today(self) -> bool:
        return self.working_days == self.target

    @property
    def days_left(self) -> int:
        return max(self.target - self.working_days, 0)

    @property
    def days_over(self) -> int:
        return max(self.working_days - self.target, 0)


def waiting_cases(cases, *, today: dt.date) -> list[WaitingCase]:
    """Working days waited for each case (arithmetic per row, no query)."""
    return [
        WaitingCase(
            case=case,
            working_days=working_days_between(case.received_on, today),
            target=allocation_target(case),
        )
        for case in cases
    ]


def allocation_target(case) -> int:
    """Working days to allocate this case: the service's urgent target for an urgent case."""
    if case.priority == Priority.URGENT:
        return case.service.urgent_allocation_target_days
    return case.service.allocation_target_days


def breach_cutoff(today: dt.date, target: int) -> dt.date:
    """The earliest received date still within ``target`` working days on ``today``.

    A case received before this date has waited more than ``target`` working days. The
    cutoff is the (target + 1)-th most recent working day up to and including today.
    """
    if is_working_day(today):
        return add_working_days(today, -target)
    return add_working_days(today, -(target + 1))


@dataclass(frozen=True)
class ServiceWaiting:
    service: object
    waiting: int
    urgent: int
    over_target: int
    longest_working_days: int


def waiting_by_service(queryset: QuerySet, services, *, today: dt.date) -> list[ServiceWaiting]:
    """Per service: how many wait, how many are urgent, how many are over target (one query).

    Counted by service, priority and received date in SQL (a streamed index-only scan of
    case_waiting_service_order_idx: 126 groups for the 6,081 waiting cases of the largest
    organisation at 1,000,000 cases), then held to each service's targets here: a filter
    per service inside the count cost more per row than the grouping.
    """
    services = list(services)
    if not services:
        return []
    groups = (
        queryset.filter(status=Status.WAITING)
        .values_list("service_id", "priority", "received_on")
        .annotate(n=Count("*"))
        .order_by()
    )
    by_id = {service.pk: service for service in services}
    cutoffs: dict[tuple[int, str], dt.date] = {}
    for service in services:
        # Urgent cases are held to the service's urgent target, standard ones to its standard.
        cutoffs[service.pk, Priority.STANDARD] = breach_cutoff(
            today, service.allocation_target_days
        )
        cutoffs[service.pk, Priority.URGENT] = breach_cutoff(
            today, service.urgent_allocation_target_days
        )
    figures: dict[int, dict] = {}
    for service_id, priority, received_on, n in groups:
        if service_id not in by_id:
            continue
        row = figures.setdefault(
            service_id, {"waiting": 0, "urgent": 0, "over_target": 0, "oldest": received_on}
        )
        row["waiting"] += n
        if priority == Priority.URGENT:
            row["urgent"] += n
        cutoff = cutoffs.get((service_id, priority))
        if cutoff is not None and received_on < cutoff:
            row["over_target"] += n
        row["oldest"] = min(row["oldest"], received_on)
    summary = []
    for service in services:
        row = figures.get(service.pk)
        summary.append(
            ServiceWaiting(
                service=service,
                waiting=row["waiting"] if row else 0,
                urgent=row["urgent"] if row else 0,
                over_target=row["over_target"] if row else 0,
                longest_working_days=working_days_between(row["oldest"], today) if row else 0,
            )
        )
    return summary


def case_for_priority_change(queryset: QuerySet) -> QuerySet:
    """One case's priority page: who, which service, and its priority history."""
    return queryset.select_related("person", "service").prefetch_related(
        models.Prefetch(
            "priority_changes",
            queryset=PriorityChange.objects.select_related("changed_by"),
        )
    )
