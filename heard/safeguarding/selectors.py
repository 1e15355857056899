"""Reading safeguarding concerns. Lists annotate ``can_open`` with the one case access function."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum, Value, When, Window

from heard.casework.access import can_open_condition
from heard.core.keyset import Keyset

from .flags import acknowledgement_days, flag_cutoff
from .models import SafeguardingConcern

SHOW_ALL, SHOW_FLAGGED, SHOW_AWAITING, SHOW_OPEN, SHOW_CLOSED = (
    "",
    "flagged",
    "awaiting",
    "open",
    "closed",
)
AWAITING = Q(acknowledged_on__isnull=True, outcome="")

# The list's orders, paged by keyset (ADR-0052): flagged first, then by the date raised;
# concerns with an outcome newest first.
LIST_ORDER = Keyset("state_rank", "raised_on", "id")
CLOSED_ORDER = Keyset("-raised_on", "-id")


def list_order(show: str) -> Keyset:
    return CLOSED_ORDER if show == SHOW_CLOSED else LIST_ORDER


def with_case_access(queryset: QuerySet, membership) -> QuerySet:
    """Annotate ``can_open``: true for a concern about an organisation, else the case's access."""
    # On the case the list already joins, with at most one EXISTS on the named managers
    # (not a subquery re-reading the case with the named-manager check nested inside).
    return queryset.annotate(
        can_open=models.ExpressionWrapper(
            Q(case__isnull=True) | Q(can_open_condition(membership, case="case")),
            output_field=models.BooleanField(),
        )
    )


def with_state(queryset: QuerySet, *, today: dt.date, days: int) -> QuerySet:
    """Annotate ``state_rank``: 0 flagged, 1 awaiting acknowledgement, 2 awaiting outcome, 3 closed."""
    cutoff = flag_cutoff(today, days)
    return queryset.annotate(
        state_rank=models.Case(
            When(AWAITING & Q(raised_on__lt=cutoff), then=Value(0)),
            When(AWAITING, then=Value(1)),
            When(outcome="", then=Value(2)),
            default=Value(3),
            output_field=models.IntegerField(),
        )
    )


def concern_list(
    queryset: QuerySet, membership, *, today: dt.date, days: int, show: str = SHOW_ALL
) -> QuerySet:
    """Flagged first (oldest first), then awaiting acknowledgement, awaiting outcome, closed."""
    cutoff = flag_cutoff(today, days)
    if show == SHOW_FLAGGED:
        queryset = queryset.filter(AWAITING, raised_on__lt=cutoff)
    elif show == SHOW_AWAITING:
        queryset = queryset.filter(AWAITING)
    elif show == SHOW_OPEN:
        queryset = queryset.filter(outcome="")
    elif show == SHOW_CLOSED:
        queryset = queryset.exclude(outcome="")
    queryset = with_case_access(with_state(queryset, today=today, days=days), membership)
    return queryset.select_related(
        "case", "case__person", "case__service", "case__organisation", "organisation"
    ).order_by(*list_order(show).order)


def concern_counts(queryset: QuerySet, *, today: dt.date, days: int) -> dict[str, int]:
    """Flagged, awaiting acknowledgement and open concerns, in one query."""
    cutoff = flag_cutoff(today, days)
    counts = queryset.order_by().aggregate(
        flagged=Count("id", filter=AWAITING & Q(raised_on__lt=cutoff)),
        awaiting=Count("id", filter=AWAITING),
        open=Count("id", filter=Q(outcome="")),
    )
    return {key: value or 0 for key, value in counts.items()}


def concerns_awaiting_acknowledgement(
    organisation, *, today: dt.date, days: int | None = None, raised_by=None, viewer=None
) -> QuerySet:
    """Concerns not yet acknowledged (and with no outcome), oldest first — one query.

    Each row carries ``flagged`` (past the organisation's working-day limit),
    ``total`` and ``flagged_total`` (counted before any slicing), and ``can_open``
    for ``viewer``. ``raised_by`` narrows to one person's concerns ("my day").
    """
    days = days if days is not None else acknowledgement_days(organisation)
    cutoff = flag_cutoff(today, days)
    queryset = SafeguardingConcern.objects.for_organisation(organisation).filter(AWAITING)
    if raised_by is not None:
        queryset = queryset.filter(raised_by=raised_by)
    flagged = models.Case(
        When(raised_on__lt=cutoff, then=Value(1)),
        default=Value(0),
        output_field=models.IntegerField(),
    )
    return (
        with_case_access(queryset, viewer)
        .select_related(
            "case", "case__person", "case__service", "case__organisation", "organisation"
        )
        .annotate(
            flagged=models.ExpressionWrapper(
                Q(raised_on__lt=cutoff), output_field=models.BooleanField()
            ),
            total=Window(Count("id")),
            flagged_total=Window(Sum(flagged)),
        )
        .order_by("raised_on", "id")
    )


def concern_for_page(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "case",
        "case__person",
        "case__service",
        "case__organisation",
        "organisation",
        "raised_by",
        "signed_off_by",
    )


def concerns_for_export(queryset: QuerySet, membership, *, today: dt.date, days: int) -> QuerySet:
    return (
        with_case_access(with_state(queryset, today=today, days=days), membership)
        .select_related("case", "case__service", "case__organisation", "organisation")
        .order_by("raised_on", "id")
    )


def person_concerns(queryset: QuerySet, membership, *, person) -> QuerySet:
    """Concerns raised on one person's cases: awaiting an outcome first, then newest first."""
    return (
        with_case_access(queryset.filter(case__person=person), membership)
        .select_related(
            "case", "case__person", "case__service", "case__organisation", "organisation"
        )
        .order_by(
            models.Case(When(outcome="", then=Value(0)), default=Value(1)),
            "-raised_on",
            "-id",
        )
    )
