"""Triage pages: who may use them, what they show, and the decision form's messages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, Status
from heard.organisations.models import Role
from heard.people.models import Person
from heard.referrals.models import ReferralStatus, TriageDecision
from tests.factories import PersonFactory, ReferralFactory, ServiceFactory
from tests.pages import text_of


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, name="Care Act advocacy – Leeds", advocacy_types=["care_act"]
    )


@pytest.fixture
def referral(organisation):
    return ReferralFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        date_of_birth=dt.date(1950, 2, 14),
        postcode="LS6 2AB",
    )


def error_beside(response, field_id: str) -> str:
    """The inline error message shown beside one field ("" if none)."""
    match = re.search(
        rf'<p id="{field_id}-error"\s+class="govuk-error-message">(.*?)</p>',
        response.content.decode(),
        flags=re.S,
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


# --- permissions ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_advocates_and_commissioners_cannot_triage(client_as, organisation, referral, role):
    """Only admins and managers see the triage pages; others get 403 and nothing is decided."""
    client = client_as(role, organisation)
    assert client.get("/referrals/").status_code == 403
    assert client.get(f"/referrals/{referral.pk}/").status_code == 403
    response = client.post(
        f"/referrals/{referral.pk}/", {"decision": "decline", "decline_reason": "duplicate"}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert not TriageDecision.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_admins_and_managers_can_triage(client_as, organisation, referral, role):
    """Admins and managers open the queue and the referral."""
    client = client_as(role, organisation)
    assert client.get("/referrals/").status_code == 200
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200


def test_navigation_shows_referrals_only_to_those_who_may_triage(client_as, organisation):
    """Under Casework, managers see "Referrals" in the menu; advocates see "Waiting list" but
    not "Referrals"."""
    manager_page = text_of(client_as(Role.MANAGER, organisation).get("/people/"))
    assert "Referrals" in manager_page and "Waiting list" in manager_page
    advocate_page = text_of(client_as(Role.ADVOCATE, organisation).get("/people/"))
    assert "Referrals" not in advocate_page and "Waiting list" in advocate_page


# --- the queue ------------------------------------------------------------------


def test_queue_lists_new_and_awaiting_oldest_first_with_overdue_chases(
    manager_client, organisation
):
    """New and awaiting-information referrals show, oldest first; decided ones do not; an
    overdue chase is flagged in red."""
    now = timezone.now()
    older = ReferralFactory(
        organisation=organisation, first_name="Older", received_at=now - dt.timedelta(days=3)
    )
    newer = ReferralFactory(
        organisation=organisation, first_name="Newer", received_at=now - dt.timedelta(hours=1)
    )
    overdue = ReferralFactory(
        organisation=organisation,
        first_name="Chasing",
        status=ReferralStatus.AWAITING_INFORMATION,
        chase_on=timezone.localdate() - dt.timedelta(days=2),
        received_at=now - dt.timedelta(days=10),
    )
    ReferralFactory(organisation=organisation, first_name="Gone", status=ReferralStatus.DECLINED)

    response = manager_client.get("/referrals/")
    page = text_of(response)
    assert page.index(overdue.first_name) < page.index(older.first_name) < page.index("Newer")
    assert "Gone" not in page
    assert "2 new" in page and "1 awaiting information" in page
    assert "1 overdue to chase" in page
    assert 'govuk-tag--red">Chase overdue' in response.content.decode()
    assert "Eligible: Care Act advocacy" in page
    assert newer.reference in page


def test_queue_filters_awaiting_information_by_chase_date(manager_client, organisation):
    """Filtering to "awaiting information" orders by chase date, most overdue first."""
    today = timezone.localdate()
    ReferralFactory(organisation=organisation, first_name="Fresh")
    for name, days in [("Later", 5), ("Soonest", -3), ("Middle", 0)]:
        ReferralFactory(
            organisation=organisation,
            first_name=name,
            status=ReferralStatus.AWAITING_INFORMATION,
            chase_on=today + dt.timedelta(days=days),
        )
    page = text_of(manager_client.get("/referrals/?status=awaiting_information"))
    assert "Fresh" not in page
    assert page.index("Soonest") < page.index("Middle") < page.index("Later")
    assert "Chase today" in page


# --- the referral ---------------------------------------------------------------


def test_detail_shows_eligibility_duplicates_and_is_audited(manager_client, organisation, referral):
    """The page shows each type's decision, duty, reasons and law (eligible first), lists people
    with the same date of birth and a similar name, and records the view."""
    twin = PersonFactory(
        organisation=organisation,
        first_name="Marie",
        last_name="Okafor",
        date_of_birth=dt.date(1950, 2, 14),
    )
    PersonFactory(
        organisation=organisation,
        first_name="Someone",
        last_name="Different",
        date_of_birth=dt.date(1950, 2, 14),
        postcode="BD1 1AA",
    )

    response = manager_client.get(f"/referrals/{referral.pk}/")
    page = text_of(response)
    assert "Care Act advocacy Eligible Duty A legal duty: an advocate must be provided" in page
    assert "Care Act 2014 s67(4)" in page
    assert page.index("Care Act advocacy Eligible") < page.index("Need more information")
    assert "Not eligible: " in page  # the types ruled out, in a details component
    assert f"{twin.display_name} ({twin.reference})" in page
    assert "Someone Different" not in page
    event = AuditEvent.objects.get(event_type="referral.viewed")
    assert event.target_id == str(referral.pk) and event.is_access


def test_decision_radios_reveal_questions_and_work_without_javascript(
    manager_client, organisation, referral, service
):
    """Every decision's questions are in the page (visible without JavaScript) inside GOV.UK
    conditional reveals that the radios control."""
    html = manager_client.get(f"/referrals/{referral.pk}/").content.decode()
    for value, field in [
        ("accept", "id_accept_service"),
        ("decline", "id_decline_reason"),
        ("signpost", "id_signpost_to"),
        ("await-information", "id_await_chase_on"),
    ]:
        assert f'data-aria-controls="conditional-decision-{value}"' in html
        after = html.split(f'id="conditional-decision-{value}"', 1)[1]
        block = after.split('name="decision"', 1)[0]
        assert f'id="{field}' in block
    # The one service and the requested type are already chosen.
    assert re.search(r'<option value="\d+" selected>Care Act advocacy – Leeds</option>', html)
    assert '<option value="care_act" selected>' in html


def test_accept_through_the_page(manager_client, organisation, referral, service):
    """Accepting for a new person opens a waiting case and returns to the queue with a message."""
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "accept",
            "accept_person": "new",
            "accept_service": service.pk,
            "accept_advocacy_type": "care_act",
            "accept_priority": "standard",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert case.status == Status.WAITING
    assert case.person.last_name == "Okafor"
    assert response.redirect_chain[-1][0] == "/referrals/"
    assert f"Case {case.reference} is on the waiting list" in text_of(response)


def test_accept_with_a_type_the_service_does_not_deliver(manager_client, organisation, referral):
    """The advocacy type must be one of the chosen service's: the error sits beside it and
    nothing is created."""
    care_act = ServiceFactory(organisation=organisation, advocacy_types=["care_act"])
    ServiceFactory(organisation=organisation, advocacy_types=["imha"])
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "accept",
            "accept_person": "new",
            "accept_service": care_act.pk,
            "accept_advocacy_type": "imha",
            "accept_priority": "urgent",
        },
    )
    assert response.status_code == 200
    assert error_beside(response, "id_accept_advocacy_type").startswith(
        f"Error: {care_act.name} does not deliver Independent Mental Health Advocate"
    )
    assert '<a href="#id_accept_advocacy_type">' in response.content.decode()
    assert not Case.objects.exists() and not Person.objects.exists()


def test_accept_needs_who_service_type_and_priority(manager_client, referral, service):
    """Choosing accept with nothing else gives a message beside each missing answer."""
    PersonFactory(
        organisation=referral.organisation,
        first_name="Mary",
        last_name="Okafor",
        date_of_birth=referral.date_of_birth,
    )
    response = manager_client.post(f"/referrals/{referral.pk}/", {"decision": "accept"})
    assert error_beside(response, "id_accept_person") == "Error: Select who this referral is for"
    assert error_beside(response, "id_accept_service") == "Error: Select a service"
    assert error_beside(response, "id_accept_advocacy_type") == "Error: Select the type of advocacy"
    assert error_beside(response, "id_accept_priority") == "Error: Select a priority"
    assert response.content.decode().count("<title>Error: ") == 1


def test_accept_for_someone_else_on_record_by_reference(
    manager_client, organisation, referral, service
):
    """A person not suggested as a duplicate can be chosen by reference; a wrong one is refused."""
    other = PersonFactory(organisation=organisation, first_name="Mary", last_name="Smith")
    data = {
        "decision": "accept",
        "accept_person": "other",
        "accept_service": service.pk,
        "accept_advocacy_type": "care_act",
        "accept_priority": "standard",
    }
    response = manager_client.post(f"/referrals/{referral.pk}/", data)
    assert error_beside(response, "id_accept_person_reference") == (
        "Error: Enter the reference of the person on record"
    )
    response = manager_client.post(
        f"/referrals/{referral.pk}/", {**data, "accept_person_reference": "P999999"}
    )
    assert "There is no person with reference P999999" in error_beside(
        response, "id_accept_person_reference"
    )
    number = int(other.reference.lstrip("P"))
    manager_client.post(
        f"/referrals/{referral.pk}/", {**data, "accept_person_reference": str(number)}
    )
    assert Case.objects.get().person == other
    assert Person.objects.count() == 1


def test_accept_asks_for_a_last_name_when_the_referral_has_none(
    manager_client, organisation, service
):
    """A self-referral without a last name asks for one before a person record is created."""
    referral = ReferralFactory(organisation=organisation, first_name="Jo", last_name="")
    data = {
        "decision": "accept",
        "accept_person": "new",
        "accept_service": service.pk,
        "accept_advocacy_type": "care_act",
        "accept_priority": "standard",
    }
    response = manager_client.post(f"/referrals/{referral.pk}/", data)
    assert error_beside(response, "id_accept_last_name") == "Error: Enter their last name"
    manager_client.post(f"/referrals/{referral.pk}/", {**data, "accept_last_name": "Bloggs"})
    assert Person.objects.get().full_name == "Jo Bloggs"


def test_decline_messages_beside_fields(manager_client, referral):
    """Decline needs a reason, and a note when the reason is "other"."""
    response = manager_client.post(f"/referrals/{referral.pk}/", {"decision": "decline"})
    assert error_beside(response, "id_decline_reason") == (
        "Error: Select why the referral is declined"
    )
    response = manager_client.post(
        f"/referrals/{referral.pk}/", {"decision": "decline", "decline_reason": "other"}
    )
    assert error_beside(response, "id_decline_note") == "Error: Enter why the referral is declined"
    assert not TriageDecision.objects.exists()


def test_signpost_message_beside_field(manager_client, referral):
    """Signposting needs to say to whom."""
    response = manager_client.post(
        f"/referrals/{referral.pk}/", {"decision": "signpost", "signpost_note": "Rang them"}
    )
    assert error_beside(response, "id_signpost_to") == (
        "Error: Enter who the person was signposted to"
    )
    assert "Rang them" in response.content.decode()  # what was typed is kept


def test_await_information_messages_beside_fields(manager_client, referral):
    """Awaiting information needs what is needed and a chase date that is not in the past."""
    response = manager_client.post(f"/referrals/{referral.pk}/", {"decision": "await_information"})
    assert error_beside(response, "id_await_note") == "Error: Enter what information is needed"
    assert error_beside(response, "id_await_chase_on") == (
        "Error: Enter the date to chase the information"
    )
    past = timezone.localdate() - dt.timedelta(days=1)
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "await_information",
            "await_note": "Capacity assessment",
            "await_chase_on-day": past.day,
            "await_chase_on-month": past.month,
            "await_chase_on-year": past.year,
        },
    )
    assert error_beside(response, "id_await_chase_on") == (
        "Error: Chase date must be today or in the future"
    )
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "await_information",
            "await_note": "Capacity assessment",
            "await_chase_on-day": "31",
            "await_chase_on-month": "2",
            "await_chase_on-year": "2030",
        },
    )
    assert error_beside(response, "id_await_chase_on") == "Error: Chase date must be a real date"


def test_await_information_through_the_page(manager_client, referral):
    """A valid chase date puts the referral in "awaiting information" with that date."""
    chase = timezone.localdate() + dt.timedelta(days=3)
    manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "await_information",
            "await_note": "Capacity assessment from the ward",
            "await_chase_on-day": chase.day,
            "await_chase_on-month": chase.month,
            "await_chase_on-year": chase.year,
        },
    )
    referral.refresh_from_db()
    assert (referral.status, referral.chase_on) == (ReferralStatus.AWAITING_INFORMATION, chase)
    page = text_of(manager_client.get(f"/referrals/{referral.pk}/"))
    assert "Waiting for: Capacity assessment from the ward" in page


def test_other_decisions_answers_are_ignored(manager_client, referral):
    """Without JavaScript every question shows: answers under other decisions (even a broken
    date) are not errors for the decision chosen."""
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {
            "decision": "decline",
            "decline_reason": "out_of_area",
            "await_chase_on-day": "99",
            "await_chase_on-month": "x",
            "signpost_to": "",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


def test_re_deciding_is_refused_with_a_message(manager_client, referral):
    """Posting a decision on a decided referral changes nothing and says why."""
    manager_client.post(
        f"/referrals/{referral.pk}/", {"decision": "decline", "decline_reason": "duplicate"}
    )
    response = manager_client.post(
        f"/referrals/{referral.pk}/",
        {"decision": "signpost", "signpost_to": "Citizens Advice"},
        follow=True,
    )
    assert f"Referral {referral.reference} has already been declined" in text_of(response)
    assert "cannot be decided again" in text_of(response)
    assert TriageDecision.objects.count() == 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert 'name="decision"' not in response.content.decode()  # no form on a decided referral


def test_another_organisations_referral_is_not_found(manager_client, other_organisation):
    """A referral of another organisation is a 404, for reading and for deciding."""
    foreign = ReferralFactory(organisation=other_organisation)
    assert manager_client.get(f"/referrals/{foreign.pk}/").status_code == 404
    assert manager_client.post(f"/referrals/{foreign.pk}/", {}).status_code == 404
