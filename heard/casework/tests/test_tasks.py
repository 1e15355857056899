"""Tasks: generated from case facts (upserted by rule), manual ones, completing, overdue."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, Task
from heard.casework.presenters.records import TaskPresenter
from heard.casework.services.lifecycle import case_allocate
from heard.casework.services.todos import (
    TaskChangeRefused,
    regenerate_tasks,
    task_complete,
    task_create,
    task_update,
)
from heard.organisations.models import Membership, Role
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    MembershipFactory,
    ServiceFactory,
    TaskFactory,
)


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER)


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


def rpr_case(organisation, manager, advocate) -> Case:
    service = ServiceFactory(
        organisation=organisation, advocacy_types=["paid_rpr"], rpr_contact_frequency_days=28
    )
    case = CaseFactory(
        organisation=organisation,
        service=service,
        advocacy_type="paid_rpr",
        dols_authorisation="standard",
        dols_authorised_on=timezone.localdate() - dt.timedelta(days=30),
    )
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    return case


def generated(case) -> dict:
    return {t.rule_key: t for t in Task.objects.filter(case=case).exclude(rule_key="")}


def test_regenerating_creates_tasks_for_the_cases_advocate(organisation, manager, advocate):
    """An allocated RPR case under a standard authorisation: first contact, DoLS, RPR visit."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    tasks = generated(case)
    assert set(tasks) == {"first_contact", "dols_review", "dols_expiry", "rpr_contact"}
    assert {t.assigned_to_id for t in tasks.values()} == {advocate.pk}
    assert tasks["dols_expiry"].kind == "dols_expiry"
    assert (
        AuditEvent.objects.filter(event_type="task.created", target_type="casework.task").count()
        == 4
    )


def test_regenerating_is_idempotent(organisation, manager, advocate):
    """A second run with the same facts changes nothing and audits nothing."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    before = AuditEvent.objects.count()
    counts = regenerate_tasks(case=case, acting_user=manager.user)
    assert counts == {"created": 0, "updated": 0, "completed": 0, "removed": 0}
    assert AuditEvent.objects.count() == before
    assert Task.objects.filter(case=case).count() == 4


def test_changed_facts_update_the_task_in_place(organisation, manager, advocate):
    """A new expiry date moves the same task (no duplicate), audited with the change."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    task_id = generated(case)["dols_expiry"].pk
    new_expiry = timezone.localdate() + dt.timedelta(days=100)
    Case.objects.filter(pk=case.pk).update(dols_expires_on=new_expiry)
    regenerate_tasks(case=case, acting_user=manager.user)
    task = Task.objects.get(pk=task_id)
    assert task.due_on == new_expiry
    assert Task.objects.filter(case=case, rule_key="dols_expiry").count() == 1
    event = AuditEvent.objects.filter(event_type="task.updated", target_id=str(task_id)).get()
    assert event.changes["due_on"][1] == new_expiry.isoformat()


def test_a_done_task_reopens_when_its_date_moves(organisation, manager, advocate):
    """A renewed authorisation is a new deadline: the done expiry task reopens with the new date."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    task = generated(case)["dols_expiry"]
    task_complete(task=task, acting_user=advocate.user)
    regenerate_tasks(case=case, acting_user=manager.user)
    assert Task.objects.get(pk=task.pk).completed_at is not None  # same date: stays done
    Case.objects.filter(pk=case.pk).update(
        dols_authorised_on=timezone.localdate(),
        dols_expires_on=timezone.localdate() + dt.timedelta(days=300),
    )
    regenerate_tasks(case=case, acting_user=manager.user)
    task.refresh_from_db()
    assert task.completed_at is None
    assert task.due_on == timezone.localdate() + dt.timedelta(days=300)


def test_first_contact_task_completes_when_contact_is_recorded(organisation, manager, advocate):
    """Contact with the person meets the first-contact target: its task is completed, not removed."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    ActivityFactory(case=case, kind="visit", with_person=True, recorded_by=advocate.user)
    counts = regenerate_tasks(case=case, acting_user=advocate.user)
    task = generated(case)["first_contact"]
    assert task.completed_at is not None
    assert task.completed_by == advocate.user
    assert counts["completed"] == 1
    assert AuditEvent.objects.filter(
        event_type="task.completed", target_id=str(task.pk), details__reason="rule met"
    ).exists()


def test_rpr_visit_moves_with_each_contact(organisation, manager, advocate):
    """The RPR visit task is one rolling task: its date follows the last contact."""
    case = rpr_case(organisation, manager, advocate)
    visit = timezone.now() - dt.timedelta(days=3)
    ActivityFactory(case=case, kind="visit", with_person=True, occurred_at=visit)
    regenerate_tasks(case=case, acting_user=advocate.user)
    assert generated(case)["rpr_contact"].due_on == timezone.localdate(visit) + dt.timedelta(
        days=28
    )


def test_facts_removed_remove_open_tasks_but_keep_done_ones(organisation, manager, advocate):
    """No longer applicable: open tasks are removed (audited); done ones stay as the record."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    review = generated(case)["dols_review"]
    task_complete(task=review, acting_user=advocate.user)
    expiry_id = generated(case)["dols_expiry"].pk
    Case.objects.filter(pk=case.pk).update(dols_authorisation="", dols_authorised_on=None)
    counts = regenerate_tasks(case=case, acting_user=manager.user)
    assert counts["removed"] == 1
    assert not Task.objects.filter(pk=expiry_id).exists()
    assert Task.objects.filter(pk=review.pk).exists()
    event = AuditEvent.objects.get(event_type="task.removed", target_id=str(expiry_id))
    assert event.changes["rule_key"] == ["dols_expiry", None]


def test_reallocation_moves_open_generated_tasks_to_the_new_advocate(
    organisation, manager, advocate
):
    """Generated tasks follow the case's advocate; done ones keep who did them."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    other = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    Case.objects.filter(pk=case.pk).update(allocated_to=other)
    regenerate_tasks(case=case, acting_user=manager.user)
    assert {t.assigned_to_id for t in generated(case).values()} == {other.pk}


def test_manual_tasks_are_untouched_by_regeneration(organisation, manager, advocate):
    """Only tasks with a rule key are the rules' business."""
    case = rpr_case(organisation, manager, advocate)
    manual = TaskFactory(case=case, title="Ring the ward", assigned_to=manager)
    Case.objects.filter(pk=case.pk).update(status="closed")
    regenerate_tasks(case=case, acting_user=manager.user)
    assert Task.objects.get(pk=manual.pk).assigned_to == manager
    assert set(generated(case)) == set()


def test_manual_task_create_update_complete_are_audited(organisation, manager, advocate):
    """Each write leaves an audit event with what changed."""
    case = rpr_case(organisation, manager, advocate)
    due = timezone.localdate() + dt.timedelta(days=5)
    task = task_create(
        case=case,
        title=" Ring the ward ",
        due_on=due,
        assigned_to=advocate,
        acting_user=manager.user,
    )
    assert task.title == "Ring the ward"
    assert task.kind == "manual" and task.rule_key == ""
    task_update(
        task=task,
        title="Ring the ward manager",
        due_on=due,
        assigned_to=advocate,
        acting_user=manager.user,
    )
    assert task_complete(task=task, acting_user=advocate.user) is True
    assert task_complete(task=task, acting_user=advocate.user) is False
    events = list(
        AuditEvent.objects.filter(target_id=str(task.pk)).values_list("event_type", flat=True)
    )
    assert events.count("task.created") == 1
    assert events.count("task.updated") == 1
    assert events.count("task.completed") == 1
    updated = AuditEvent.objects.get(event_type="task.updated", target_id=str(task.pk))
    assert updated.changes == {"title": ["Ring the ward", "Ring the ward manager"]}


def test_generated_tasks_cannot_be_edited(organisation, manager, advocate):
    """Their title and date come from the facts; a change would be overwritten."""
    case = rpr_case(organisation, manager, advocate)
    regenerate_tasks(case=case, acting_user=manager.user)
    with pytest.raises(TaskChangeRefused):
        task_update(
            task=generated(case)["dols_expiry"],
            title="x",
            due_on=timezone.localdate(),
            assigned_to=None,
            acting_user=manager.user,
        )


def test_restricted_case_tasks_go_only_to_those_who_may_open_it(organisation, manager, advocate):
    """Someone who cannot open a restricted case cannot be given its task."""
    case = rpr_case(organisation, manager, advocate)
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    case.refresh_from_db()
    outsider = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    with pytest.raises(ValidationError) as error:
        task_create(
            case=case,
            title="Visit",
            due_on=timezone.localdate(),
            assigned_to=outsider,
            acting_user=manager.user,
        )
    assert "restricted" in error.value.message_dict["assigned_to"][0]
    task_create(
        case=case,
        title="Visit",
        due_on=timezone.localdate(),
        assigned_to=advocate,
        acting_user=manager.user,
    )


def test_overdue_means_due_before_today_and_not_done():
    """Due yesterday and open: overdue. Due today: not yet. Done: never."""
    today = dt.date(2025, 6, 10)
    task = Task(title="x", due_on=dt.date(2025, 6, 9))
    assert TaskPresenter(task, today=today).is_overdue
    assert TaskPresenter(task, today=today).status == ("Overdue", "red")
    task.due_on = today
    assert not TaskPresenter(task, today=today).is_overdue
    assert TaskPresenter(task, today=today).status == ("Due today", "yellow")
    task.due_on, task.completed_at = dt.date(2025, 6, 1), timezone.now()
    assert not TaskPresenter(task, today=today).is_overdue
    assert TaskPresenter(task, today=today).status[0] == "Done"


# Pages --------------------------------------------------------------------------------------


@pytest.fixture
def case(organisation, manager, advocate):
    return rpr_case(organisation, manager, advocate)


def test_add_a_task_defaults_to_the_cases_advocate(client, case, advocate):
    """The task form offers the case's advocate first; saving goes back to the case page."""
    client.force_login(advocate.user)
    url = f"/cases/{case.pk}/tasks/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert f'<option value="{advocate.pk}" selected>' in page.content.decode()
    due = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "title": "Ask for the care plan",
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
            "assigned_to": advocate.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#case-tasks"
    task = Task.objects.get(case=case, title="Ask for the care plan")
    assert task.assigned_to == advocate and task.due_on == due


def test_task_form_errors_beside_fields(client, case, advocate):
    """Missing title and an impossible date: GOV.UK messages, nothing saved."""
    client.force_login(advocate.user)
    response = client.post(
        f"/cases/{case.pk}/tasks/new/",
        {"title": "", "due_on-day": "31", "due_on-month": "2", "due_on-year": "2026"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter what needs doing" in body
    assert "Due date must be a real date" in body
    assert "<title>Error:" in body
    assert not Task.objects.filter(case=case, kind="manual").exists()


def test_complete_a_task_by_post_only(client, case, advocate):
    """GET is refused; POST marks it done and returns to the case page (or a safe next)."""
    task = TaskFactory(case=case, assigned_to=advocate)
    client.force_login(advocate.user)
    url = f"/cases/{case.pk}/tasks/{task.pk}/complete/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/cases/my-day/"})
    assert response["Location"] == "/cases/my-day/"
    task.refresh_from_db()
    assert task.completed_by == advocate.user
    other = TaskFactory(case=case)
    response = client.post(
        f"/cases/{case.pk}/tasks/{other.pk}/complete/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/cases/{case.pk}/#case-tasks"


def test_generated_task_page_explains_instead_of_editing(client, case, advocate, manager):
    """A generated task shows where it comes from; a POST to change it changes nothing."""
    regenerate_tasks(case=case, acting_user=manager.user)
    task = generated(case)["dols_expiry"]
    client.force_login(advocate.user)
    url = f"/cases/{case.pk}/tasks/{task.pk}/"
    body = client.get(url).content.decode()
    assert "This task comes from the case's facts" in body
    client.post(
        url, {"title": "Changed", "due_on-day": "1", "due_on-month": "1", "due_on-year": "2030"}
    )
    task.refresh_from_db()
    assert task.title != "Changed"


def test_a_task_on_another_case_is_not_found(client, organisation, case, advocate):
    """A task is reached only through its own case."""
    other_case = CaseFactory(organisation=organisation)
    task = TaskFactory(case=other_case)
    client.force_login(advocate.user)
    assert client.get(f"/cases/{case.pk}/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/tasks/{task.pk}/complete/").status_code == 404


def test_commissioners_cannot_reach_tasks(client, organisation, case):
    """No personal data for commissioners: 403."""
    commissioner = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER)
    client.force_login(commissioner.user)
    assert client.get(f"/cases/{case.pk}/tasks/new/").status_code == 403


def test_deactivated_assignee_is_not_offered(client, organisation, case, advocate):
    """Only active casework staff are offered as assignees."""
    gone = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    Membership.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(advocate.user)
    body = client.get(f"/cases/{case.pk}/tasks/new/").content.decode()
    assert f'value="{gone.pk}"' not in body
