"""An issue's outcome in the person's voice: what they said about it and whether they felt
listened to, beside the staff note. On the case page, audited, in the case history, in a
subject access export and blanked by erasure; never in a report."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from heard.audit.models import AuditEvent
from heard.casework.forms.records import IssueOutcomeForm
from heard.casework.models import Issue
from heard.casework.services.issues import issue_record_outcome
from heard.organisations.models import Role
from heard.rights.erasure import erase_person
from heard.rights.selectors import person_data
from tests.factories import CaseFactory, IssueFactory, MembershipFactory

WORDS = "They listened in the end, and I am going home on Friday"


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, advocate, person):
    return CaseFactory(organisation=organisation, person=person, allocated_to=advocate)


@pytest.fixture
def issue(case):
    return IssueFactory(case=case, in_their_words="I want to go home")


@pytest.fixture
def signed_in(client, advocate):
    client.force_login(advocate.user)
    return client


def outcome_url(issue):
    return f"/cases/{issue.case_id}/issues/{issue.pk}/outcome/"


def test_the_form_records_their_words_and_answer_and_the_case_page_shows_them(signed_in, issue):
    """Saved from the outcome form; the issues section and the history show both."""
    response = signed_in.post(
        outcome_url(issue),
        {
            "outcome": "achieved",
            "outcome_note": "Discharge agreed at the ward round",
            "outcome_in_their_words": f"  {WORDS} ",
            "felt_listened_to": "partly",
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.outcome_in_their_words == WORDS
    assert issue.felt_listened_to == "partly"
    page = signed_in.get(f"/cases/{issue.case_id}/").content.decode()
    issues_section = page[
        page.index('id="case-issues"') : page.index("</section>", page.index('id="case-issues"'))
    ]
    assert "What they said about the outcome" in issues_section
    assert WORDS in issues_section
    assert "Felt listened to" in issues_section and "Partly" in issues_section
    history = page[page.index('id="case-history"') :]
    assert "Outcome of issue 1: Achieved" in history
    assert "Felt listened to: Partly" in history
    assert f"In their words: {WORDS}" in history


def test_both_are_optional(signed_in, issue):
    """An outcome alone still saves; the page says neither was recorded."""
    response = signed_in.post(outcome_url(issue), {"outcome": "withdrawn"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.outcome == "withdrawn"
    assert issue.outcome_in_their_words == "" and issue.felt_listened_to == ""
    page = signed_in.get(f"/cases/{issue.case_id}/").content.decode()
    assert "Felt listened to" in page and "Not recorded" in page


def test_an_unknown_answer_is_refused_beside_the_field(signed_in, issue):
    """Not a 500: the error summary links to the question and the answer is not stored."""
    response = signed_in.post(
        outcome_url(issue), {"outcome": "achieved", "felt_listened_to": "very"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select whether the person felt listened to" in page
    assert 'href="#id_felt_listened_to' in page or 'href="#felt_listened_to' in page
    assert Issue.objects.get(pk=issue.pk).outcome == ""


def test_the_service_refuses_an_unknown_answer(issue, advocate):
    with pytest.raises(ValidationError) as refused:
        issue_record_outcome(
            issue=issue,
            outcome="achieved",
            tags=[],
            note="",
            felt_listened_to="very",
            acting_user=advocate.user,
        )
    assert "felt_listened_to" in refused.value.message_dict


def test_the_change_is_audited(issue, advocate):
    """Both go into the outcome event's changes; correcting only the answer is audited too."""
    issue_record_outcome(
        issue=issue,
        outcome="achieved",
        tags=[],
        note="",
        in_their_words=WORDS,
        felt_listened_to="yes",
        acting_user=advocate.user,
    )
    first = AuditEvent.objects.get(event_type="issue.outcome_recorded")
    assert first.changes["outcome_in_their_words"] == ["", WORDS]
    assert first.changes["felt_listened_to"] == ["", "yes"]
    issue_record_outcome(
        issue=issue,
        outcome="achieved",
        tags=[],
        note="",
        in_their_words=WORDS,
        felt_listened_to="not_asked",
        acting_user=advocate.user,
    )
    latest = AuditEvent.objects.filter(event_type="issue.outcome_recorded").latest("id")
    assert latest.changes == {"felt_listened_to": ["yes", "not_asked"]}


def test_the_subject_access_export_includes_them(issue, advocate, person):
    issue_record_outcome(
        issue=issue,
        outcome="achieved",
        tags=[],
        note="",
        in_their_words=WORDS,
        felt_listened_to="no",
        acting_user=advocate.user,
    )
    record = person_data(person).as_json()["issues"][0]
    assert record["what the person said about the outcome"] == WORDS
    assert str(record["felt listened to"]) == "No"


def test_erasure_blanks_their_words_like_the_staff_note(issue, advocate, person):
    """Erasure (and retention, which erases the same way) scrubs the words; the answer is a
    code like the outcome, so the counts stay true."""
    issue_record_outcome(
        issue=issue,
        outcome="achieved",
        tags=[],
        note="Staff note about going home",
        in_their_words=WORDS,
        felt_listened_to="yes",
        acting_user=advocate.user,
    )
    erase_person(person, tombstone_actor=advocate.user, reference="ER-1")
    issue.refresh_from_db()
    assert issue.outcome_note == "" and issue.outcome_in_their_words == ""
    assert issue.felt_listened_to == "yes" and issue.outcome == "achieved"
    event = AuditEvent.objects.filter(event_type="issue.outcome_recorded").get()
    assert WORDS not in str(event.changes)


def test_the_questions_are_in_welsh(issue):
    with translation.override("cy"):
        form = IssueOutcomeForm(issue=issue)
        assert str(form.fields["felt_listened_to"].label) == (
            "A oedd y person yn teimlo bod rhywun wedi gwrando arno? (dewisol)"
        )
        assert dict(form.fields["felt_listened_to"].choices)["partly"] == "Yn rhannol"
