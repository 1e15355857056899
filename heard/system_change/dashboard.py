"""The system-change dashboard's figures: challenges, safeguarding, system issues.

Each panel is one grouped query, so the page costs the same at any volume.
System change sits above challenges and safeguarding and reads their models directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from heard.challenges.models import Level, Outcome
from heard.core import nations
from heard.safeguarding.flags import acknowledgement_days, flag_cutoff
from heard.safeguarding.models import RaisedTo

OUTCOME_WINDOW_DAYS = 365


@dataclass
class ChallengeLevelRow:
    level: int
    label: str
    open: int = 0
    overdue: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    outcome_list: list[int] = field(default_factory=list)  # the counts in column order


@dataclass
class ChallengeTable:
    outcomes: list[tuple[str, str]]  # (code, label), in display order
    rows: list[ChallengeLevelRow]
    since: dt.date

    @property
    def total_open(self) -> int:
        return sum(row.open for row in self.rows)

    @property
    def total_overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    def outcome_totals(self) -> list[int]:
        return [sum(row.outcomes[code] for row in self.rows) for code, _ in self.outcomes]


def challenges_by_level_and_outcome(challenges: QuerySet, *, today: dt.date) -> ChallengeTable:
    """Open challenges (and overdue ones) per level, and outcomes of those raised in the last year.

    Open means no outcome yet, whenever raised; outcomes count challenges raised in
    the last ``OUTCOME_WINDOW_DAYS`` days so the table shows what happens now.
    """

    since = today - dt.timedelta(days=OUTCOME_WINDOW_DAYS)
    outcome_codes = [(code, label) for code, label in Outcome.choices]
    rows = {
        level: ChallengeLevelRow(
            level=level, label=label, outcomes={code: 0 for code, _ in outcome_codes}
        )
        for level, label in Level.choices
    }
    grouped = (
        challenges.filter(Q(outcome="") | Q(raised_on__gte=since))
        .values("level", "outcome")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(outcome="", response_due_on__lt=today)),
        )
        .order_by()
    )
    for item in grouped:
        row = rows.get(item["level"])
        if row is None:
            continue
        if item["outcome"] == "":
            row.open += item["count"]
            row.overdue += item["overdue"]
        elif item["outcome"] in row.outcomes:
            row.outcomes[item["outcome"]] += item["count"]
    for row in rows.values():
        row.outcome_list = [row.outcomes[code] for code, _ in outcome_codes]
    return ChallengeTable(outcomes=outcome_codes, rows=list(rows.values()), since=since)


@dataclass
class SafeguardingRow:
    raised_to: str
    label: str
    awaiting: int = 0  # no outcome yet
    unacknowledged: int = 0
    overdue_acknowledgement: int = 0
    acknowledged: int = 0  # acknowledged, outcome awaited


@dataclass
class SafeguardingTable:
    rows: list[SafeguardingRow]
    acknowledgement_days: int

    @property
    def totals(self) -> SafeguardingRow:
        total = SafeguardingRow(raised_to="", label=_("Total"))
        for row in self.rows:
            total.awaiting += row.awaiting
            total.unacknowledged += row.unacknowledged
            total.overdue_acknowledgement += row.overdue_acknowledgement
            total.acknowledged += row.acknowledged
        return total


def safeguarding_awaiting_response(
    concerns: QuerySet, *, today: dt.date, organisation
) -> SafeguardingTable:
    """Concerns with no outcome yet, per body raised with: unacknowledged (and overdue) or acknowledged."""

    days = acknowledgement_days(organisation)
    cutoff = flag_cutoff(today, days)  # the safeguarding pages' own rule
    labels = nations.nation_choices("safeguarding.raised_to", RaisedTo.choices, organisation.nation)
    rows = {code: SafeguardingRow(raised_to=code, label=label) for code, label in labels}
    grouped = (
        concerns.filter(outcome="")
        .values("raised_to")
        .annotate(
            awaiting=Count("id"),
            unacknowledged=Count("id", filter=Q(acknowledged_on__isnull=True)),
            overdue=Count("id", filter=Q(acknowledged_on__isnull=True, raised_on__lt=cutoff)),
        )
        .order_by()
    )
    for item in grouped:
        row = rows.get(item["raised_to"])
        if row is None:
            continue
        row.awaiting = item["awaiting"]
        row.unacknowledged = item["unacknowledged"]
        row.overdue_acknowledgement = item["overdue"]
        row.acknowledged = item["awaiting"] - item["unacknowledged"]
    return SafeguardingTable(rows=list(rows.values()), acknowledgement_days=days)
