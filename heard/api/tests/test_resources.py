"""The v1 resources: the pages' permissions, restricted cases, services and audit, over HTTP."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.api.tests.factories import ApiTokenFactory
from heard.audit.models import AuditEvent
from heard.casework.models import Activity, Issue, Task
from heard.organisations.models import Role
from heard.referrals.models import Referral
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    ChallengeFactory,
    IssueFactory,
    MembershipFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
    SystemIssueFactory,
    TaskFactory,
)

API = "/api/v1"


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER)


@pytest.fixture
def api(member):
    token = ApiTokenFactory(organisation=member.organisation, user=member.user)
    client = Client(headers={"Authorization": f"Bearer {token.secret}"})
    client.token = token
    return client


@pytest.fixture
def case(organisation):
    return CaseFactory(organisation=organisation)


@pytest.fixture
def restricted_case(organisation):
    """Restricted, allocated to another advocate: the member sees only its placeholder."""
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    return CaseFactory(organisation=organisation, is_restricted=True, allocated_to=advocate)


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("referrals", lambda org, case: ReferralFactory(organisation=org)),
        ("cases", lambda org, case: case),
        ("issues", lambda org, case: IssueFactory(case=case)),
        ("activities", lambda org, case: ActivityFactory(case=case)),
        ("tasks", lambda org, case: TaskFactory(case=case)),
        ("challenges", lambda org, case: ChallengeFactory(case=case, organisation=org)),
        (
            "safeguarding-concerns",
            lambda org, case: SafeguardingConcernFactory(case=case, organisation=org),
        ),
        ("system-issues", lambda org, case: SystemIssueFactory(organisation=org)),
    ],
)
def test_each_resource_lists_and_opens_with_an_audited_read(api, organisation, case, path, make):
    record = make(organisation, case)
    listed = api.get(f"{API}/{path}/")
    assert listed.status_code == 200, listed.content
    assert record.pk in [row["id"] for row in listed.json()["results"]]
    assert AuditEvent.objects.filter(target_id=str(record.pk), is_access=True).exists()
    opened = api.get(f"{API}/{path}/{record.pk}/")
    assert opened.status_code == 200
    assert opened.json()["id"] == record.pk
    assert AuditEvent.objects.filter(target_id=str(record.pk), is_access=True).count() == 2


def test_a_case_shows_its_status_history(api, case):
    body = api.get(f"{API}/cases/{case.pk}/").json()
    assert body["restricted_placeholder"] is False
    assert [row["status"] for row in body["status_history"]] == ["waiting"]
    assert body["person"] == case.person_id


def test_a_restricted_case_lists_as_a_placeholder_and_opening_it_is_refused(api, restricted_case):
    ActivityFactory(case=restricted_case, note="Private words")
    [row] = api.get(f"{API}/cases/").json()["results"]
    assert row["reference"] == restricted_case.reference
    assert row["restricted_placeholder"] is True
    assert row["person"] is None and row["status_history"] == []
    refused = api.get(f"{API}/cases/{restricted_case.pk}/")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert AuditEvent.objects.filter(event_type="case.restricted_access_refused").count() == 1
    assert api.get(f"{API}/activities/").json()["results"] == []
    assert "Private words" not in api.get(f"{API}/activities/").content.decode()


def test_the_cases_advocate_opens_a_restricted_case(restricted_case):
    token = ApiTokenFactory(
        organisation=restricted_case.organisation, user=restricted_case.allocated_to.user
    )
    client = Client(headers={"Authorization": f"Bearer {token.secret}"})
    assert client.get(f"{API}/cases/{restricted_case.pk}/").status_code == 200


def test_record_an_activity_through_the_service(api, member, case):
    occurred = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    response = post(
        api,
        f"{API}/activities/",
        {"case": case.pk, "kind": "visit", "occurred_at": occurred, "minutes": 45},
    )
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert (activity.recorded_by, activity.minutes) == (member.user, 45)
    assert AuditEvent.objects.filter(event_type="activity.created", actor=member.user).exists()
    changed = patch(api, f"{API}/activities/{activity.pk}/", {"minutes": 50})
    assert changed.status_code == 200
    assert changed.json()["minutes"] == 50
    assert AuditEvent.objects.filter(event_type="activity.updated").exists()


def test_a_service_refusal_is_a_problem_with_the_fields_named(api, case):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = post(
        api, f"{API}/activities/", {"case": case.pk, "kind": "visit", "occurred_at": future}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "The request is not valid"
    assert "occurred_at" in body["errors"]
    assert not Activity.objects.exists()


def test_another_organisations_case_is_404_when_writing(api, other_organisation):
    theirs = CaseFactory(organisation=other_organisation)
    response = post(
        api,
        f"{API}/issues/",
        {"case": theirs.pk, "in_their_words": "x", "category": "accommodation"},
    )
    assert response.status_code == 404
    assert not Issue.objects.exists()


def test_record_an_issue_and_its_outcome(api, case):
    created = post(
        api,
        f"{API}/issues/",
        {"case": case.pk, "in_their_words": "I want to go home", "category": "accommodation"},
    )
    assert created.status_code == 201, created.content
    issue_id = created.json()["id"]
    outcome = post(
        api,
        f"{API}/issues/{issue_id}/outcome/",
        {"outcome": "achieved", "outcome_tags": ["views_heard"], "outcome_note": "Home by May"},
    )
    assert outcome.status_code == 200, outcome.content
    assert outcome.json()["outcome"] == "achieved"


def test_add_change_and_complete_a_task(api, member, case):
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    created = post(api, f"{API}/tasks/", {"case": case.pk, "title": "Call the ward", "due_on": due})
    assert created.status_code == 201, created.content
    task_id = created.json()["id"]
    assert patch(api, f"{API}/tasks/{task_id}/", {"title": "Ring the ward"}).status_code == 200
    done = post(api, f"{API}/tasks/{task_id}/complete/", {})
    assert done.status_code == 200
    assert Task.objects.get(pk=task_id).completed_at is not None


def test_another_system_sends_a_referral_once(api):
    body = {
        "idempotency_key": "portal-000123",
        "first_name": "Mary",
        "last_name": "Jones",
        "situation": "Care Act assessment next week",
        "requested_types": ["care_act"],
        "referrer_name": "Sam Patel",
        "referrer_organisation": "Leeds City Council",
    }
    first = post(api, f"{API}/referrals/", body)
    assert first.status_code == 201, first.content
    again = post(api, f"{API}/referrals/", body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    referral = Referral.objects.get()
    assert referral.source == "email" and referral.entered_by == api.token.user
    assert AuditEvent.objects.filter(event_type="referral.received").count() == 1


def test_an_invalid_filter_or_cursor_is_a_problem_not_a_500(api):
    assert api.get(f"{API}/cases/?received_from=not-a-date").status_code == 400
    response = api.get(f"{API}/cases/?cursor=bogus")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_cursor_pages_walk_the_whole_list(api, organisation):
    cases = [CaseFactory(organisation=organisation) for _ in range(5)]
    seen, url = [], f"{API}/cases/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(case.pk for case in cases)


@pytest.mark.parametrize("path", ["cases", "activities", "issues", "tasks", "people"])
def test_list_query_count_does_not_grow_with_rows(api, organisation, path):
    def count():
        api.get(f"{API}/{path}/")  # warm the per-minute last-used write
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"{API}/{path}/").status_code == 200
        return len(queries)

    case = CaseFactory(organisation=organisation)
    ActivityFactory(case=case), IssueFactory(case=case), TaskFactory(case=case)
    few = count()
    for _ in range(4):
        other = CaseFactory(organisation=organisation)
        ActivityFactory(case=other), IssueFactory(case=other), TaskFactory(case=other)
    assert count() == few


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("referrals", ReferralFactory),
        ("challenges", ChallengeFactory),
        ("safeguarding-concerns", SafeguardingConcernFactory),
        ("system-issues", SystemIssueFactory),
    ],
)
def test_the_other_lists_cost_the_same_queries_for_1_and_6_rows(api, organisation, path, factory):
    """Referrals, challenges, safeguarding concerns and system issues fetch what a row shows
    with the page, not a query per row."""

    def count():
        api.get(f"{API}/{path}/")  # warm the per-minute last-used write
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"{API}/{path}/")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    factory(organisation=organisation)
    few, shown = count()
    for _ in range(5):
        factory(organisation=organisation)
    assert count() == (few, shown + 5)
