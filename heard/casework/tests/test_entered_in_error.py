"""Entered in error: marked with a reason, audited, kept in the record, left out of totals."""

import pytest
from django.core.exceptions import ValidationError

from heard.audit.models import AuditEvent
from heard.casework.models import Activity, Task
from heard.casework.services.entered_in_error import MarkRefused, mark_entered_in_error
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    DocumentFactory,
    IssueFactory,
    TaskFactory,
    UserFactory,
)


@pytest.fixture
def case(organisation):
    return CaseFactory(organisation=organisation)


@pytest.mark.parametrize(
    "factory, event",
    [
        (ActivityFactory, "activity.entered_in_error"),
        (IssueFactory, "issue.entered_in_error"),
        (TaskFactory, "task.entered_in_error"),
        (DocumentFactory, "document.entered_in_error"),
    ],
)
def test_marking_keeps_the_record_and_audits_who_and_why(case, factory, event):
    record = factory(case=case)
    user = UserFactory()
    assert mark_entered_in_error(record=record, reason=" Recorded twice ", acting_user=user)
    stored = type(record).objects.get(pk=record.pk)
    assert stored.is_entered_in_error
    assert stored.entered_in_error_by == user
    assert stored.entered_in_error_reason == "Recorded twice"
    assert type(record).objects.in_effect().filter(pk=record.pk).count() == 0
    audit = AuditEvent.objects.get(event_type=event)
    assert audit.details["reason"] == "Recorded twice"
    assert audit.details["case_id"] == case.pk


def test_a_reason_is_required(case):
    activity = ActivityFactory(case=case)
    with pytest.raises(ValidationError) as error:
        mark_entered_in_error(record=activity, reason="   ", acting_user=UserFactory())
    assert "reason" in error.value.message_dict
    assert not Activity.objects.get(pk=activity.pk).is_entered_in_error


def test_marking_twice_changes_nothing(case):
    activity = ActivityFactory(case=case)
    first, second = UserFactory(), UserFactory()
    assert mark_entered_in_error(record=activity, reason="Twice", acting_user=first)
    again = Activity.objects.get(pk=activity.pk)
    assert not mark_entered_in_error(record=again, reason="Other", acting_user=second)
    assert again.entered_in_error_by == first and again.entered_in_error_reason == "Twice"
    assert AuditEvent.objects.filter(event_type="activity.entered_in_error").count() == 1


def test_a_generated_task_follows_the_facts_instead(case):
    task = TaskFactory(case=case, rule_key="first_contact", kind="first_contact")
    with pytest.raises(MarkRefused):
        mark_entered_in_error(record=task, reason="Wrong", acting_user=UserFactory())
    assert not Task.objects.get(pk=task.pk).is_entered_in_error


def test_a_visit_entered_in_error_no_longer_counts_as_contact(case):
    visit = ActivityFactory(case=case, kind="visit", with_person=True)
    from heard.casework.services.todos import case_facts

    assert case_facts(case).first_contact_on is not None
    mark_entered_in_error(record=visit, reason="Wrong case", acting_user=UserFactory())
    assert case_facts(case).first_contact_on is None


# The pages ------------------------------------------------------------------------------------


def test_an_advocate_marks_a_visit_entered_in_error_and_the_totals_drop(
    advocate_client, organisation
):
    case = CaseFactory(organisation=organisation)
    ActivityFactory(case=case, kind="visit", minutes=60, with_person=True)
    twice = ActivityFactory(case=case, kind="visit", minutes=60, with_person=True)
    page = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    assert "2 hours" in page
    url = f"/cases/{case.pk}/activities/{twice.pk}/entered-in-error/"
    response = advocate_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter why this was entered in error" in response.content.decode()
    response = advocate_client.post(url, {"reason": "Recorded twice"}, follow=True)
    body = response.content.decode()
    assert "marked as entered in error" in body
    assert "Entered in error on" in body and "Recorded twice" in body
    assert "<s>" in body
    assert "1 hour" in body and "2 hours" not in body
    assert Activity.objects.filter(case=case).count() == 2


@pytest.mark.parametrize(
    "factory, segment",
    [
        (IssueFactory, "issues"),
        (TaskFactory, "tasks"),
        (DocumentFactory, "documents"),
    ],
)
def test_each_kind_of_record_has_a_mark_page(advocate_client, organisation, factory, segment):
    case = CaseFactory(organisation=organisation)
    record = factory(case=case)
    url = f"/cases/{case.pk}/{segment}/{record.pk}/entered-in-error/"
    assert advocate_client.get(url).status_code == 200
    response = advocate_client.post(url, {"reason": "Wrong person"})
    assert response.status_code == 302
    assert type(record).objects.get(pk=record.pk).is_entered_in_error
    # A second visit does not mark it again.
    assert advocate_client.get(url).status_code == 302


def test_another_organisations_record_is_not_found(advocate_client, other_organisation):
    case = CaseFactory(organisation=other_organisation)
    activity = ActivityFactory(case=case)
    url = f"/cases/{case.pk}/activities/{activity.pk}/entered-in-error/"
    assert advocate_client.post(url, {"reason": "x"}).status_code == 404
    assert not Activity.objects.get(pk=activity.pk).is_entered_in_error


def test_a_record_is_reached_only_through_its_own_case(advocate_client, organisation):
    case, other = CaseFactory(organisation=organisation), CaseFactory(organisation=organisation)
    activity = ActivityFactory(case=other)
    url = f"/cases/{case.pk}/activities/{activity.pk}/entered-in-error/"
    assert advocate_client.get(url).status_code == 404


def test_an_open_issue_entered_in_error_does_not_hold_the_case_open(organisation):
    from heard.casework.selectors.records import open_issue_count

    case = CaseFactory(organisation=organisation)
    issue = IssueFactory(case=case, outcome="")
    assert open_issue_count(case) == 1
    mark_entered_in_error(record=issue, reason="Wrong case", acting_user=UserFactory())
    assert open_issue_count(case) == 0
