""" "Who has looked" at a person covers everything about them: their record, their cases and
everything in them, their referrals, concerns and documents; nobody else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.audit.selectors import access_log_about
from heard.casework.services.cases import case_view_recorded_with_next_read
from heard.casework.services.documents import document_record_download
from heard.casework.services.todos import regenerate_tasks
from heard.challenges.services import challenge_record_view
from heard.organisations.models import Role
from heard.people.services import person_record_view
from heard.referrals.services.intake import referral_record_view
from heard.safeguarding.services import concern_record_view
from tests.factories import (
    CaseFactory,
    ChallengeFactory,
    DocumentFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
)


@pytest.fixture
def looker(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.ADVOCATE, user__full_name="Lou Looker"
    ).user


def everything_about(person, organisation, **referral):
    referral = ReferralFactory(organisation=organisation, person=person, **referral)
    case = CaseFactory(organisation=organisation, person=person, referral=referral)
    return {
        "referral": referral,
        "case": case,
        "document": DocumentFactory(case=case, title="Capacity assessment letter"),
        "challenge": ChallengeFactory(organisation=organisation, case=case),
        "concern": SafeguardingConcernFactory(organisation=organisation, case=case),
    }


def case_record_view(*, case, acting_user):
    """The case page's audit of a view, with no read after it (written on leaving)."""
    with case_view_recorded_with_next_read(case=case, acting_user=acting_user):
        pass


def look_at_everything(records, person, user):
    person_record_view(person=person, acting_user=user)
    case_record_view(case=records["case"], acting_user=user)
    document_record_download(document=records["document"], acting_user=user)
    challenge_record_view(challenge=records["challenge"], acting_user=user)
    concern_record_view(concern=records["concern"], acting_user=user)
    referral_record_view(referral=records["referral"], acting_user=user)


def test_the_log_lists_every_look_at_anything_about_the_person(
    admin_client, organisation, person, looker
):
    records = everything_about(person, organisation, reference="RIV-2026-000777")
    look_at_everything(records, person, looker)
    # Someone else's records, looked at by the same member, stay off this person's log.
    other = PersonFactory(organisation=organisation, first_name="Other")
    look_at_everything(everything_about(other, organisation), other, looker)

    events = list(access_log_about(organisation, person))
    assert sorted(event.event_type for event in events) == [
        "case.viewed",
        "challenge.viewed",
        "document.downloaded",
        "person.viewed",
        "referral.viewed",
        "safeguarding.viewed",
    ]
    assert {event.actor for event in events} == {looker}

    body = admin_client.get(f"/people/{person.pk}/access-log/").content.decode()
    for shown in (
        "Case viewed",
        "Document downloaded",
        "Challenge viewed",
        "Safeguarding concern viewed",
        "Referral viewed",
        "Person record viewed",
        records["case"].reference,
        "RIV-2026-000777",
        "Capacity assessment letter",
    ):
        assert shown in body, shown
    assert body.count("Lou Looker") == 6


def test_another_organisation_looking_at_its_own_records_is_not_shown(
    organisation, other_organisation, person, looker
):
    """Events are read within the person's organisation only."""
    records = everything_about(person, organisation)
    case_record_view(case=records["case"], acting_user=looker)
    elsewhere = everything_about(PersonFactory(organisation=other_organisation), other_organisation)
    case_record_view(case=elsewhere["case"], acting_user=looker)
    assert [e.target_id for e in access_log_about(organisation, person)] == [
        str(records["case"].pk)
    ]
    assert not access_log_about(other_organisation, person).exists()


def test_changes_are_not_looks(organisation, person, looker):
    """The log is of views and exports; a task made on the case is history, not access."""
    records = everything_about(person, organisation)
    regenerate_tasks(case=records["case"], acting_user=looker)
    assert not access_log_about(organisation, person).exists()


def test_the_log_costs_the_same_however_many_cases(admin_client, organisation, person, looker):
    url = f"/people/{person.pk}/access-log/"
    look_at_everything(everything_about(person, organisation), person, looker)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(4):
        look_at_everything(everything_about(person, organisation), person, looker)
    with CaptureQueriesContext(connection) as many:
        body = admin_client.get(url).content.decode()
    assert body.count("Lou Looker") == 5 * 6
    assert len(many) == len(few)
