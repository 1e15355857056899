"""Reading referrals for triage: the queue, its counts, one referral and its possible duplicates."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import (
    Count,
    DateField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from heard.casework.models import Case, Status
from heard.core.keyset import Keyset
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


#: The status filter's values beyond one status: every referral, whatever its status.
ALL = "all"
_FULL_REFERENCE_RE = re.compile(r"^([A-Z0-9]{1,10})-(\d{4})-(\d{1,9})$", re.IGNORECASE)
_YEAR_NUMBER_RE = re.compile(r"^(\d{4})-(\d{1,9})$")
_NUMBER_RE = re.compile(r"^\d{1,9}$")


def is_referral_reference(text: str) -> bool:
    """Whether ``text`` is a whole referral reference, like ``RIA-2026-000001``."""
    return bool(_FULL_REFERENCE_RE.match(" ".join(text.split())))


def referral_search(queryset: QuerySet, text: str) -> QuerySet:
    """Narrow referrals by a reference or a name.

    A whole reference (``RIA-2026-000001``, any letter case, the number with or without its
    leading zeros) matches that referral; ``2026-1`` or a number alone (``000001``, ``1``)
    matches the references ending in it. Anything else matches the start of each word of
    the person's first, last or preferred name.
    """
    text = " ".join(text.split())
    if not text:
        return queryset
    full = _FULL_REFERENCE_RE.match(text)
    if full:
        prefix, year, number = full.groups()
        return queryset.filter(reference__iexact=f"{prefix}-{year}-{int(number):06d}")
    year_number = _YEAR_NUMBER_RE.match(text)
    if year_number:
        year, number = year_number.groups()
        return queryset.filter(reference__endswith=f"-{year}-{int(number):06d}")
    if _NUMBER_RE.match(text):
        return queryset.filter(reference__endswith=f"-{int(text):06d}")
    condition = Q()
    for word in text.split(" "):
        condition &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return queryset.filter(condition)


# The list's orders, each paged by keyset (ADR-0052) and each held by an index:
# the queue oldest first, "awaiting information" by chase date (none set: last), and
# everything else newest first.
QUEUE_ORDER = Keyset("received_at", "id")
CHASE_ORDER = Keyset("chase_key", "received_at", "id")
NEWEST_ORDER = Keyset("-received_at", "-id")
NO_CHASE_DATE = dt.date(9999, 12, 31)


def referral_list_order(*, status: str = "", query: str = "") -> Keyset:
    """The order ``referral_list`` returns for these filters."""
    if not query and status == ReferralStatus.AWAITING_INFORMATION:
        return CHASE_ORDER
    if not query and status in ("", *TRIAGE_STATUSES):
        return QUEUE_ORDER
    return NEWEST_ORDER


def referral_list(queryset: QuerySet, *, status: str = "", query: str = "") -> QuerySet:
    """The referrals list: the triage queue by default; one status, or all, newest first.

    A search looks through every status unless one is chosen, so a declined or signposted
    referral is found by its reference as readily as a new one.
    """
    if not query and status in ("", *TRIAGE_STATUSES):
        return triage_queue(queryset, status=status)
    queryset = referral_search(queryset, query)
    if status in ReferralStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.only(*_LIST_COLUMNS).order_by(*NEWEST_ORDER.order)


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
        queryset = queryset.annotate(
            chase_key=Coalesce("chase_on", Value(NO_CHASE_DATE), output_field=DateField())
        )
        return queryset.only(*_LIST_COLUMNS).order_by(*CHASE_ORDER.order)
    return queryset.only(*_LIST_COLUMNS).order_by(*QUEUE_ORDER.order)


def triage_counts(queryset: QuerySet, *, today: dt.date) -> dict[str, int]:
    """How many referrals are new, awaiting information, and overdue a chase (one query).

    Reads the triage queue's rows only (``referral_list_status_idx``), not every referral
    the organisation has had over the years.
    """
    return queryset.filter(status__in=TRIAGE_STATUSES).aggregate(
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


def person_referrals(queryset: QuerySet, *, person) -> QuerySet:
    """The referrals linked to one person (at triage), newest first, with the list's columns."""
    return (
        queryset.filter(person=person)
        .only(*_LIST_COLUMNS, "person_id")
        .order_by("-received_at", "-id")
    )
