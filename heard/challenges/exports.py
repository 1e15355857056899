"""The challenges CSV: its header and rows (written by ``heard.core.exports``)."""

from __future__ import annotations

import datetime as dt

from heard.casework.access import RESTRICTED_LABEL

CHALLENGE_HEADER = [
    "Challenge ID",
    "Case reference",
    "Restricted",
    "Level",
    "Escalates challenge ID",
    "Organisation challenged",
    "Role challenged",
    "What is challenged",
    "About an issue",
    "Raised on",
    "Response due on",
    "Answered on",
    "Outcome",
    "Overdue",
]


def challenge_rows(challenges, *, today: dt.date):
    """One row per challenge: no person's name and no narrative (summary, response) — the
    export is for counting and chasing, the story stays in Heard.

    A challenge on a restricted case the exporter may not open keeps only its ID,
    the case reference and the "Restricted case" marker (as lists show it).
    """
    for c in challenges:
        if not c.can_open:
            yield [c.pk, c.case.reference, RESTRICTED_LABEL] + [""] * (len(CHALLENGE_HEADER) - 3)
            continue
        yield [
            c.pk,
            c.case.reference,
            "",
            c.level,
            c.previous_id or "",
            c.challenged_organisation,
            c.challenged_role,
            c.get_subject_display(),
            bool(c.issue_id),
            c.raised_on,
            c.response_due_on,
            c.answered_on,
            c.get_outcome_display() if c.outcome else "",
            c.is_overdue(today),
        ]
