"""Reading cases: the waiting list, with working days waited against each service's target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Min, Q, QuerySet

from heard.casework.access import with_person_hidden
from heard.casework.models import Case, Priority, PriorityChange, Status
from heard.core.keyset import Keyset
from heard.core.working_days import add_working_days, is_working_day, working_days_between

# Urgent first ("urgent" sorts after "standard", so descending), then the longest wait.
# Working days waited only grow as the received date gets older, so ordering by
# ``received_on`` is ordering by time waited; case_waiting_order_idx holds this order for
# waiting cases, so a keyset page (ADR-0052) is one index range at any depth.
WAITING_ORDER = Keyset("-priority", "received_on", "id")


def waiting_list(queryset: QuerySet, membership, *, service_id: int | None = None) -> QuerySet:
    """Waiting cases in ``WAITING_ORDER``: urgent first, then the longest wait first.

    Each case is annotated ``person_hidden`` for ``membership`` (ADR-0008).
    """
    queryset = with_person_hidden(queryset.filter(status=Status.WAITING), membership)
    if service_id is not None:
        queryset = queryset.filter(service_id=service_id)
    return queryset.select_related("person", "service").order_by(*WAITING_ORDER.order)


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
    """Per service: how many wait, how many are urgent, how many are over target (one query)."""
    services = list(services)
    if not services:
        return []
    over_target = Q()
    for service in services:
        # Urgent cases are held to the service's urgent target, standard ones to its standard.
        over_target |= Q(
            service_id=service.pk,
            priority=Priority.STANDARD,
            received_on__lt=breach_cutoff(today, service.allocation_target_days),
        ) | Q(
            service_id=service.pk,
            priority=Priority.URGENT,
            received_on__lt=breach_cutoff(today, service.urgent_allocation_target_days),
        )
    figures = {
        row["service_id"]: row
        for row in queryset.filter(status=Status.WAITING)
        .values("service_id")
        .annotate(
            waiting=Count("id"),
            urgent=Count("id", filter=Q(priority=Priority.URGENT)),
            over_target=Count("id", filter=over_target),
            oldest=Min("received_on"),
        )
        .order_by()
    }
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
