"""Closing a case with loose ends lists them and asks the advocate to confirm; it is recorded."""

from heard.casework.models import Case
from heard.casework.services.lifecycle import case_allocate, case_record_first_contact
from heard.organisations.models import Membership
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    ChallengeFactory,
    SafeguardingConcernFactory,
    TaskFactory,
)


def active_case(organisation, user):
    membership = Membership.objects.get(user=user, organisation=organisation)
    membership.caseload_capacity = 10
    membership.save()
    case = CaseFactory(organisation=organisation)
    case_allocate(case=case, advocate=membership, acting_user=user)
    visit = ActivityFactory(case=case, with_person=True, kind="visit")
    case_record_first_contact(case=case, activity=visit, acting_user=user)
    return case


def test_an_open_challenge_is_listed_and_must_be_confirmed(advocate_client, organisation):
    case = active_case(organisation, advocate_client.user)
    ChallengeFactory(organisation=organisation, case=case)
    SafeguardingConcernFactory(organisation=organisation, case=case)
    TaskFactory(case=case, title="Send the letter")
    url = f"/cases/{case.pk}/close/"
    page = advocate_client.get(url).content.decode()
    assert "Challenge to Leeds City Council adult social care has no outcome yet" in page
    assert "Safeguarding concern about Meadowbank Care Home has no outcome yet" in page
    assert "Task not done: Send the letter" in page

    response = advocate_client.post(url, {"reason": "issues_resolved", "note": ""})
    assert response.status_code == 200
    assert "things are still open" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "active"

    response = advocate_client.post(
        url, {"reason": "issues_resolved", "note": "", "confirm_loose_ends": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    row = case.statuses.order_by("-changed_at", "-id").first()
    assert "confirmed by the advocate" in row.note
    assert "Challenge to Leeds City Council" in row.note


def test_a_case_with_nothing_open_closes_without_the_question(advocate_client, organisation):
    case = active_case(organisation, advocate_client.user)
    page = advocate_client.get(f"/cases/{case.pk}/close/").content.decode()
    assert "confirm_loose_ends" not in page
    response = advocate_client.post(
        f"/cases/{case.pk}/close/", {"reason": "issues_resolved", "note": ""}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "closed"
