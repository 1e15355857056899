"""A case opens non-instructed when the referral or the type says the person lacks capacity;
the advocate chooses the approach, and every change is in the case's history."""

from types import SimpleNamespace

import pytest

from heard.audit.models import AuditEvent
from heard.casework.instruction import (
    BEST_INTERESTS,
    LACKS_CAPACITY,
    NON_INSTRUCTED_TYPES,
    TYPE,
    opens_non_instructed,
)
from heard.casework.models import Case, Instruction, InstructionChange
from heard.core.advocacy_types import AdvocacyType
from heard.organisations.models import Role
from heard.referrals.services import triage
from tests.factories import MembershipFactory, ReferralFactory, ServiceFactory
from tests.pages import text_of


def referral_like(basis="consent", **answers):
    return SimpleNamespace(basis=basis, eligibility_answers=answers)


# The rule --------------------------------------------------------------------------------------


@pytest.mark.parametrize("advocacy_type", sorted(NON_INSTRUCTED_TYPES))
def test_imca_and_dols_types_always_open_non_instructed(advocacy_type):
    assert opens_non_instructed(advocacy_type=advocacy_type, referral=None) == TYPE
    assert opens_non_instructed(advocacy_type=advocacy_type, referral=referral_like()) == TYPE


def test_the_referrals_best_interests_basis_opens_non_instructed():
    referral = referral_like(basis="best_interests")
    assert opens_non_instructed(advocacy_type="care_act", referral=referral) == BEST_INTERESTS


def test_an_assessment_of_lacking_capacity_opens_non_instructed():
    referral = referral_like(lacks_capacity=True)
    assert opens_non_instructed(advocacy_type="imha", referral=referral) == LACKS_CAPACITY


@pytest.mark.parametrize(
    "referral",
    [None, referral_like(), referral_like(lacks_capacity=False), referral_like(basis="self")],
)
def test_otherwise_the_case_is_instructed(referral):
    assert opens_non_instructed(advocacy_type="care_act", referral=referral) == ""


def test_unknown_capacity_is_not_taken_as_lacking_it():
    """Absent or "not known" is not a finding that the person lacks capacity."""
    assert (
        opens_non_instructed(advocacy_type="care_act", referral=referral_like(lacks_capacity=None))
        == ""
    )
    odd = SimpleNamespace(basis="", eligibility_answers="not a dict")
    assert opens_non_instructed(advocacy_type="care_act", referral=odd) == ""


# Accepting a referral --------------------------------------------------------------------------


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER).user


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, advocacy_types=[AdvocacyType.CARE_ACT, AdvocacyType.IMCA]
    )


def accept(referral, service, manager, advocacy_type="care_act") -> Case:
    return triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type=advocacy_type
    ).case


def test_a_best_interests_referral_opens_a_non_instructed_case(organisation, service, manager):
    """No approach is chosen yet; a history row says why, and the opening is audited."""
    referral = ReferralFactory(organisation=organisation, basis="best_interests")
    case = accept(referral, service, manager)
    case.refresh_from_db()
    assert case.instruction == Instruction.NON_INSTRUCTED
    assert case.non_instructed_approaches == []
    row = InstructionChange.objects.get(case=case)
    assert (row.previous_instruction, row.instruction, row.reason) == (
        "",
        Instruction.NON_INSTRUCTED,
        BEST_INTERESTS,
    )
    assert row.changed_by == manager
    opened = AuditEvent.objects.get(event_type="case.opened")
    assert opened.changes["instruction"] == [None, "non_instructed"]


def test_an_imca_case_opens_non_instructed_whatever_the_basis(organisation, service, manager):
    referral = ReferralFactory(organisation=organisation, basis="consent")
    case = accept(referral, service, manager, advocacy_type="imca")
    assert Case.objects.get(pk=case.pk).instruction == Instruction.NON_INSTRUCTED
    assert InstructionChange.objects.get(case=case).reason == TYPE


def test_a_consenting_referral_opens_an_instructed_case(organisation, service, manager):
    referral = ReferralFactory(organisation=organisation, basis="consent")
    case = accept(referral, service, manager)
    assert Case.objects.get(pk=case.pk).instruction == Instruction.INSTRUCTED
    assert not InstructionChange.objects.filter(case=case).exists()
    assert "instruction" not in AuditEvent.objects.get(event_type="case.opened").changes


# The case page and the details form --------------------------------------------------------------


def test_the_case_page_asks_for_the_approach_and_shows_why(
    manager_client, organisation, service, manager
):
    referral = ReferralFactory(organisation=organisation, basis="best_interests")
    case = accept(referral, service, manager)
    text = text_of(manager_client.get(f"/cases/{case.pk}/"))
    assert "Non-instructed" in text
    assert "Not chosen yet: the advocate chooses the approach" in text
    assert "Opened as non-instructed" in text
    assert "Because the referral says the person lacks capacity to agree to it." in text


def test_changing_instruction_or_approaches_is_in_the_history(
    manager_client, organisation, service, manager
):
    """Choosing the approach, then changing to instructed, each add a row the page shows."""
    referral = ReferralFactory(organisation=organisation, basis="best_interests")
    case = accept(referral, service, manager)
    url = f"/cases/{case.pk}/details/"
    chosen = {
        "instruction": "non_instructed",
        "non_instructed_approaches": ["human_rights"],
        "dols_authorisation": "",
    }
    assert manager_client.post(url, chosen).status_code == 302
    assert manager_client.post(url, {"instruction": "instructed"}).status_code == 302

    rows = list(InstructionChange.objects.filter(case=case).order_by("changed_at", "id"))
    assert [(r.previous_instruction, r.instruction) for r in rows] == [
        ("", "non_instructed"),
        ("non_instructed", "non_instructed"),
        ("non_instructed", "instructed"),
    ]
    assert rows[1].previous_approaches == [] and rows[1].approaches == ["human_rights"]
    text = text_of(manager_client.get(f"/cases/{case.pk}/"))
    assert "Non-instructed approaches changed" in text
    assert "Approaches: Human rights approach (before: none chosen)" in text
    assert "Changed to instructed" in text
    assert text.index("Changed to instructed") < text.index("Non-instructed approaches changed")


def test_saving_details_without_changing_instruction_adds_no_row(
    manager_client, organisation, service, manager
):
    referral = ReferralFactory(organisation=organisation, basis="consent")
    case = accept(referral, service, manager)
    url = f"/cases/{case.pk}/details/"
    assert manager_client.post(url, {"instruction": "instructed"}).status_code == 302
    assert not InstructionChange.objects.filter(case=case).exists()
