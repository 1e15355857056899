"""Issues in the person's own words, and their outcomes."""

import pytest
from django.core.exceptions import ValidationError

from heard.audit.models import AuditEvent
from heard.casework.models import Case, Issue
from heard.casework.selectors.records import open_issue_count
from heard.casework.services.issues import issue_create, issue_record_outcome, issue_update
from heard.organisations.models import Role
from tests.factories import CaseFactory, IssueFactory, MembershipFactory


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, advocate):
    return CaseFactory(organisation=organisation, allocated_to=advocate)


@pytest.fixture
def signed_in(client, advocate):
    client.force_login(advocate.user)
    return client


DATA = {
    "in_their_words": "I want to go home to my flat",
    "said_by": "person",
    "category": "accommodation",
}


def test_create_an_issue_is_audited_with_what_was_said(case, advocate):
    """The words, who said them and the category are kept, and the audit has them."""
    issue = issue_create(case=case, acting_user=advocate.user, data=DATA)
    assert issue.organisation_id == case.organisation_id
    assert issue.created_by == advocate.user
    event = AuditEvent.objects.get(event_type="issue.created")
    assert event.changes["in_their_words"] == [None, "I want to go home to my flat"]
    assert event.details == {"case_id": case.pk}


def test_update_audits_only_what_changed(case, advocate):
    """A change of category is one field in the audit diff."""
    issue = issue_create(case=case, acting_user=advocate.user, data=DATA)
    issue_update(
        issue=issue, acting_user=advocate.user, data={**DATA, "category": "care_and_support"}
    )
    event = AuditEvent.objects.get(event_type="issue.updated")
    assert event.changes == {"category": ["accommodation", "care_and_support"]}


def test_a_closed_case_takes_no_new_issue(case, advocate):
    """It could never close again with an issue without an outcome."""
    Case.objects.filter(pk=case.pk).update(status="closed")
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="Reopen it"):
        issue_create(case=case, acting_user=advocate.user, data=DATA)


def test_outcome_is_recorded_with_tags_and_time(case, advocate):
    """Outcome, tags in list order, a note and the time it was recorded."""
    issue = IssueFactory(case=case)
    issue_record_outcome(
        issue=issue,
        outcome="achieved",
        tags=["decision_changed", "views_heard"],
        note=" Moved home in May ",
        acting_user=advocate.user,
    )
    issue.refresh_from_db()
    assert issue.outcome == "achieved"
    assert issue.outcome_tags == ["views_heard", "decision_changed"]
    assert issue.outcome_note == "Moved home in May"
    assert issue.outcome_recorded_at is not None
    event = AuditEvent.objects.get(event_type="issue.outcome_recorded")
    assert event.changes["outcome"] == ["", "achieved"]


def test_changing_only_the_note_keeps_the_outcome_time(case, advocate):
    """The outcome time is when the outcome was decided, not when a note was edited."""
    issue = IssueFactory(case=case)
    issue_record_outcome(
        issue=issue, outcome="withdrawn", tags=[], note="", acting_user=advocate.user
    )
    first = Issue.objects.get(pk=issue.pk).outcome_recorded_at
    issue_record_outcome(
        issue=issue,
        outcome="withdrawn",
        tags=[],
        note="They changed their mind",
        acting_user=advocate.user,
    )
    assert Issue.objects.get(pk=issue.pk).outcome_recorded_at == first


def test_unknown_outcome_or_tag_is_refused(case, advocate):
    """Only the listed outcomes and tags."""
    issue = IssueFactory(case=case)
    with pytest.raises(ValidationError) as error:
        issue_record_outcome(
            issue=issue, outcome="won", tags=["magic"], note="", acting_user=advocate.user
        )
    assert set(error.value.message_dict) == {"outcome", "outcome_tags"}


def test_open_issue_count_counts_issues_without_an_outcome(case, advocate):
    """What the lifecycle asks before closing a case, in one query."""
    IssueFactory(case=case)
    IssueFactory(case=case, outcome="achieved")
    IssueFactory(case=CaseFactory(organisation=case.organisation))
    assert open_issue_count(case) == 1


# Pages --------------------------------------------------------------------------------------


def test_new_issue_page_defaults_said_by_from_the_instruction(signed_in, organisation, advocate):
    """Instructed: the person said it. Non-instructed: the advocate identified it."""
    instructed = CaseFactory(organisation=organisation)
    non_instructed = CaseFactory(organisation=organisation, instruction="non_instructed")
    body = signed_in.get(f"/cases/{instructed.pk}/issues/new/").content.decode()
    assert 'value="person" class="govuk-radios__input" id="id_said_by" checked' in body
    body = signed_in.get(f"/cases/{non_instructed.pk}/issues/new/").content.decode()
    assert 'value="advocate" class="govuk-radios__input" id="id_said_by-2" checked' in body


def test_add_an_issue_then_back_to_the_case(signed_in, case):
    """A valid issue is saved and the case page's issues section is next."""
    response = signed_in.post(f"/cases/{case.pk}/issues/new/", DATA)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#case-issues"
    assert Issue.objects.get(case=case).in_their_words == DATA["in_their_words"]


def test_issue_errors_show_beside_fields_and_keep_what_was_typed(signed_in, case):
    """A missing category: message beside it, the words typed are still there."""
    response = signed_in.post(
        f"/cases/{case.pk}/issues/new/", {**DATA, "category": "", "said_by": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a category" in body
    assert "Select who said this" in body
    assert "I want to go home to my flat" in body
    assert not Issue.objects.exists()


def test_closed_case_issue_page_says_so(signed_in, case):
    """No form on a closed case; a POST saves nothing."""
    Case.objects.filter(pk=case.pk).update(status="closed")
    body = signed_in.get(f"/cases/{case.pk}/issues/new/").content.decode()
    assert "This case is closed" in body
    signed_in.post(f"/cases/{case.pk}/issues/new/", DATA)
    assert not Issue.objects.exists()


def test_edit_an_issue(signed_in, case):
    """The edit form starts from the issue and saves the change."""
    issue = IssueFactory(case=case)
    url = f"/cases/{case.pk}/issues/{issue.pk}/"
    assert "I want to choose where I live" in signed_in.get(url).content.decode()
    signed_in.post(url, {**DATA, "in_their_words": "I want to live near my sister"})
    issue.refresh_from_db()
    assert issue.in_their_words == "I want to live near my sister"


def test_record_an_outcome_page(signed_in, case):
    """Radios and checkboxes; a missing outcome is a message beside the radios."""
    issue = IssueFactory(case=case)
    url = f"/cases/{case.pk}/issues/{issue.pk}/outcome/"
    response = signed_in.post(url, {"outcome_tags": ["views_heard"]})
    assert "Select the outcome" in response.content.decode()
    response = signed_in.post(
        url,
        {"outcome": "partly_achieved", "outcome_tags": ["views_heard", "challenge_made"]},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.outcome == "partly_achieved"
    assert issue.outcome_tags == ["views_heard", "challenge_made"]


def test_issue_of_another_case_is_not_found(signed_in, organisation, case):
    """Issues are reached only through their own case."""
    issue = IssueFactory(case=CaseFactory(organisation=organisation))
    assert signed_in.get(f"/cases/{case.pk}/issues/{issue.pk}/").status_code == 404
    assert signed_in.get(f"/cases/{case.pk}/issues/{issue.pk}/outcome/").status_code == 404
