"""CSV exports (used by challenges, safeguarding and speaking up).

Cells a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) get a leading apostrophe, so a value someone typed
cannot become a formula when the file is opened (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from heard.casework.access import RESTRICTED_LABEL

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so Excel reads accents correctly).

    Rows are written as the database cursor yields them; exports run to thousands of
    rows, not millions, so the file is built in memory rather than streamed.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


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
