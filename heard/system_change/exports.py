"""CSV exports of the register's lists: each function returns the header and the rows,
and ``heard.core.exports`` writes the file (formula guard, byte-order mark, file name)."""

from __future__ import annotations

from heard.casework.access import RESTRICTED_LABEL

from .dashboard import ChallengeTable, SafeguardingTable
from .presenters import ActionRow, EvidenceRow, MonthTable, SystemIssuePresenter

REGISTER_HEADER = [
    "Title",
    "Theme",
    "Status",
    "Cases (evidence)",
    "People affected",
    "People newly affected in the last 90 days",
    "People newly affected in the 90 days before",
    "Trend",
    "Shared with the network",
]


def register_rows(rows: list[SystemIssuePresenter]) -> list[list]:
    return [
        [
            row.title,
            row.get_theme_display(),
            row.get_status_display(),
            row.counts.cases,
            row.counts.people,
            row.counts.recent_people,
            row.counts.previous_people,
            row.trend.label,
            row.share_with_network,
        ]
        for row in rows
    ]


EVIDENCE_HEADER = [
    "Case reference",
    "Person",
    "Person reference",
    "Referral received",
    "Case status",
    "Type of advocacy",
    "Evidence",
    "Linked on",
    "Linked by",
]


def evidence_rows(rows: list[EvidenceRow]) -> list[list]:
    """One row per link. A restricted case the exporter may not open: its reference only."""
    lines = []
    for row in rows:
        if not row.can_open:
            lines.append([row.reference, RESTRICTED_LABEL, "", "", "", "", "", "", ""])
            continue
        for link, evidence in zip(row.links, row.evidence, strict=True):
            lines.append(
                [
                    row.reference,
                    row.case.person.full_name,
                    row.case.person.reference,
                    row.case.received_on,
                    row.status_display,
                    row.advocacy_type_display,
                    evidence,
                    link.linked_at.date(),
                    str(link.linked_by),
                ]
            )
    return lines


ACTIONS_HEADER = ["Action", "Owner", "Due", "Status", "What changed"]


def action_rows(rows: list[ActionRow]) -> list[list]:
    return [
        [
            row.description,
            row.owner_display if row.owner_id else "",
            row.due_on,
            row.get_status_display(),
            row.what_changed,
        ]
        for row in rows
    ]


def people_over_time_rows(table: MonthTable) -> tuple[list[str], list[list]]:
    header = ["Month", "People newly affected", "People affected to date"]
    lines = []
    if table.over_time.earlier:
        lines.append([table.earlier_label, table.over_time.earlier, table.over_time.earlier])
    lines += [[row["label"], row["new"], row["total"]] for row in table.rows]
    return header, lines


def challenge_rows(table: ChallengeTable) -> tuple[list[str], list[list]]:
    header = [
        "Level",
        "Open: awaiting a response",
        "Open: response overdue",
        *[f"{label} (raised since {table.since.isoformat()})" for _, label in table.outcomes],
    ]
    lines = [
        [row.label, row.open, row.overdue, *[row.outcomes[code] for code, _ in table.outcomes]]
        for row in table.rows
    ]
    return header, lines


def safeguarding_rows(table: SafeguardingTable) -> tuple[list[str], list[list]]:
    header = [
        "Raised with",
        "Awaiting a response",
        "Not yet acknowledged",
        f"Not acknowledged after {table.acknowledgement_days} working days",
        "Acknowledged, outcome awaited",
    ]
    lines = [
        [
            row.label,
            row.awaiting,
            row.unacknowledged,
            row.overdue_acknowledgement,
            row.acknowledged,
        ]
        for row in [*table.rows, table.totals]
    ]
    return header, lines
