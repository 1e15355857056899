"""Reading challenges. Every list annotates ``can_open`` with the one case access function.

A challenge lives inside a case, so a challenge on a restricted case the
viewer may not open is shown as a placeholder (``heard.casework.access``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q, QuerySet, Value, When, Window

from heard.casework.access import can_open_condition
from heard.core.keyset import Keyset

from .models import Challenge

# The list's order (overdue first, then by due date), paged by keyset (ADR-0052): a deep
# page reads from its cursor on, not past every earlier row.
LIST_ORDER = Keyset("state_rank", "response_due_on", "id")

# The list's "show" filter.
SHOW_ALL, SHOW_OVERDUE, SHOW_OPEN, SHOW_CLOSED = "", "overdue", "open", "closed"


def with_case_access(queryset: QuerySet, membership) -> QuerySet:
    """Annotate ``can_open``: may ``membership`` open each row's case (restricted cases)?

    Tested on the case the list already joins, with at most one ``EXISTS`` on the
    restricted case's named managers: not a subquery that re-reads the case and nests
    the named-manager check inside it.
    """
    return queryset.annotate(can_open=can_open_condition(membership, case="case"))


def with_state(queryset: QuerySet, *, today: dt.date) -> QuerySet:
    """Annotate ``state_rank``: 0 overdue, 1 open and not yet due, 2 closed."""
    return queryset.annotate(
        state_rank=models.Case(
            When(outcome="", response_due_on__lt=today, then=Value(0)),
            When(outcome="", then=Value(1)),
            default=Value(2),
            output_field=models.IntegerField(),
        )
    )


def challenge_list(queryset: QuerySet, membership, *, today: dt.date, show: str = SHOW_ALL):
    """Challenges for the list: overdue first (most overdue first), then open by due date, then closed."""
    if show == SHOW_OVERDUE:
        queryset = queryset.filter(outcome="", response_due_on__lt=today)
    elif show == SHOW_OPEN:
        queryset = queryset.filter(outcome="")
    elif show == SHOW_CLOSED:
        queryset = queryset.exclude(outcome="")
    return (
        with_case_access(with_state(queryset, today=today), membership)
        .select_related("case", "case__person", "case__service", "case__organisation")
        .order_by(*LIST_ORDER.order)
    )


def challenge_counts(queryset: QuerySet, *, today: dt.date) -> dict[str, int]:
    """How many challenges are open and overdue, in one query."""
    counts = queryset.order_by().aggregate(
        open=Count("id", filter=Q(outcome="")),
        overdue=Count("id", filter=Q(outcome="", response_due_on__lt=today)),
    )
    return {key: value or 0 for key, value in counts.items()}


def overdue_challenges(organisation, *, membership=None, viewer=None, today: dt.date) -> QuerySet:
    """Open challenges past their response date, most overdue first — one query.

    With ``membership``: only those on cases allocated to that member or raised by
    them ("my day"); without, the whole organisation (the manager view). ``viewer``
    (default ``membership``) decides ``can_open``. Each row carries ``total``, the
    number of rows before any slicing, so a capped panel needs no second query.
    """
    queryset = Challenge.objects.for_organisation(organisation).filter(
        outcome="", response_due_on__lt=today
    )
    if membership is not None:
        queryset = queryset.filter(
            Q(case__allocated_to=membership) | Q(raised_by_id=membership.user_id)
        )
    return (
        with_case_access(queryset, viewer if viewer is not None else membership)
        .select_related("case", "case__person", "case__service", "case__organisation")
        .annotate(total=Window(Count("id")))
        .order_by("response_due_on", "id")
    )


def challenge_for_page(queryset: QuerySet) -> QuerySet:
    """What the challenge page shows, in the one query that fetches it."""
    return queryset.select_related(
        "case", "case__person", "case__service", "case__organisation", "issue", "raised_by"
    )


def escalation_of(challenge: Challenge) -> Challenge | None:
    """The challenge that escalated ``challenge``, if any."""
    return Challenge.objects.filter(
        organisation_id=challenge.organisation_id, previous=challenge
    ).first()


def chain_for(challenge: Challenge) -> list[Challenge]:
    """The whole escalation chain ``challenge`` belongs to, lowest level first (one query)."""
    rows = list(
        Challenge.objects.filter(
            organisation_id=challenge.organisation_id, case_id=challenge.case_id
        ).select_related("raised_by")
    )
    by_id = {row.pk: row for row in rows}
    after = {row.previous_id: row for row in rows if row.previous_id}
    first = by_id.get(challenge.pk, challenge)
    while first.previous_id in by_id:
        first = by_id[first.previous_id]
    chain = [first]
    while chain[-1].pk in after:
        chain.append(after[chain[-1].pk])
    return chain


def challenges_for_export(queryset: QuerySet, membership) -> QuerySet:
    """Every challenge, oldest first, with what a row needs — one query however many."""
    return (
        with_case_access(queryset, membership)
        .select_related("case", "issue")
        .order_by("raised_on", "id")
    )
