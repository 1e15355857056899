"""Recording and following up safeguarding concerns: validation, acknowledgement, sign-off, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.safeguarding import services
from heard.safeguarding.models import SafeguardingConcern
from tests.factories import CaseFactory, MembershipFactory, SafeguardingConcernFactory


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER).user


def raise_concern(organisation, user, **overrides):
    data = {
        "summary": "Bruising on both arms, unexplained.",
        "abuse_types": ["physical", "neglect"],
        "raised_to": "local_authority",
        "raised_on": dt.date(2025, 4, 14),
        "about_organisation": "Meadowbank Care Home",
    }
    data.update(overrides)
    return services.concern_raise(organisation=organisation, acting_user=user, **data)


def test_a_concern_from_a_case_is_recorded_and_audited(organisation, advocate):
    """Raised from a case: the case is linked, the raiser kept, the audit names the case."""
    case = CaseFactory(organisation=organisation)
    concern = raise_concern(organisation, advocate, case=case, about_organisation="")
    assert concern.case == case
    assert concern.raised_by == advocate
    event = AuditEvent.objects.about(concern).get()
    assert event.event_type == "safeguarding.raised"
    assert event.details == {"case": case.reference}
    assert event.changes["abuse_types"] == [None, ["physical", "neglect"]]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"about_organisation": ""}, "about_organisation", "Enter the organisation or service"),
        ({"abuse_types": []}, "abuse_types", "Select at least one type"),
        ({"abuse_types": ["bullying"]}, "abuse_types", "from the list"),
        ({"raised_to": "other"}, "raised_to_other", "Enter who the concern was raised with"),
        ({"raised_to": "mi5"}, "raised_to", "not a valid choice"),
        (
            {"raised_on": timezone.localdate() + dt.timedelta(days=2)},
            "raised_on",
            "must be today or in the past",
        ),
        ({"chase_on": dt.date(2025, 4, 1)}, "chase_on", "on or after the date raised"),
    ],
)
def test_invalid_concerns_are_refused(organisation, advocate, overrides, field, message):
    """Each problem is reported against its field; nothing is saved."""
    with pytest.raises(ValidationError) as error:
        raise_concern(organisation, advocate, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not SafeguardingConcern.objects.exists()


def test_a_case_of_another_organisation_is_refused(organisation, other_organisation, advocate):
    """The service itself will not link another organisation's case."""
    with pytest.raises(ValidationError) as error:
        raise_concern(organisation, advocate, case=CaseFactory(organisation=other_organisation))
    assert "case" in error.value.message_dict


def test_acknowledgement_ends_the_wait(organisation, advocate):
    """Acknowledged: no longer awaiting; their reference is stored; audited with the change."""
    concern = raise_concern(organisation, advocate)
    services.concern_acknowledge(
        concern=concern,
        acting_user=advocate,
        acknowledged_on=dt.date(2025, 4, 15),
        their_reference="ASC-2025-0042",
    )
    concern.refresh_from_db()
    assert not concern.is_awaiting_acknowledgement
    assert concern.their_reference == "ASC-2025-0042"
    event = AuditEvent.objects.get(event_type="safeguarding.acknowledged")
    assert event.changes["acknowledged_on"] == [None, "2025-04-15"]


def test_acknowledged_before_raised_is_refused(organisation, advocate):
    """An acknowledgement cannot come before the concern was raised."""
    concern = raise_concern(organisation, advocate)
    with pytest.raises(ValidationError) as error:
        services.concern_acknowledge(
            concern=concern, acting_user=advocate, acknowledged_on=dt.date(2025, 4, 1)
        )
    assert "on or after the date raised" in error.value.message_dict["acknowledged_on"][0]


def test_outcome_then_no_chasing(organisation, advocate):
    """Once there is an outcome there is nothing left to chase."""
    concern = raise_concern(organisation, advocate)
    services.concern_set_chase_date(
        concern=concern, acting_user=advocate, chase_on=dt.date(2025, 4, 22)
    )
    services.concern_record_outcome(
        concern=concern,
        acting_user=advocate,
        outcome="section_42_enquiry",
        outcome_on=dt.date(2025, 4, 28),
        outcome_note="Enquiry opened",
    )
    with pytest.raises(services.ConcernRefused, match="nothing to chase"):
        services.concern_set_chase_date(
            concern=concern, acting_user=advocate, chase_on=dt.date(2025, 5, 1)
        )
    types = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"safeguarding.chase_date_set", "safeguarding.outcome_recorded"} <= types


def test_only_managers_sign_off_and_only_once(organisation, advocate, manager):
    """An advocate may not sign off; a manager's sign-off records who and when, once."""
    concern = SafeguardingConcernFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.concern_sign_off(concern=concern, acting_user=advocate)
    services.concern_sign_off(concern=concern, acting_user=manager, note="Handled well")
    concern.refresh_from_db()
    assert concern.signed_off_by == manager
    assert concern.signed_off_at is not None
    assert concern.sign_off_note == "Handled well"
    with pytest.raises(services.ConcernRefused, match="already signed off"):
        services.concern_sign_off(concern=concern, acting_user=manager)
    assert AuditEvent.objects.filter(event_type="safeguarding.signed_off").count() == 1
