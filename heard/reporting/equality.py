"""Equality insight: who the people reached are, against the local population.

Builds ``Table`` objects (so suppression, the page and exports treat them like any
measure) from ``measures`` querysets and ``disproportionality`` arithmetic.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from heard.core.replica import reading_from_replica
from heard.people import equality as categories

from . import census, measures
from .disproportionality import OVER, UNDER, age_standardised_expected, compare
from .tables import PERCENT, TOTAL, Column, Completeness, Row, Table

RATIO = "ratio"
TEXT = "text"
UNANSWERED = "unanswered"
DECISION_KEYS = ("accept", "decline", "signpost")


def _pc(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ratio(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def population_for(scope) -> census.Population:
    areas = sorted({code for service in scope.services for code in service.local_authority_areas})
    nation = getattr(scope.organisation, "nation", "england")
    return census.for_service_areas(areas, nation)


def reached_by_group_and_age(scope) -> tuple[dict[str, int], dict[str, int], int]:
    """People reached: by ethnic group (known groups), by age band (of those with a known
    group), and everyone reached (for completeness)."""
    rows = (
        measures.people_reached(scope)
        .annotate(
            group=measures.ethnic_group_expression(), band=measures.age_band_expression(scope.end)
        )
        .order_by()
        .values("group", "band")
        .annotate(n=Count("pk"))
    )
    by_group: dict[str, int] = {}
    by_age: dict[str, int] = {}
    everyone = 0
    for row in rows:
        everyone += row["n"]
        if row["group"] in categories.ETHNIC_GROUPS:
            by_group[row["group"]] = by_group.get(row["group"], 0) + row["n"]
            if row["band"] != measures.NOT_ANSWERED:
                by_age[row["band"]] = by_age.get(row["band"], 0) + row["n"]
    return by_group, by_age, everyone


COMPARISON_COLUMNS = [
    Column("people", "People"),
    Column("share", "Share %", PERCENT),
    Column("low", "95% interval from %", PERCENT),
    Column("high", "95% interval to %", PERCENT),
    Column("expected", "Population %", PERCENT),
    Column("ratio", "Ratio", RATIO),
    Column("flag", "Compared with the population", TEXT),
]


def _columns() -> list[Column]:
    labels = [
        _("People"),
        _("Share %"),
        _("95% interval from %"),
        _("95% interval to %"),
        _("Population %"),
        _("Ratio"),
        _("Compared with the population"),
    ]
    return [
        Column(c.key, str(label), c.kind)
        for c, label in zip(COMPARISON_COLUMNS, labels, strict=True)
    ]


def flag_text(flag: str, flaggable: bool) -> str:
    if not flaggable:
        return str(_("Not flagged: all-ages comparison"))
    return {
        UNDER: str(_("Under-represented")),
        OVER: str(_("Over-represented")),
    }.get(flag, str(_("Within the expected range")))


def ethnic_group_comparison(scope) -> Table:
    population = population_for(scope)
    by_group, by_age, everyone = reached_by_group_and_age(scope)
    expected = None
    if population.by_age:
        expected = age_standardised_expected(by_age, population.by_age)
    like_for_like = expected is not None
    comparisons = compare(by_group, expected or population.shares, like_for_like=like_for_like)
    labels = categories.ETHNIC_GROUPS
    rows = []
    for item in comparisons:
        base = item.known
        rows.append(
            Row(
                item.group,
                str(labels.get(item.group, item.group)),
                {
                    "people": item.people,
                    "share": _pc(item.share),
                    "low": _pc(item.low),
                    "high": _pc(item.high),
                    "expected": _pc(item.expected),
                    "ratio": _ratio(item.ratio),
                    "flag": flag_text(item.flag, item.flaggable) if base else None,
                },
                bases={"share": base, "low": base, "high": base, "ratio": base, "flag": base},
            )
        )
    known = sum(by_group.values())
    rows.append(
        Row(
            UNANSWERED,
            str(_("Prefer not to say or not answered")),
            {"people": everyone - known},
        )
    )
    rows.append(Row(TOTAL, str(_("Everyone reached")), {"people": everyone}, is_total=True))
    if like_for_like:
        basis = _("Compared with %(population)s, standardised for the ages of the people reached.")
    else:
        basis = _(
            "Compared with %(population)s. Only all-ages figures are loaded: the people reached "
            "may be older or younger than the population, so no group is flagged."
        )
    note = (
        str(basis % {"population": population.description})
        + " "
        + str(_("Shares are of the people whose ethnic group is known."))
    )
    return Table(
        "equality_ethnic_group_comparison",
        str(_("Ethnic group of the people reached, against the population")),
        _columns(),
        rows,
        note=note,
        completeness=Completeness(
            str(_("Known for %(answered)s of %(total)s people reached")),
            answered=tuple((item.group, "people") for item in comparisons),
            unanswered=((UNANSWERED, "people"),),
            total=((TOTAL, "people"),),
        ),
    )


def outcomes_by_ethnic_group(scope) -> Table:
    """Issue outcomes recorded in the period, by the person's ethnic group."""
    rows_found = (
        measures.issue_outcomes_recorded(scope)
        .annotate(group=measures.ethnic_group_expression("case__person__"))
        .order_by()
        .values("group", "outcome")
        .annotate(n=Count("pk"))
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows_found:
        table.setdefault(row["group"], {})[row["outcome"]] = row["n"]
    order = [
        *categories.ETHNIC_GROUPS.items(),
        (categories.PREFER_NOT, _("Prefer not to say")),
        (measures.NOT_ANSWERED, _("Not answered")),
    ]
    rows = []
    for code, label in order:
        found = table.get(code, {})
        total = sum(found.values())
        achieved = found.get("achieved", 0)
        rows.append(
            Row(
                code,
                str(label),
                {
                    "outcomes": total,
                    "achieved": achieved,
                    "partly_achieved": found.get("partly_achieved", 0),
                    "not_achieved": found.get("not_achieved", 0),
                    "achieved_share": _pc(achieved / total) if total else None,
                },
                bases={"achieved_share": total},
            )
        )
    return Table(
        "equality_outcomes_by_ethnic_group",
        str(_("Issue outcomes by ethnic group")),
        [
            Column("outcomes", str(_("Outcomes recorded"))),
            Column("achieved", str(_("Achieved"))),
            Column("partly_achieved", str(_("Partly achieved"))),
            Column("not_achieved", str(_("Not achieved"))),
            Column("achieved_share", str(_("% achieved")), PERCENT),
        ],
        rows,
        additive=False,
        note=str(
            _("Withdrawn issues are counted in the outcomes recorded but not in the columns.")
        ),
        completeness=Completeness(
            str(_("Ethnic group known for %(answered)s of %(total)s outcomes recorded")),
            answered=tuple((code, "outcomes") for code in categories.ETHNIC_GROUPS),
            unanswered=(
                (categories.PREFER_NOT, "outcomes"),
                (measures.NOT_ANSWERED, "outcomes"),
            ),
        ),
    )


def decisions_by_ethnic_group(scope) -> Table:
    """Triage decisions made in the period, by the ethnic group given at referral.

    The referral's own answers, not the person's: a declined referral never has a person,
    so only what was asked at referral can compare who is accepted with who is declined.
    """
    decisions = measures.triage_decisions_made(scope)
    found = (
        decisions.annotate(group=measures.ethnic_group_expression("referral__"))
        .order_by()
        .values("group", "decision")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in found:
        counts.setdefault(row["group"], {})[row["decision"]] = row["n"]
    order = [
        *categories.ETHNIC_GROUPS.items(),
        (categories.PREFER_NOT, _("Prefer not to say")),
        (measures.NOT_ANSWERED, _("Not answered")),
    ]
    rows = [
        Row(
            code,
            str(label),
            {
                "accept": counts.get(code, {}).get("accept", 0),
                "decline": counts.get(code, {}).get("decline", 0),
                "signpost": counts.get(code, {}).get("signpost", 0),
            },
        )
        for code, label in order
    ]
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {key: sum(r.values[key] for r in rows) for key in DECISION_KEYS},
            is_total=True,
        )
    )
    return Table(
        "equality_decisions_by_ethnic_group",
        str(_("Triage decisions by ethnic group")),
        [
            Column("accept", str(_("Accepted"))),
            Column("decline", str(_("Declined"))),
            Column("signpost", str(_("Signposted"))),
        ],
        rows,
        note=str(
            _(
                "By the ethnic group given when the person was referred (the equality questions "
                "on the referral form), for every decision made in the period."
            )
        ),
        completeness=Completeness(
            str(_("Ethnic group given at referral for %(answered)s of %(total)s decisions")),
            answered=tuple(
                (code, column) for code in categories.ETHNIC_GROUPS for column in DECISION_KEYS
            ),
            unanswered=tuple(
                (code, column)
                for code in (categories.PREFER_NOT, measures.NOT_ANSWERED)
                for column in DECISION_KEYS
            ),
            total=tuple((TOTAL, column) for column in DECISION_KEYS),
        ),
    )


@reading_from_replica()
def equality_tables(scope) -> list[Table]:
    return [
        ethnic_group_comparison(scope),
        measures.equality_table(scope, "age_band"),
        measures.equality_table(scope, "sex"),
        measures.equality_table(scope, "disability"),
        measures.equality_table(scope, "religion"),
        outcomes_by_ethnic_group(scope),
        decisions_by_ethnic_group(scope),
    ]
