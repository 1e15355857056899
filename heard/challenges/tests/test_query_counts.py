"""The challenge list and export cost the same queries at 10 and 1,000 challenges."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.challenges.models import Challenge
from heard.core import tenant_db
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, UserFactory


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_challenges(organisation, cases, user, count: int) -> None:
    """``count`` challenges over the cases: a mix of overdue, open and answered."""
    today = timezone.localdate()
    Challenge.objects.bulk_create(
        Challenge(
            organisation=organisation,
            case=cases[n % len(cases)],
            level=n % 4 + 1,
            challenged_organisation=f"Council {n}",
            subject="decision",
            summary="Summary",
            raised_on=today - dt.timedelta(days=100),
            response_due_on=today + dt.timedelta(days=20 - (n * 9) % 90),
            outcome="not_upheld" if n % 3 == 0 else "",
            answered_on=today - dt.timedelta(days=1) if n % 3 == 0 else None,
            raised_by=user,
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/challenges/",
        "/challenges/?show=overdue",
        "/challenges/?after=1.2000-01-01.1",
        "/challenges/export/",
    ],
)
def test_constant_queries_from_10_to_1000(manager_client, organisation, url):
    """Rows, restricted-case access and counts are SQL, so 1,000 challenges cost what 10 do."""
    owner = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    cases = [CaseFactory(organisation=organisation) for _ in range(3)]
    cases.append(CaseFactory(organisation=organisation, is_restricted=True, allocated_to=owner))
    user = UserFactory()
    add_challenges(organisation, cases, user, 10)
    manager_client.get("/")  # the first request of a session also stores the current organisation
    small = queries_for(manager_client, url)
    add_challenges(organisation, cases, user, 990)
    large = queries_for(manager_client, url)
    assert small == large
    assert large <= 9 + tenant_db.statements_per_request()
