"""People affected over time, and which system issues are growing, with a fixed today."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.system_change.models import EvidenceLink
from heard.system_change.selectors import (
    IssueCounts,
    Trend,
    counts_by_issue,
    counts_for,
    growth_windows,
    people_over_time,
    register,
    trend_of,
)
from tests.factories import CaseFactory, PersonFactory, SystemIssueFactory, UserFactory

TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def linker(db):
    return UserFactory()


def evidence(system_issue, *, received_on, person=None, linker, linked_at=None):
    """Link a new case received on ``received_on`` (for ``person``, or a new one)."""
    organisation = system_issue.organisation
    case = CaseFactory(
        organisation=organisation,
        person=person or PersonFactory(organisation=organisation),
        received_on=received_on,
    )
    return EvidenceLink.objects.create(
        organisation=organisation,
        system_issue=system_issue,
        case=case,
        linked_by=linker,
        linked_at=linked_at or timezone.now(),
    )


def test_the_two_windows_are_the_90_days_ending_today_and_the_90_before():
    """Last 90 days: 20 Feb to 20 May 2026; the 90 before: 22 Nov 2025 to 19 Feb 2026."""
    windows = growth_windows(TODAY)
    assert (windows.recent_start, windows.recent_end) == (dt.date(2026, 2, 20), TODAY)
    assert (windows.previous_start, windows.previous_end) == (
        dt.date(2025, 11, 22),
        dt.date(2026, 2, 19),
    )
    assert (windows.recent_end - windows.recent_start).days + 1 == 90
    assert (windows.previous_end - windows.previous_start).days + 1 == 90


@pytest.mark.parametrize(
    ("recent", "previous", "trend"),
    [
        (3, 2, Trend.GROWING),
        (1, 0, Trend.GROWING),
        (2, 2, Trend.STEADY),
        (0, 4, Trend.SLOWING),
        (0, 0, Trend.QUIET),
    ],
)
def test_growing_means_more_new_people_lately_than_before(recent, previous, trend):
    """Strictly more people newly affected in the last 90 days than in the 90 before is growing."""
    assert trend_of(recent, previous) is trend
    assert IssueCounts(recent_people=recent, previous_people=previous).trend is trend


def test_windows_count_people_by_the_referral_date_of_their_case(organisation, linker):
    """Cases on each side of the window edges land in the right window; older ones in neither."""
    system_issue = SystemIssueFactory(organisation=organisation)
    for received in [TODAY, dt.date(2026, 2, 20), dt.date(2026, 3, 1)]:
        evidence(system_issue, received_on=received, linker=linker)
    for received in [dt.date(2026, 2, 19), dt.date(2025, 11, 22)]:
        evidence(system_issue, received_on=received, linker=linker)
    evidence(system_issue, received_on=dt.date(2025, 11, 21), linker=linker)
    counts = counts_for(system_issue, today=TODAY)
    assert (counts.cases, counts.people, counts.recent_people, counts.previous_people) == (
        6,
        6,
        3,
        2,
    )
    assert counts.trend is Trend.GROWING


def test_a_person_already_affected_earlier_is_not_newly_affected_again(organisation, linker):
    """A new case for someone whose earlier case is already evidence does not make the issue grow."""
    system_issue = SystemIssueFactory(organisation=organisation)
    person = PersonFactory(organisation=organisation)
    evidence(system_issue, received_on=dt.date(2026, 1, 10), person=person, linker=linker)
    evidence(system_issue, received_on=dt.date(2026, 4, 10), person=person, linker=linker)
    counts = counts_for(system_issue, today=TODAY)
    assert (counts.people, counts.recent_people, counts.previous_people) == (1, 0, 1)
    assert counts.trend is Trend.SLOWING


def test_tagging_old_cases_today_does_not_make_an_issue_grow(organisation, linker):
    """Growth follows when people were referred, not when their cases were tagged."""
    system_issue = SystemIssueFactory(organisation=organisation)
    for _ in range(4):
        evidence(
            system_issue,
            received_on=dt.date(2025, 12, 1),
            linker=linker,
            linked_at=timezone.make_aware(dt.datetime(2026, 5, 19, 12)),
        )
    counts = counts_for(system_issue, today=TODAY)
    assert (counts.recent_people, counts.previous_people) == (0, 4)
    assert counts.trend is Trend.SLOWING


def test_counts_for_several_issues_come_from_one_query(
    organisation, linker, django_assert_num_queries
):
    """The register's counts for every issue are one grouped query."""
    issues = [SystemIssueFactory(organisation=organisation) for _ in range(3)]
    for index, system_issue in enumerate(issues):
        for _ in range(index + 1):
            evidence(system_issue, received_on=dt.date(2026, 5, 1), linker=linker)
    with django_assert_num_queries(1):
        counts = counts_by_issue(
            EvidenceLink.objects.filter(organisation=organisation), today=TODAY
        )
    assert [counts[issue.pk].people for issue in issues] == [1, 2, 3]


def test_people_over_time_counts_each_person_once_in_their_first_month(organisation, linker):
    """Months run to this month; each person counts in the month of their earliest case."""
    system_issue = SystemIssueFactory(organisation=organisation)
    twice = PersonFactory(organisation=organisation)
    evidence(system_issue, received_on=dt.date(2026, 3, 3), person=twice, linker=linker)
    evidence(system_issue, received_on=dt.date(2026, 5, 2), person=twice, linker=linker)
    evidence(system_issue, received_on=dt.date(2026, 3, 31), linker=linker)
    evidence(system_issue, received_on=dt.date(2026, 5, 20), linker=linker)
    evidence(system_issue, received_on=dt.date(2024, 1, 5), linker=linker)
    over_time = people_over_time(
        system_issue, EvidenceLink.objects.filter(organisation=organisation), today=TODAY
    )
    months = {row.month: (row.new_people, row.total_people) for row in over_time.months}
    assert len(over_time.months) == 12
    assert over_time.months[0].month == dt.date(2025, 6, 1)
    assert over_time.months[-1].month == dt.date(2026, 5, 1)
    assert over_time.earlier == 1
    assert months[dt.date(2026, 3, 1)] == (2, 3)
    assert months[dt.date(2026, 4, 1)] == (0, 3)
    assert months[dt.date(2026, 5, 1)] == (1, 4)
    assert over_time.months[-1].total_people == counts_for(system_issue, today=TODAY).people


def test_register_marks_and_filters_growing_issues(organisation, linker):
    """The register can be narrowed to the issues that are growing."""
    growing = SystemIssueFactory(organisation=organisation, title="Growing one")
    slowing = SystemIssueFactory(organisation=organisation, title="Slowing one")
    evidence(growing, received_on=dt.date(2026, 5, 1), linker=linker)
    evidence(slowing, received_on=dt.date(2026, 1, 1), linker=linker)
    issues = growing.__class__.objects.filter(organisation=organisation)
    links = EvidenceLink.objects.filter(organisation=organisation)
    rows = register(issues, links, today=TODAY)
    assert [(row.system_issue.title, row.counts.trend) for row in rows] == [
        ("Growing one", Trend.GROWING),
        ("Slowing one", Trend.SLOWING),
    ]
    only = register(issues, links, today=TODAY, growing_only=True)
    assert [row.system_issue.title for row in only] == ["Growing one"]
