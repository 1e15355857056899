"""Overdue challenges for the dashboards: which, in what order, for whom, in one query."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from heard.challenges.dashboard import PANEL_LIMIT, overdue_challenges_panel
from heard.challenges.models import Challenge
from heard.challenges.presenters import ChallengeRow
from heard.challenges.selectors import overdue_challenges
from heard.organisations.models import Role
from tests.factories import CaseFactory, ChallengeFactory, MembershipFactory

TODAY = dt.date(2025, 4, 23)  # a Wednesday, just after Easter 2025


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


def challenge_due(organisation, due: dt.date, **kwargs) -> Challenge:
    return ChallengeFactory(
        organisation=organisation,
        raised_on=due - dt.timedelta(days=14),
        response_due_on=due,
        **kwargs,
    )


def test_overdue_means_open_and_due_before_today(organisation):
    """Due yesterday is overdue; due today is not yet; an answered challenge never is."""
    late = challenge_due(organisation, TODAY - dt.timedelta(days=1))
    challenge_due(organisation, TODAY)
    challenge_due(organisation, TODAY - dt.timedelta(days=9), outcome="no_response")
    assert list(overdue_challenges(organisation, today=TODAY)) == [late]
    assert late.is_overdue(TODAY)
    assert not late.is_overdue(late.response_due_on)


def test_overdue_counts_working_days_late(organisation):
    """Due the Thursday before Easter, on the Wednesday after it is 2 working days overdue."""
    row = ChallengeRow(challenge_due(organisation, dt.date(2025, 4, 17)), today=TODAY)
    assert row.lateness == "2 working days overdue"
    assert row.tag == ("Overdue", "red")


def test_my_overdue_challenges_are_on_my_cases_or_raised_by_me(organisation, advocate):
    """With a membership: cases allocated to them, or challenges they raised; most overdue first."""
    mine = CaseFactory(organisation=organisation, allocated_to=advocate)
    on_my_case = challenge_due(organisation, TODAY - dt.timedelta(days=2), case=mine)
    raised_by_me = challenge_due(
        organisation, TODAY - dt.timedelta(days=5), raised_by=advocate.user
    )
    challenge_due(organisation, TODAY - dt.timedelta(days=3))  # somebody else's
    rows = list(overdue_challenges(organisation, membership=advocate, today=TODAY))
    assert rows == [raised_by_me, on_my_case]
    assert rows[0].total == 2
    assert len(overdue_challenges(organisation, today=TODAY)) == 3


def test_another_organisations_challenges_never_show(organisation, other_organisation):
    """The selector is scoped to the organisation it is given."""
    challenge_due(other_organisation, TODAY - dt.timedelta(days=2))
    assert not overdue_challenges(organisation, today=TODAY).exists()


def test_restricted_cases_are_not_openable_for_others(organisation, advocate):
    """The panel marks a restricted case's challenge ``can_open=False`` for everyone but its own."""
    owner = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(organisation=organisation, is_restricted=True, allocated_to=owner)
    challenge_due(organisation, TODAY - dt.timedelta(days=2), case=case)
    [seen_by_other] = overdue_challenges(organisation, viewer=advocate, today=TODAY)
    [seen_by_owner] = overdue_challenges(organisation, membership=owner, today=TODAY)
    assert seen_by_other.can_open is False
    assert seen_by_owner.can_open is True
    assert ChallengeRow(seen_by_other, today=TODAY).person_label == "Restricted case"


@pytest.mark.parametrize("mine", [True, False])
def test_panel_is_one_query_and_counts_beyond_its_limit(organisation, advocate, mine):
    """The capped panel still knows the full total, from the same single query."""
    case = CaseFactory(organisation=organisation, allocated_to=advocate)
    for days in range(1, PANEL_LIMIT + 4):
        challenge_due(organisation, TODAY - dt.timedelta(days=days), case=case)
    request = RequestFactory().get("/")
    request.organisation, request.membership, request.user = organisation, advocate, advocate.user
    with CaptureQueriesContext(connection) as queries:
        context = overdue_challenges_panel(request, today=TODAY, mine=mine)
    assert len(queries.captured_queries) == 1
    panel = context["overdue_challenges"]
    assert (len(panel.rows), panel.total, panel.more) == (PANEL_LIMIT, PANEL_LIMIT + 3, 3)
    html = render_to_string("challenges/_overdue_panel.html", context)
    assert "Showing the 10 most overdue of 13." in html
    assert "See all overdue challenges" in html


def test_empty_panel_says_so(organisation, advocate):
    """No overdue challenges: a sentence, not an empty table."""
    request = RequestFactory().get("/")
    request.organisation, request.membership, request.user = organisation, advocate, advocate.user
    html = render_to_string(
        "challenges/_overdue_panel.html", overdue_challenges_panel(request, today=TODAY, mine=True)
    )
    assert "No challenges are overdue a response." in html
    assert "<table" not in html
