"""The case page's record sections: fixed queries at any size; every record URL guards the case."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.accounts.models import User
from heard.audit.models import AuditEvent
from heard.casework.models import Activity
from heard.casework.presenters.records import case_records, time_totals_from
from heard.casework.selectors.records import RECENTLY_DONE_TASKS, TOTALS, case_tasks
from heard.organisations.models import Role
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    DocumentFactory,
    IssueFactory,
    MembershipFactory,
    TaskFactory,
)


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, advocate):
    case = CaseFactory(organisation=organisation, allocated_to=advocate)
    IssueFactory(case=case, in_their_words="I want to see my dog")
    IssueFactory(case=case, outcome="achieved", outcome_tags=["views_heard"])
    TaskFactory(
        case=case,
        title="Overdue letter",
        due_on=timezone.localdate() - dt.timedelta(days=2),
        assigned_to=advocate,
    )
    TaskFactory(case=case, title="Done letter", completed_at=timezone.now())
    DocumentFactory(case=case, title="Care plan", uploaded_by=advocate.user)
    return case


def add_activities(case, count: int) -> None:
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            organisation_id=case.organisation_id,
            case=case,
            kind="phone_call" if n % 2 else "visit",
            occurred_at=now - dt.timedelta(minutes=n + 1),
            minutes=10,
            travel_minutes=5 if n % 3 == 0 else 0,
            with_person=n % 2 == 0,
            recorded_by=case.allocated_to.user,
        )
        for n in range(count)
    )


PARTIALS = ("_issues.html", "_activities.html", "_tasks.html", "_documents.html")


def render_records(case) -> tuple[int, dict, str]:
    """Queries to read the records and render the four partials, as the case page does."""
    request = RequestFactory().get(f"/cases/{case.pk}/")
    request.user = User.objects.get(pk=case.allocated_to.user_id)  # no cached memberships
    request.organisation = case.organisation
    request.membership = case.allocated_to
    with CaptureQueriesContext(connection) as context:
        records = case_records(case)
        html = "".join(
            render_to_string(f"casework/records/{name}", {"case": case, **records}, request=request)
            for name in PARTIALS
        )
    return len(context.captured_queries), records, html


def test_case_records_cost_the_same_at_10_and_10000_activities(case):
    """Latest 20 with the count and totals summed over all in the same statement: 5 queries."""
    add_activities(case, 10)
    small, records, _ = render_records(case)
    assert records["activity_count"] == 10
    add_activities(case, 9990)
    large, records, html = render_records(case)
    assert large == small
    # issues, latest activities with the case's counts, tasks (open and recently done in
    # one), documents; and the user's memberships once for the permission tag
    assert large == 5
    assert "Latest 20 of 10000 activities" in html
    assert records["activity_count"] == 10000
    assert len(records["activities"]) == 20
    assert records["time_totals"].minutes == 100000
    assert records["time_totals"].travel_minutes == 5 * (4 + 3330)
    assert records["time_totals"].contacts == 5 + 4995


def test_counts_ride_with_the_latest_activities_and_skip_those_entered_in_error(case):
    """No activities: every figure 0. Entered in error: listed and counted, never summed."""
    _, records, _ = render_records(case)
    assert records["activities"] == []
    assert records["activity_count"] == 0
    assert records["time_totals"] == time_totals_from(dict.fromkeys(TOTALS, 0))
    add_activities(case, 25)
    Activity.objects.filter(case=case).update(entered_in_error_at=timezone.now())
    _, records, _ = render_records(case)
    assert records["activity_count"] == 25
    assert len(records["activities"]) == 20
    assert records["time_totals"] == time_totals_from(dict.fromkeys(TOTALS, 0))
    add_activities(case, 3)
    _, records, _ = render_records(case)
    assert records["activity_count"] == 28
    assert records["time_totals"] == time_totals_from(
        {"total_activities": 3, "total_minutes": 30, "total_travel_minutes": 5, "total_contacts": 2}
    )


def test_case_records_shape(case, advocate):
    """Issues in order, open tasks first, the open-issue and overdue counts."""
    add_activities(case, 3)
    records = case_records(case)
    assert records["issues"][0].in_their_words == "I want to see my dog"
    assert records["open_issue_count"] == 1
    assert [t.title for t in records["tasks"]] == ["Overdue letter", "Done letter"]
    assert records["overdue_task_count"] == 1
    assert records["open_task_count"] == 1
    assert records["documents"][0].title == "Care plan"


def test_the_case_page_shows_the_four_sections(client, case, advocate):
    """The case page includes issues, activities (with the quick-add form), tasks, documents."""
    ActivityFactory(case=case, note="Called the ward sister", recorded_by=advocate.user)
    client.force_login(advocate.user)
    body = client.get(reverse("casework:case_detail", kwargs={"case_id": case.pk})).content.decode()
    for section in ("case-issues", "case-activities", "case-tasks", "case-documents"):
        assert f'id="{section}"' in body
    assert "I want to see my dog" in body
    assert "Called the ward sister" in body
    assert f'hx-post="/cases/{case.pk}/activities/new/"' in body
    assert f'action="/cases/{case.pk}/activities/new/"' in body
    assert "Overdue" in body
    assert "autofocus" not in body  # nothing steals focus when the page loads


def record_urls(case) -> list[tuple[str, str]]:
    issue = IssueFactory(case=case)
    activity = ActivityFactory(case=case)
    task = TaskFactory(case=case)
    document = DocumentFactory(case=case)
    c = case.pk
    return [
        ("get", f"/cases/{c}/issues/new/"),
        ("get", f"/cases/{c}/issues/{issue.pk}/"),
        ("get", f"/cases/{c}/issues/{issue.pk}/outcome/"),
        ("post", f"/cases/{c}/issues/{issue.pk}/outcome/"),
        ("get", f"/cases/{c}/activities/"),
        ("get", f"/cases/{c}/activities/new/"),
        ("post", f"/cases/{c}/activities/new/"),
        ("get", f"/cases/{c}/activities/{activity.pk}/"),
        ("get", f"/cases/{c}/tasks/new/"),
        ("get", f"/cases/{c}/tasks/{task.pk}/"),
        ("post", f"/cases/{c}/tasks/{task.pk}/complete/"),
        ("get", f"/cases/{c}/documents/new/"),
        ("get", f"/cases/{c}/documents/{document.pk}/download/"),
    ]


def test_restricted_case_records_are_refused_and_audited_for_other_staff(
    client, organisation, case
):
    """Not its advocate nor a named manager: every record URL is 403 and each attempt audited."""
    case.is_restricted = True
    case.save()
    urls = record_urls(case)
    for role in (Role.ADVOCATE, Role.MANAGER, Role.ADMIN):
        member = MembershipFactory(organisation=organisation, role=role)
        client.force_login(member.user)
        for method, url in urls:
            response = getattr(client, method)(url)
            assert response.status_code == 403, (role, method, url)
            assert "I want to choose where I live" not in response.content.decode()
        refused = AuditEvent.objects.filter(
            event_type="case.restricted_access_refused", actor=member.user
        )
        assert refused.count() == len(urls), role


def test_restricted_case_records_open_for_a_named_manager(client, organisation, case):
    """A manager named on the restricted case may open its records."""
    case.is_restricted = True
    case.save()
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case.restricted_managers.add(manager)
    client.force_login(manager.user)
    assert client.get(f"/cases/{case.pk}/issues/new/").status_code == 200


def test_commissioners_reach_no_record_page(client, organisation, case):
    """Commissioners never see personal data: 403 on every record URL."""
    commissioner = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER)
    client.force_login(commissioner.user)
    for method, url in record_urls(case):
        assert getattr(client, method)(url).status_code == 403, url


def test_another_organisations_case_records_are_not_found(client, other_organisation, case):
    """A member of another organisation gets 404 for every record URL."""
    outsider = MembershipFactory(organisation=other_organisation, role=Role.ADMIN)
    client.force_login(outsider.user)
    for method, url in record_urls(case):
        assert getattr(client, method)(url).status_code == 404, url


def test_every_open_task_and_only_the_latest_finished_ones_soonest_and_latest_first(case):
    """Open tasks all show, soonest due first; of the finished (done or entered in error),
    the ``RECENTLY_DONE_TASKS`` latest, latest first, whichever way they finished."""
    today, now = timezone.localdate(), timezone.now()
    for days in (9, 1, 5):
        TaskFactory(case=case, title=f"Due in {days}", due_on=today + dt.timedelta(days=days))
    for n in range(RECENTLY_DONE_TASKS + 2):
        finished = now - dt.timedelta(hours=n + 1)
        TaskFactory(
            case=case,
            title=f"Finished {n}",
            **({"entered_in_error_at": finished} if n % 3 == 0 else {"completed_at": finished}),
        )

    open_tasks, finished = case_tasks(case)

    assert [task.title for task in open_tasks] == [
        "Overdue letter",  # the fixture's, due two days ago
        "Due in 1",
        "Due in 5",
        "Due in 9",
    ]
    # The fixture's "Done letter" finished now, so it is the latest; then 0 to 8.
    assert [task.title for task in finished] == ["Done letter"] + [
        f"Finished {n}" for n in range(RECENTLY_DONE_TASKS - 1)
    ]
