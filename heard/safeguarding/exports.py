"""The safeguarding concerns CSV: dates, types and flags for following up and reporting.

No person's name and no narrative (the concern, the outcome note) leave Heard
this way. A concern raised from a restricted case the exporter may not open
keeps only its ID, the case reference and the "Restricted case" marker.
"""

from __future__ import annotations

import datetime as dt

from heard.casework.access import RESTRICTED_LABEL

from .flags import is_overdue

HEADER = [
    "Concern ID",
    "Case reference",
    "Restricted",
    "About organisation",
    "Abuse types",
    "Raised with",
    "Raised on",
    "Their reference",
    "Acknowledged on",
    "Not acknowledged in time",
    "Chase on",
    "Outcome",
    "Outcome on",
    "Signed off",
    "Signed off on",
]


def rows(concerns, *, today: dt.date, days: int):
    for c in concerns:
        reference = c.case.reference if c.case_id else ""
        if not c.can_open:
            yield [c.pk, reference, RESTRICTED_LABEL] + [""] * (len(HEADER) - 3)
            continue
        yield [
            c.pk,
            reference,
            "",
            c.about_organisation,
            "; ".join(c.abuse_type_labels),
            c.raised_to_label,
            c.raised_on,
            c.their_reference,
            c.acknowledged_on,
            c.is_awaiting_acknowledgement and is_overdue(c.raised_on, today=today, days=days),
            c.chase_on,
            c.outcome_label,
            c.outcome_on,
            c.signed_off_at is not None,
            c.signed_off_at.date() if c.signed_off_at else None,
        ]
