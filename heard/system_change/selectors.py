"""Reading the register: evidence counts, people affected over time, and growth.

Every figure is counted in the database from ``EvidenceLink`` rows, with a fixed
number of queries however many cases are linked:

* **evidence** — distinct cases linked to the system issue;
* **people affected** — distinct people whose cases are linked (one person may
  have several cases);
* **over time** — people *newly* affected per month: each person is counted
  once, in the month their earliest linked case was received
  (``Case.received_on``). Counting by referral date rather than by the date a
  case was tagged keeps the history true when old cases are tagged in bulk
  after a pattern is first recognised; the months add up to people affected;
* **growing** — more people newly affected in the last 90 days (the 90 days
  ending today) than in the 90 days before those.

docs/system-change.md explains these to managers.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from heard.casework.access import with_access
from heard.casework.models import Case

from .models import EvidenceLink, SystemIssue, SystemIssueStatus
from .summary import Identifiers

GROWTH_WINDOW_DAYS = 90
CHART_MONTHS = 12


class Trend(enum.Enum):
    GROWING = "growing"
    STEADY = "steady"
    SLOWING = "slowing"
    QUIET = "quiet"  # nobody newly affected in either window


@dataclass(frozen=True)
class Windows:
    """The two 90-day windows growth compares, both inclusive of their ends."""

    recent_start: dt.date
    recent_end: dt.date
    previous_start: dt.date
    previous_end: dt.date


def growth_windows(today: dt.date) -> Windows:
    recent_start = today - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1)
    previous_end = recent_start - dt.timedelta(days=1)
    return Windows(
        recent_start=recent_start,
        recent_end=today,
        previous_start=previous_end - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1),
        previous_end=previous_end,
    )


def trend_of(recent: int, previous: int) -> Trend:
    """Growing when more people were newly affected in the last 90 days than the 90 before."""
    if recent > previous:
        return Trend.GROWING
    if recent < previous:
        return Trend.SLOWING
    return Trend.STEADY if recent else Trend.QUIET


@dataclass(frozen=True)
class IssueCounts:
    cases: int = 0
    people: int = 0
    recent_people: int = 0  # newly affected in the last 90 days
    previous_people: int = 0  # newly affected in the 90 days before those

    @property
    def trend(self) -> Trend:
        return trend_of(self.recent_people, self.previous_people)


def first_for_person() -> Exists:
    """True for a link whose case is the person's earliest-received case linked to the issue.

    A person with two cases received on the same day has two "first" links; counting
    people distinctly still counts them once.
    """
    earlier = EvidenceLink.objects.filter(
        system_issue_id=OuterRef("system_issue_id"),
        case__person_id=OuterRef("case__person_id"),
        case__received_on__lt=OuterRef("case__received_on"),
    )
    return ~Exists(earlier)


def counts_by_issue(links: QuerySet, *, today: dt.date) -> dict[int, IssueCounts]:
    """``{system_issue_id: IssueCounts}`` for the issues ``links`` covers, in one grouped query."""
    windows = growth_windows(today)
    first = first_for_person()
    rows = (
        links.values("system_issue_id")
        .annotate(
            cases=Count("case_id", distinct=True),
            people=Count("case__person_id", distinct=True),
            recent=Count(
                "case__person_id",
                distinct=True,
                filter=first
                & Q(case__received_on__range=(windows.recent_start, windows.recent_end)),
            ),
            previous=Count(
                "case__person_id",
                distinct=True,
                filter=first
                & Q(case__received_on__range=(windows.previous_start, windows.previous_end)),
            ),
        )
        .order_by()
    )
    return {
        row["system_issue_id"]: IssueCounts(
            cases=row["cases"],
            people=row["people"],
            recent_people=row["recent"],
            previous_people=row["previous"],
        )
        for row in rows
    }


def counts_for(system_issue: SystemIssue, *, today: dt.date) -> IssueCounts:
    links = EvidenceLink.objects.filter(
        organisation_id=system_issue.organisation_id, system_issue=system_issue
    )
    return counts_by_issue(links, today=today).get(system_issue.pk, IssueCounts())


@dataclass(frozen=True)
class RegisterRow:
    system_issue: SystemIssue
    counts: IssueCounts


STATUS_FILTERS = {
    "current": [SystemIssueStatus.OPEN, SystemIssueStatus.PROPOSED],
    "open": [SystemIssueStatus.OPEN],
    "proposed": [SystemIssueStatus.PROPOSED],
    "closed": [SystemIssueStatus.CLOSED],
    "all": list(SystemIssueStatus),
}
STATUS_ORDER = {
    SystemIssueStatus.OPEN: 0,
    SystemIssueStatus.PROPOSED: 1,
    SystemIssueStatus.CLOSED: 2,
}


def register(
    issues: QuerySet,
    links: QuerySet,
    *,
    today: dt.date,
    status: str = "current",
    growing_only: bool = False,
) -> list[RegisterRow]:
    """The register: system issues with their counts, open first, then by title. Two queries.

    An organisation has tens of system issues, not thousands, so the list is not paged
    and the growth filter (which needs the counts) runs here.
    """
    issues = issues.filter(status__in=STATUS_FILTERS.get(status, STATUS_FILTERS["current"]))
    issue_list = list(issues.order_by("title", "id"))
    counts = counts_by_issue(links.filter(system_issue__in=issues), today=today)
    rows = [RegisterRow(issue, counts.get(issue.pk, IssueCounts())) for issue in issue_list]
    if growing_only:
        rows = [row for row in rows if row.counts.trend is Trend.GROWING]
    rows.sort(key=lambda row: STATUS_ORDER[row.system_issue.status])
    return rows


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    new_people: int
    total_people: int


@dataclass(frozen=True)
class PeopleOverTime:
    earlier: int  # newly affected before the first month shown
    months: list[MonthRow]

    @property
    def first_month(self) -> dt.date | None:
        return self.months[0].month if self.months else None


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def people_over_time(
    system_issue: SystemIssue, links: QuerySet, *, today: dt.date, months: int = CHART_MONTHS
) -> PeopleOverTime:
    """People newly affected in each of the last ``months`` months, with running totals. One query."""
    per_month = (
        links.filter(system_issue=system_issue)
        .filter(first_for_person())
        .annotate(month=TruncMonth("case__received_on"))
        .values("month")
        .annotate(people=Count("case__person_id", distinct=True))
        .order_by("month")
    )
    counted = {_as_date(row["month"]): row["people"] for row in per_month}
    first_shown = add_months(month_start(today), -(months - 1))
    earlier = sum(people for month, people in counted.items() if month < first_shown)
    total = earlier
    rows = []
    for offset in range(months):
        month = add_months(first_shown, offset)
        new = counted.get(month, 0)
        total += new
        rows.append(MonthRow(month=month, new_people=new, total_people=total))
    return PeopleOverTime(earlier=earlier, months=rows)


def _as_date(value) -> dt.date:
    # TruncMonth of a DateField is a date; some database backends hand back a datetime.
    return value.date() if isinstance(value, dt.datetime) else value


def evidence_cases(cases: QuerySet, links: QuerySet, system_issue: SystemIssue, membership):
    """The cases evidencing ``system_issue``, each with ``can_open`` and its links prefetched.

    ``can_open`` is the case access function's answer (``with_access``), so a restricted
    case the viewer may not open can be shown as a placeholder.
    """
    issue_links = (
        links.filter(system_issue=system_issue)
        .select_related("issue", "challenge", "linked_by")
        .order_by("linked_at", "id")
    )
    return (
        with_access(
            cases.filter(pk__in=issue_links.values("case_id")).select_related("person"),
            membership,
        )
        .prefetch_related(Prefetch("system_issue_links", queryset=issue_links, to_attr="links"))
        .order_by("-received_on", "-id")
    )


def actions_for(actions: QuerySet, system_issue: SystemIssue) -> QuerySet:
    return actions.filter(system_issue=system_issue).select_related("owner__user")


def open_issues_for_tagging(issues: QuerySet) -> QuerySet:
    """Issues a case can be tagged to: open ones, and proposals awaiting review (to avoid duplicates)."""
    return issues.filter(status__in=[SystemIssueStatus.OPEN, SystemIssueStatus.PROPOSED]).order_by(
        "status", "title", "id"
    )


def case_links(links: QuerySet, case: Case) -> QuerySet:
    """The system issues a case is already evidence for, for the tagging page."""
    return links.filter(case=case).select_related("system_issue", "issue").order_by("linked_at")


def identifiers_for(system_issue: SystemIssue) -> Identifiers:
    """Names, references and dates of birth of the people behind the issue's evidence. One query."""
    rows = (
        EvidenceLink.objects.filter(
            organisation_id=system_issue.organisation_id, system_issue=system_issue
        )
        .values_list(
            "case__reference",
            "case__person__reference",
            "case__person__first_name",
            "case__person__last_name",
            "case__person__preferred_name",
            "case__person__date_of_birth",
        )
        .distinct()
    )
    names, references, dates = set(), set(), set()
    for case_ref, person_ref, first, last, preferred, born in rows:
        references.update({case_ref, person_ref})
        names.update(name for name in (first, last, preferred) if name)
        names.update(f"{given} {last}" for given in (first, preferred) if given and last)
        if born:
            dates.add(born)
    return Identifiers(
        names=frozenset(names), references=frozenset(references), dates_of_birth=frozenset(dates)
    )
