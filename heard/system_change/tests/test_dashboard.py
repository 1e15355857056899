"""The system-change dashboard: challenges by level and outcome, safeguarding awaiting a
response, and system issues with their evidence and trend."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.challenges.models import Challenge
from heard.core.working_days import working_days_between
from heard.safeguarding.flags import flag_cutoff
from heard.safeguarding.models import SafeguardingConcern
from heard.system_change import dashboard
from tests.factories import CaseFactory, EvidenceLinkFactory, SystemIssueFactory, UserFactory

TODAY = dt.date(2026, 5, 20)


def challenge(organisation, *, level=1, outcome="", raised_on=TODAY, due=None):
    return Challenge.objects.create(
        organisation=organisation,
        case=CaseFactory(organisation=organisation),
        level=level,
        challenged_organisation="Leeds City Council",
        subject="decision",
        summary="The council decided without involving the person.",
        raised_on=raised_on,
        response_due_on=due or raised_on + dt.timedelta(days=20),
        answered_on=raised_on if outcome in {"upheld", "partly_upheld", "not_upheld"} else None,
        outcome=outcome,
        raised_by=UserFactory(),
    )


def concern(
    organisation, *, raised_to="local_authority", raised_on=TODAY, acknowledged_on=None, outcome=""
):
    return SafeguardingConcern.objects.create(
        organisation=organisation,
        about_organisation="Sunny Lodge care home",
        summary="Bruising seen on a visit.",
        abuse_types=["physical"],
        raised_to=raised_to,
        raised_on=raised_on,
        acknowledged_on=acknowledged_on,
        outcome=outcome,
        raised_by=UserFactory(),
    )


def test_challenges_by_level_and_outcome(organisation, other_organisation):
    """Open and overdue per level; outcomes of challenges raised in the last 12 months."""
    challenge(organisation, level=1)
    challenge(
        organisation,
        level=1,
        raised_on=TODAY - dt.timedelta(days=40),
        due=TODAY - dt.timedelta(days=10),
    )
    challenge(organisation, level=2, outcome="upheld", raised_on=TODAY - dt.timedelta(days=30))
    challenge(organisation, level=2, outcome="not_upheld", raised_on=TODAY - dt.timedelta(days=400))
    challenge(other_organisation, level=1)
    table = dashboard.challenges_by_level_and_outcome(
        Challenge.objects.filter(organisation=organisation), today=TODAY
    )
    level_1, level_2 = table.rows[0], table.rows[1]
    assert (level_1.open, level_1.overdue) == (2, 1)
    assert (level_2.open, level_2.outcomes["upheld"], level_2.outcomes["not_upheld"]) == (0, 1, 0)
    assert (table.total_open, table.total_overdue) == (2, 1)
    assert table.rows[0].label == "Level 1: informal challenge"


def test_safeguarding_awaiting_a_response(organisation):
    """Concerns without an outcome, split into unacknowledged (and overdue) and acknowledged."""
    organisation.settings = {"safeguarding_acknowledgement_days": 2}
    organisation.save()
    concern(organisation)
    concern(organisation, raised_on=TODAY - dt.timedelta(days=14))
    concern(organisation, raised_to="cqc", acknowledged_on=TODAY)
    concern(organisation, raised_to="police", outcome="no_further_action", acknowledged_on=TODAY)
    table = dashboard.safeguarding_awaiting_response(
        SafeguardingConcern.objects.filter(organisation=organisation),
        today=TODAY,
        organisation=organisation,
    )
    by_body = {row.raised_to: row for row in table.rows}
    local = by_body["local_authority"]
    assert (local.awaiting, local.unacknowledged, local.overdue_acknowledgement) == (2, 2, 1)
    assert (by_body["cqc"].awaiting, by_body["cqc"].acknowledged) == (1, 1)
    assert by_body["police"].awaiting == 0
    assert table.totals.awaiting == 3
    assert table.acknowledgement_days == 2


@pytest.mark.parametrize("days", [1, 2, 5])
def test_the_acknowledgement_cutoff_matches_counting_working_days(days):
    """Raised before the cutoff exactly when more than ``days`` working days have passed."""
    cutoff = flag_cutoff(TODAY, days)
    for back in range(0, 30):
        raised = TODAY - dt.timedelta(days=back)
        assert (raised < cutoff) == (working_days_between(raised, TODAY) > days), raised


def test_dashboard_page_shows_all_three_panels(manager_client, organisation):
    """Managers see challenges, safeguarding and open system issues with the chart and table."""
    challenge(organisation, raised_on=timezone.localdate())
    concern(organisation, raised_on=timezone.localdate())
    system_issue = SystemIssueFactory(organisation=organisation, title="Delayed discharges")
    EvidenceLinkFactory(system_issue=system_issue)
    SystemIssueFactory(organisation=organisation, title="A proposal", status="proposed")
    body = manager_client.get("/system-issues/dashboard/").content.decode()
    assert "Challenges by level and outcome" in body
    assert "Safeguarding concerns awaiting a response" in body
    assert "Delayed discharges" in body
    assert 'role="img"' in body and "Open system issues: evidence and trend" in body
    assert "1 proposed system issue</a> awaiting review" in body
    assert "A proposal" not in body


def test_panels_are_left_out_when_their_app_is_not_installed(manager_client, monkeypatch):
    """Without the challenges and safeguarding apps the dashboard still works."""
    monkeypatch.setattr(dashboard, "available", lambda app: False)
    response = manager_client.get("/system-issues/dashboard/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Challenges by level and outcome" not in body
    assert "Safeguarding concerns awaiting a response" not in body
    assert "Open system issues" in body
