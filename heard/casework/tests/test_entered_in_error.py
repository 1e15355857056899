"""Entered in error: marked with a reason, audited, kept in the record, left out of totals."""

import pytest
from django.core.exceptions import ValidationError

from heard.audit.models import AuditEvent
from heard.casework.entered_in_error import MarkRefused, mark_entered_in_error
from heard.casework.models import Activity, Task
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
    from heard.casework.tasks import case_facts

    assert case_facts(case).first_contact_on is not None
    mark_entered_in_error(record=visit, reason="Wrong case", acting_user=UserFactory())
    assert case_facts(case).first_contact_on is None
