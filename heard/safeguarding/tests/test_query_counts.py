"""The safeguarding list, export and dashboard panel cost the same at 10 and 1,000 concerns."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.organisations.models import Role
from heard.safeguarding.dashboard import awaiting_acknowledgement_panel
from heard.safeguarding.models import SafeguardingConcern
from tests.factories import CaseFactory, MembershipFactory, UserFactory


def add_concerns(organisation, cases, user, count: int) -> None:
    """``count`` concerns: from cases (one restricted) and about organisations; some answered."""
    today = timezone.localdate()
    SafeguardingConcern.objects.bulk_create(
        SafeguardingConcern(
            organisation=organisation,
            case=cases[n % len(cases)] if n % 2 else None,
            about_organisation="" if n % 2 else f"Care home {n}",
            summary="Summary",
            abuse_types=["neglect"],
            raised_to="local_authority",
            raised_on=today - dt.timedelta(days=n % 30),
            acknowledged_on=today if n % 3 == 0 else None,
            raised_by=user,
        )
        for n in range(count)
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/safeguarding/", "/safeguarding/?show=flagged", "/safeguarding/export/"]
)
def test_constant_queries_from_10_to_1000(manager_client, organisation, url):
    """Flags, counts and restricted-case access are SQL: 1,000 concerns cost what 10 do."""
    owner = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    cases = [
        CaseFactory(organisation=organisation),
        CaseFactory(organisation=organisation, is_restricted=True, allocated_to=owner),
    ]
    user = UserFactory()
    add_concerns(organisation, cases, user, 10)
    manager_client.get("/")
    small = queries_for(manager_client, url)
    add_concerns(organisation, cases, user, 990)
    large = queries_for(manager_client, url)
    assert small == large
    assert large <= 8


@pytest.mark.parametrize("mine", [True, False])
def test_dashboard_panel_is_one_query(organisation, mine):
    """The panel's rows, total and flagged count come from one query, at any size."""
    membership = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    add_concerns(organisation, [CaseFactory(organisation=organisation)], membership.user, 300)
    request = RequestFactory().get("/")
    request.organisation, request.membership, request.user = (
        organisation,
        membership,
        membership.user,
    )
    organisation.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        context = awaiting_acknowledgement_panel(request, today=timezone.localdate(), mine=mine)
    assert len(queries.captured_queries) == 1
    panel = context["safeguarding_awaiting"]
    awaiting = SafeguardingConcern.objects.filter(acknowledged_on__isnull=True).count()
    assert panel.total == awaiting
    assert len(panel.rows) == 10
    assert 0 < panel.flagged < panel.total
    html = render_to_string("safeguarding/_awaiting_panel.html", context)
    assert f"<strong>{panel.flagged} not acknowledged in time</strong> of {awaiting}" in html
