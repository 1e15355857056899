"""The person's page lists their cases (open and closed), referrals and safeguarding concerns."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Status
from heard.organisations.models import Role
from tests.factories import (
    CaseFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
)
from tests.pages import markup_of, text_of


def _world(organisation, person, *, cases=1, referrals=1, concerns=1):
    made = []
    for _ in range(cases):
        referral = ReferralFactory(organisation=organisation, person=person, status="accepted")
        case = CaseFactory(organisation=organisation, person=person, referral=referral)
        made.append(case)
        for _ in range(concerns):
            SafeguardingConcernFactory(organisation=organisation, case=case, about_organisation="")
    for _ in range(referrals - cases if referrals > cases else 0):
        ReferralFactory(organisation=organisation, person=person, status="declined")
    return made


def test_person_page_lists_open_and_closed_cases_referrals_and_concerns(
    manager_client, organisation, person
):
    """Open cases come first, then closed ones with the day they closed; each links to the case."""
    open_case = CaseFactory(organisation=organisation, person=person)
    closed_case = CaseFactory(
        organisation=organisation,
        person=person,
        status=Status.CLOSED,
        status_changed_at=timezone.now(),
    )
    referral = ReferralFactory(organisation=organisation, person=person, status="declined")
    concern = SafeguardingConcernFactory(
        organisation=organisation, case=open_case, about_organisation=""
    )
    someone_else = PersonFactory(organisation=organisation)
    other_case = CaseFactory(organisation=organisation, person=someone_else)

    response = manager_client.get(f"/people/{person.pk}/")

    assert response.status_code == 200
    text, markup = text_of(response), markup_of(response)
    assert "Open cases" in text and "Closed cases" in text
    assert text.index(open_case.reference) < text.index(closed_case.reference)
    assert f'href="/cases/{open_case.pk}/"' in markup
    assert f'href="/cases/{closed_case.pk}/"' in markup
    assert other_case.reference not in text
    assert f'href="/referrals/{referral.pk}/"' in markup
    assert "Declined" in text
    assert f'href="/safeguarding/{concern.pk}/"' in markup
    assert "Awaiting acknowledgement" in text


def test_person_page_says_when_there_is_nothing_to_list(manager_client, person):
    text = text_of(manager_client.get(f"/people/{person.pk}/"))
    assert "No cases yet." in text
    assert "No referrals are linked to this person." in text
    assert "No safeguarding concerns have been raised on this person's cases." in text


def test_another_organisations_records_never_show(advocate_client, person, other_organisation):
    """Rows are read through the organisation: nothing of another organisation appears, even
    if it points at this person (which the models do not allow, but a bad import might)."""
    foreign = CaseFactory(organisation=other_organisation)
    ReferralFactory(organisation=other_organisation, reference="ELSEWHERE-REF-1")
    text = text_of(advocate_client.get(f"/people/{person.pk}/"))
    assert foreign.reference not in text
    assert "ELSEWHERE-REF-1" not in text


def test_viewing_the_person_page_is_audited(advocate_client, organisation, person):
    _world(organisation, person)
    advocate_client.get(f"/people/{person.pk}/")
    assert AuditEvent.objects.filter(
        organisation=organisation, event_type="person.viewed", target_id=str(person.pk)
    ).exists()


def test_sections_follow_permissions(client_as, organisation, person):
    """A role without the area's permission does not see its section: advocates see cases and
    concerns but not referrals (triage is for managers); commissioners see no people at all."""
    _world(organisation, person)
    text = text_of(client_as(Role.ADVOCATE, organisation).get(f"/people/{person.pk}/"))
    assert "Open cases" in text and "Safeguarding concerns" in text
    assert "Referrals" not in text.split("Equality monitoring")[1]
    assert client_as(Role.COMMISSIONER, organisation).get(f"/people/{person.pk}/").status_code in (
        403,
        404,
    )


def test_person_page_queries_do_not_grow_with_cases_referrals_and_concerns(
    manager_client, organisation, person
):
    """The sections each read their rows in one query, however many there are."""
    _world(organisation, person, cases=1, referrals=1, concerns=1)
    manager_client.get("/")

    def count():
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get(f"/people/{person.pk}/").status_code == 200
        return len(context.captured_queries)

    small = count()
    _world(organisation, person, cases=12, referrals=15, concerns=2)
    assert count() == small
