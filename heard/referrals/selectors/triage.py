"""Reading referrals for triage: the queue, its counts, one referral and its possible duplicates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from heard.casework.models import Case, Status
from heard.people.models import Person
from heard.people.selectors import possible_duplicates
from heard.referrals.models import Referral, ReferralStatus, TriageDecision

#: Referrals waiting for a triage decision.
TRIAGE_STATUSES = (ReferralStatus.NEW, ReferralStatus.AWAITING_INFORMATION)

# The columns the triage list shows (the eligibility result gives the summary column).
_LIST_COLUMNS = (
    "id",
    "organisation_id",
    "reference",
    "status",
    "source",
    "received_at",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "postcode",
    "chase_on",
    "urgent_reason",
    "requested_types",
    "eligibility_result",
    # Whose law applies (the eligibility rows of the other nation are not shown).
    "nation",
    "eligibility_answers",
)
# Added by intake; listed only when present so triage does not depend on intake's migration.
_LIST_COLUMNS += tuple(
    name
    for name in ("is_urgent", "is_suspected_spam")
    if name in {f.name for f in Referral._meta.get_fields()}
)


def triage_queue(queryset: QuerySet, *, status: str = "") -> QuerySet:
    """Referrals awaiting a decision: oldest first, or by chase date for "awaiting information".

    First come, first served: the referral received longest ago is at the top. Referrals
    waiting for information are ordered by when they are due to be chased, overdue first.
    """
    if status in TRIAGE_STATUSES:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=TRIAGE_STATUSES)
    if status == ReferralStatus.AWAITING_INFORMATION:
        ordering = ("chase_on", "received_at", "id")
    else:
        ordering = ("received_at", "id")
    return queryset.only(*_LIST_COLUMNS).order_by(*ordering)


def triage_counts(queryset: QuerySet, *, today: dt.date) -> dict[str, int]:
    """How many referrals are new, awaiting information, and overdue a chase (one query)."""
    return queryset.aggregate(
        new=Count("id", filter=Q(status=ReferralStatus.NEW)),
        awaiting=Count("id", filter=Q(status=ReferralStatus.AWAITING_INFORMATION)),
        overdue=Count(
            "id",
            filter=Q(status=ReferralStatus.AWAITING_INFORMATION, chase_on__lt=today),
        ),
    )


def referral_detail(queryset: QuerySet) -> QuerySet:
    """One referral's page: the linked person and every decision with who made it."""
    return queryset.select_related("organisation", "person", "entered_by").prefetch_related(
        Prefetch(
            "decisions",
            queryset=TriageDecision.objects.select_related("decided_by", "case", "case__service"),
        )
    )


def referral_duplicates(people: QuerySet, referral: Referral) -> list[Person]:
    """People already on record who may be the referred person, each with ``open_cases``.

    The same date of birth and a similar name or the same postcode
    (``heard.people.selectors.possible_duplicates``). Open cases are attached so the
    manager can see at once whether the person is already waiting or being helped.
    """
    matches = possible_duplicates(
        people,
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        postcode=referral.postcode,
    )
    prefetch_related_objects(
        matches,
        Prefetch(
            "cases",
            queryset=Case.objects.exclude(status=Status.CLOSED)
            .select_related("service")
            .order_by("received_on", "id"),
            to_attr="open_cases",
        ),
    )
    return matches
