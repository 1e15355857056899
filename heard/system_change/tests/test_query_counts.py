"""The register, a system issue's page and the dashboard cost the same queries at 10 and
1,000 linked cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.casework.models import Case, Status
from heard.core import tenant_db
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.system_change.models import EvidenceLink
from tests.factories import (
    IssueFactory,
    ServiceFactory,
    SystemIssueActionFactory,
    SystemIssueFactory,
    UserFactory,
)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def link_cases(organisation, system_issues, count: int, *, restricted_every: int = 7) -> None:
    """``count`` new cases, spread over the issues and the last 300 days, some restricted."""
    today = timezone.localdate()
    service = ServiceFactory(organisation=organisation)
    user = UserFactory()
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{number:06d}",
            first_name=f"Person{number}",
            last_name="Evidence",
        )
        for number in reserve(organisation, "person_sequence", count)
    )
    numbers = reserve(organisation, "case_sequence", count)
    cases = Case.objects.bulk_create(
        Case(
            organisation=organisation,
            reference=f"C{number:06d}",
            person=person,
            service=service,
            advocacy_type="care_act",
            received_on=today - dt.timedelta(days=number % 300),
            status=Status.ACTIVE,
            is_restricted=number % restricted_every == 0,
        )
        for person, number in zip(people, numbers, strict=True)
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            organisation=organisation,
            system_issue=system_issues[index % len(system_issues)],
            case=case,
            linked_by=user,
            linked_at=timezone.now(),
        )
        for index, case in enumerate(cases)
    )


@pytest.fixture
def register_data(organisation):
    issues = [SystemIssueFactory(organisation=organisation) for _ in range(3)]
    for system_issue in issues:
        SystemIssueActionFactory(system_issue=system_issue)
    return issues


# Session, user and memberships are 3 of each; then what the page itself reads:
# register: issues, counts. Detail: issue, counts, months, evidence count and page,
# their links, actions, themes heard in engagement sessions. Dashboard: challenges, safeguarding, issues, counts, proposals.
@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/system-issues/", 5),
        ("/system-issues/?growing=on", 5),
        ("/system-issues/{first}/", 11),
        ("/system-issues/{first}/?page=2", 11),
        ("/system-issues/dashboard/", 8),
    ],
)
def test_constant_queries_from_10_to_1000_linked_cases(
    manager_client, organisation, register_data, url, most
):
    """Counts are grouped queries and evidence is paged, so 1,000 linked cases cost what 10 do."""
    url = url.format(first=register_data[0].pk)
    link_cases(organisation, register_data, 10)
    IssueFactory(case=Case.objects.filter(organisation=organisation).first())
    manager_client.get("/")  # the first request of a session also stores the current organisation
    small = queries_for(manager_client, url.replace("page=2", "page=1"))
    link_cases(organisation, register_data, 990)
    large = queries_for(manager_client, url)
    assert small == large
    assert large <= most + tenant_db.statements_per_request()
