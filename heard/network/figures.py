"""The figures a member shares with a network: the reporting measures for one period,
suppressed before they leave the organisation.

There is one definition of each measure (``heard.reporting.measures``, docs/reporting.md);
the network reads them and nothing else. Each table goes through the reporting
disclosure control (``suppress_report_table``: 1 to 4 become "fewer than 5", a count that
would let a hidden one be worked out from the total is hidden too, and a median, share or
hours figure resting on fewer than 5 people is hidden) **before** it is signed. Only the
tables' figures and fixed labels travel: no note, no service name, no record.

``DEFINITIONS_VERSION`` names the measure definitions; a hub refuses a payload whose
definitions it does not know, so figures defined differently are never added together.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from heard.core.replica import reading_from_replica
from heard.core.suppression import DEFAULT_THRESHOLD, is_suppressed
from heard.organisations.models import Service
from heard.reporting import measures as reporting
from heard.reporting.disclosure import suppress_report_table
from heard.reporting.tables import COUNT, DAYS, HOURS, PERCENT, TOTAL

DEFINITIONS_VERSION = f"reporting-{reporting.DEFINITIONS_VERSION}"
KNOWN_DEFINITIONS = {DEFINITIONS_VERSION}
KINDS = {COUNT, HOURS, DAYS, PERCENT}

# The measures a network combines: referrals, cases, waiting times against target, hours,
# outcomes, challenges, safeguarding and equality, by advocacy type where the measure has it.
NETWORK_MEASURES = [
    "referrals_by_type",
    "case_counts",
    "waiting_list_at_end",
    "time_to_first_contact",
    "time_to_allocation",
    "hours_by_type",
    "issue_outcomes",
    "challenges",
    "safeguarding",
    "equality_ethnic_group",
    "equality_age_band",
    "equality_sex",
    "equality_disability",
]


def _plain(value):
    """A value as JSON: counts as numbers, hidden ones as their words, decimals as text."""
    if is_suppressed(value):
        return str(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        return str(value)
    return None


def number(value):
    """A shared value as a number (int or Decimal), or None when hidden or missing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def scope_for(organisation, start: dt.date, end: dt.date) -> reporting.Scope:
    services = tuple(Service.objects.for_organisation(organisation).order_by("pk"))
    return reporting.Scope(organisation, services, start, end, all_services=True)


@reading_from_replica()
def suppressed_figures(organisation, start: dt.date, end: dt.date) -> dict[str, dict]:
    """The measures as they may leave the organisation: suppressed, then reduced to figures."""
    scope = scope_for(organisation, start, end)
    figures = {}
    for key in NETWORK_MEASURES:
        table = suppress_report_table(
            reporting.MEASURES[key].compute(scope), threshold=DEFAULT_THRESHOLD
        )
        figures[key] = {
            "title": table.title,
            "additive": table.additive,
            "columns": [
                {"key": c.key, "label": c.label, "kind": c.kind}
                for c in table.columns
                if c.kind in KINDS
            ],
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "total": row.is_total or row.key == TOTAL,
                    "values": {c.key: _plain(row.values.get(c.key)) for c in table.columns},
                }
                for row in table.rows
            ],
        }
    return figures
