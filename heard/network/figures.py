"""The figures a member shares with a network: counts for one period, suppressed before they
leave the organisation.

Every figure is a count of cases or referrals, never a row: nothing here can carry a name,
a date of birth, an NHS number or a reference. Each table goes through
``heard.core.suppression.suppress_table`` (1 to 4 become "fewer than 5", and any cell that
would let a hidden one be worked out from the total is hidden too) **before** it is signed.

``DEFINITIONS_VERSION`` names the set of measure definitions; a hub refuses a payload whose
definitions it does not know, so figures defined differently are never added together.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from heard.casework.models import Case, Status
from heard.core.advocacy_types import AdvocacyType
from heard.core.suppression import DEFAULT_THRESHOLD, is_suppressed, suppress, suppress_table
from heard.referrals.models import Referral

DEFINITIONS_VERSION = "heard-network-1"
KNOWN_DEFINITIONS = {DEFINITIONS_VERSION}

# Measure key -> what it counts (shown on the hub beside the figure).
MEASURES = {
    "referrals_received": "Referrals received in the period",
    "cases_received": "Cases whose referral was received in the period, by advocacy type",
    "cases_closed": "Cases closed in the period, by advocacy type",
}
TOTAL = "total"


def _by_type(rows) -> dict[str, int]:
    counts = {code: 0 for code in AdvocacyType.values}
    for row in rows:
        counts[row["advocacy_type"]] = row["n"]
    counts[TOTAL] = sum(counts.values())
    return counts


def raw_counts(organisation, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """The unsuppressed counts: these never leave the organisation."""
    cases = Case.objects.for_organisation(organisation)
    received = (
        cases.filter(received_on__range=(start, end))
        .values("advocacy_type")
        .annotate(n=Count("id"))
    )
    closed = (
        cases.filter(status=Status.CLOSED, status_changed_at__date__range=(start, end))
        .values("advocacy_type")
        .annotate(n=Count("id"))
    )
    referrals = Referral.objects.for_organisation(organisation).filter(
        received_at__date__range=(start, end)
    )
    return {
        "referrals_received": {TOTAL: referrals.count()},
        "cases_received": _by_type(received),
        "cases_closed": _by_type(closed),
    }


def _plain(value):
    return str(value) if is_suppressed(value) else value


def suppressed_figures(organisation, start: dt.date, end: dt.date) -> dict[str, dict]:
    """The counts as they may leave the organisation: primary and secondary suppression."""
    figures = {}
    for key, cells in raw_counts(organisation, start, end).items():
        if list(cells) == [TOTAL]:
            table = {TOTAL: suppress(cells[TOTAL], DEFAULT_THRESHOLD)}
        else:
            table = suppress_table(cells, total_key=TOTAL, threshold=DEFAULT_THRESHOLD)
        figures[key] = {cell: _plain(value) for cell, value in table.items()}
    return figures
