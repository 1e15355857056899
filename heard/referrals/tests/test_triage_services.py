"""Triage services: each decision is one immutable row, one status change and one audit event."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, CaseStatus, Priority, Status
from heard.organisations.models import Organisation, Role
from heard.people.models import Person
from heard.referrals.models import Decision, DeclineReason, ReferralStatus, TriageDecision
from heard.referrals.services import triage
from tests.factories import PersonFactory, ReferralFactory, ServiceFactory


@pytest.fixture
def manager(organisation, make_member):
    return make_member(organisation, Role.MANAGER)


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
        phone="07700 900123",
        communication_needs={
            "needs": ["easy_read", "interpreter"],
            "interpreter_language": "Igbo",
            "other": "",
        },
    )


def _nothing_created(referral):
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert not CaseStatus.objects.exists()
    assert not TriageDecision.objects.exists()
    assert not AuditEvent.objects.filter(
        event_type__in=["person.created", "case.opened", "referral.triaged"]
    ).exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert referral.person is None


def test_accept_creates_person_and_waiting_case_in_one_go(referral, service, manager):
    """Accepting creates the person from the referral, a waiting case, its status row, the decision
    and the audit events, and marks the referral accepted."""
    decision = triage.referral_accept(
        referral=referral,
        acting_user=manager,
        service=service,
        advocacy_type="care_act",
        priority=Priority.URGENT,
    )

    person = Person.objects.get()
    assert (person.first_name, person.last_name, person.date_of_birth) == (
        "Mary",
        "Okafor",
        dt.date(1950, 2, 14),
    )
    assert person.phone == "07700 900123"
    assert person.needs_easy_read and person.needs_interpreter
    assert person.interpreter_language == "Igbo"
    assert person.reference.startswith("P")
    case = Case.objects.get()
    assert case.person == person
    assert case.service == service
    assert case.status == Status.WAITING
    assert case.priority == Priority.URGENT
    assert case.referral_id == referral.pk
    assert case.received_on == timezone.localdate(referral.received_at)
    assert list(CaseStatus.objects.values_list("status", flat=True)) == [Status.WAITING]
    assert decision.decision == Decision.ACCEPT
    assert decision.case == case
    assert decision.decided_by == manager
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.person == person
    triaged = AuditEvent.objects.get(event_type="referral.triaged")
    assert triaged.changes["status"] == ["new", "accepted"]
    assert triaged.details["case"] == case.reference
    assert triaged.details["person_created"] is True
    assert AuditEvent.objects.filter(event_type="person.created").count() == 1
    assert AuditEvent.objects.filter(event_type="case.opened").count() == 1


def test_accept_links_an_existing_person(referral, service, manager, organisation):
    """Accepting for someone already on record opens their case without creating anyone new."""
    existing = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")

    triage.referral_accept(
        referral=referral,
        acting_user=manager,
        service=service,
        advocacy_type="care_act",
        person=existing,
    )

    assert list(Person.objects.all()) == [existing]
    assert Case.objects.get().person == existing
    referral.refresh_from_db()
    assert referral.person == existing
    assert AuditEvent.objects.get(event_type="referral.triaged").details["person_created"] is False


def test_received_on_is_the_uk_date_the_referral_arrived(organisation, service, manager):
    """A referral at 00:30 on 1 July in London (23:30 UTC on 30 June) counts from 1 July."""
    referral = ReferralFactory(
        organisation=organisation, received_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    )
    decision = triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
    )
    assert decision.case.received_on == dt.date(2026, 7, 1)


def test_accept_failing_mid_way_leaves_nothing_half_created(referral, service, manager):
    """The person is created before the case; when the case is refused (the service does not
    deliver IMHA) the person, case, decision and audit are all rolled back, and the person
    reference is not used up."""
    before = Organisation.objects.values_list("person_sequence", flat=True).get(
        pk=referral.organisation_id
    )
    with pytest.raises(ValidationError) as raised:
        triage.referral_accept(
            referral=referral, acting_user=manager, service=service, advocacy_type="imha"
        )
    assert "does not deliver" in str(raised.value.message_dict["advocacy_type"])
    _nothing_created(referral)
    after = Organisation.objects.values_list("person_sequence", flat=True).get(
        pk=referral.organisation_id
    )
    assert after == before


def test_accept_failing_at_the_last_step_rolls_back_the_case_too(referral, service, manager):
    """If recording the decision fails after the person and case exist, neither is kept."""
    with (
        mock.patch(
            "heard.referrals.services.triage.audit_record", side_effect=RuntimeError("audit down")
        ),
        pytest.raises(RuntimeError),
    ):
        triage.referral_accept(
            referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
        )
    _nothing_created(referral)


def test_accept_refuses_another_organisations_service(referral, manager, other_organisation):
    """A service of another organisation cannot receive the case."""
    foreign = ServiceFactory(organisation=other_organisation, advocacy_types=["care_act"])
    with pytest.raises(ValidationError):
        triage.referral_accept(
            referral=referral, acting_user=manager, service=foreign, advocacy_type="care_act"
        )
    _nothing_created(referral)


def test_accept_refuses_another_organisations_person(
    referral, service, manager, other_organisation
):
    """A person of another organisation cannot be linked."""
    stranger = PersonFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        triage.referral_accept(
            referral=referral,
            acting_user=manager,
            service=service,
            advocacy_type="care_act",
            person=stranger,
        )
    assert not Case.objects.exists()


def test_decline_records_reason_and_note(referral, manager):
    """Declining keeps the reason and note on an immutable decision and audits it."""
    triage.referral_decline(
        referral=referral,
        acting_user=manager,
        reason=DeclineReason.OUT_OF_AREA,
        note="Lives in Bradford",
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    decision = TriageDecision.objects.get()
    assert (decision.decline_reason, decision.note) == (
        DeclineReason.OUT_OF_AREA,
        "Lives in Bradford",
    )
    event = AuditEvent.objects.get(event_type="referral.triaged")
    assert event.details["decline_reason"] == "out_of_area"


def test_decline_for_other_reason_needs_a_note(referral, manager):
    """Declining for "other" without a note is refused with a message about the note."""
    with pytest.raises(ValidationError) as raised:
        triage.referral_decline(
            referral=referral, acting_user=manager, reason=DeclineReason.OTHER, note="  "
        )
    assert raised.value.message_dict == {"note": ["Enter why the referral is declined"]}
    assert not TriageDecision.objects.exists()


def test_signpost_needs_someone_to_signpost_to(referral, manager):
    """Signposting names where the person was sent."""
    with pytest.raises(ValidationError):
        triage.referral_signpost(referral=referral, acting_user=manager, signposted_to=" ")
    triage.referral_signpost(
        referral=referral, acting_user=manager, signposted_to="Citizens Advice Leeds"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SIGNPOSTED
    assert TriageDecision.objects.get().signposted_to == "Citizens Advice Leeds"


def test_await_information_sets_chase_date_and_can_be_decided_later(referral, service, manager):
    """Awaiting information stores what is needed and the chase date; a later accept is allowed
    and clears the chase date."""
    chase_on = timezone.localdate() + dt.timedelta(days=7)
    triage.referral_await_information(
        referral=referral, acting_user=manager, note="GP letter", chase_on=chase_on
    )
    referral.refresh_from_db()
    assert (referral.status, referral.chase_on) == (ReferralStatus.AWAITING_INFORMATION, chase_on)
    event = AuditEvent.objects.get(event_type="referral.triaged")
    assert event.changes["chase_on"] == [None, chase_on.isoformat()]

    triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.chase_on) == (ReferralStatus.ACCEPTED, None)
    assert list(referral.decisions.values_list("decision", flat=True)) == [
        Decision.AWAIT_INFORMATION,
        Decision.ACCEPT,
    ]


def test_await_information_refuses_a_past_chase_date(referral, manager):
    """The chase date must be today or later; today itself is fine."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        triage.referral_await_information(
            referral=referral, acting_user=manager, note="GP letter", chase_on=yesterday
        )
    assert "chase_on" in raised.value.message_dict
    triage.referral_await_information(
        referral=referral, acting_user=manager, note="GP letter", chase_on=timezone.localdate()
    )
    assert TriageDecision.objects.count() == 1


@pytest.mark.parametrize(
    "first",
    [
        lambda r, u, s: triage.referral_decline(
            referral=r, acting_user=u, reason=DeclineReason.NOT_ELIGIBLE
        ),
        lambda r, u, s: triage.referral_signpost(referral=r, acting_user=u, signposted_to="CAB"),
        lambda r, u, s: triage.referral_accept(
            referral=r, acting_user=u, service=s, advocacy_type="care_act"
        ),
    ],
    ids=["declined", "signposted", "accepted"],
)
def test_a_decided_referral_cannot_be_decided_again(referral, service, manager, first):
    """Once accepted, declined or signposted, any further decision is refused with a clear
    message and nothing is written."""
    first(referral, manager, service)
    decisions = TriageDecision.objects.count()
    cases = Case.objects.count()
    with pytest.raises(triage.TriageRefused, match="cannot be decided again"):
        triage.referral_accept(
            referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
        )
    with pytest.raises(triage.TriageRefused, match=referral.reference):
        triage.referral_decline(
            referral=referral, acting_user=manager, reason=DeclineReason.DUPLICATE
        )
    assert TriageDecision.objects.count() == decisions
    assert Case.objects.count() == cases


def test_person_data_from_referral_understands_contact_preference(organisation):
    """A referral's contact preference and communication needs carry over to the new person."""
    referral = ReferralFactory.build(
        organisation=organisation,
        communication_needs={"needs": ["bsl", "large_print"], "other": "Speak slowly"},
    )
    referral.contact_preference = "via_helper"
    data = triage.person_data_from_referral(referral)
    assert data["needs_bsl"] and data["needs_large_print"]
    assert data["other_communication_needs"] == "Speak slowly"
    assert data["preferred_contact_method"] == "via_supporter"
    assert "needs_easy_read" not in data
