"""Allocation: weighted caseloads against capacity, conflicts that block, overrides, weights."""

from decimal import Decimal

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, ClosureReason, Status
from heard.casework.services import allocation
from heard.casework.services.lifecycle import (
    TransitionRefused,
    case_allocate,
    case_close,
    case_record_first_contact,
)
from heard.organisations.models import Organisation, Role
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    ConflictOfInterestFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, name="Leeds advocacy", advocacy_types=["care_act", "imca"]
    )


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER, caseload_capacity=0)


@pytest.fixture
def ada(organisation):
    return MembershipFactory(
        organisation=organisation, user__full_name="Ada Advocate", caseload_capacity=5
    )


def allocated(organisation, service, advocate, manager, advocacy_type="care_act", **kwargs):
    case = CaseFactory(
        organisation=organisation, service=service, advocacy_type=advocacy_type, **kwargs
    )
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    return case


def test_weighted_caseload_counts_open_cases_by_type_weight(organisation, service, manager, ada):
    """Allocated, active and on-hold cases count at their type's weight; closed and waiting don't."""
    organisation.settings = {"caseload_weights": {"imca": "2.5"}}
    organisation.save()
    allocated(organisation, service, ada, manager)
    active = allocated(organisation, service, ada, manager)
    case_record_first_contact(
        case=active,
        activity=ActivityFactory(case=active, with_person=True),
        acting_user=manager.user,
    )
    allocated(organisation, service, ada, manager, advocacy_type="imca")
    closed = allocated(organisation, service, ada, manager)
    case_record_first_contact(
        case=closed,
        activity=ActivityFactory(case=closed, with_person=True),
        acting_user=manager.user,
    )
    case_close(case=closed, reason=ClosureReason.ISSUES_RESOLVED, acting_user=manager.user)
    CaseFactory(organisation=organisation, service=service)  # waiting: nobody's
    [row] = [m for m in allocation.advocate_caseloads(organisation) if m.pk == ada.pk]
    assert row.caseload == Decimal("4.5")


def test_caseloads_for_all_candidates_are_one_query(
    organisation, service, manager, ada, django_assert_num_queries
):
    """However many advocates and cases, the caseloads come from one grouped query."""
    others = [MembershipFactory(organisation=organisation) for _ in range(4)]
    for member in [ada, *others]:
        allocated(organisation, service, member, manager)
    organisation = Organisation.objects.get(pk=organisation.pk)
    with django_assert_num_queries(1):
        rows = allocation.advocate_caseloads(organisation)
    assert {m.pk: m.caseload for m in rows} == {m.pk: Decimal(1) for m in [ada, *others]}


def test_candidates_are_active_staff_with_a_caseload(organisation, other_organisation, ada):
    """Advocates and managers with capacity; not admins, commissioners, leavers or zero capacity."""
    manager_with_capacity = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    MembershipFactory(organisation=organisation, role=Role.ADMIN)
    MembershipFactory(organisation=organisation, role=Role.COMMISSIONER)
    MembershipFactory(organisation=organisation, is_active=False)
    MembershipFactory(organisation=organisation, caseload_capacity=0)
    MembershipFactory(organisation=other_organisation)
    case = CaseFactory(organisation=organisation)
    assert {c.membership.pk for c in allocation.candidates_for(case)} == {
        ada.pk,
        manager_with_capacity.pk,
    }


def test_candidates_cost_two_queries(
    organisation, service, manager, ada, django_assert_num_queries
):
    """Caseloads (one grouped query) and conflicts (one query), whatever the numbers."""
    for _ in range(3):
        member = MembershipFactory(organisation=organisation)
        ConflictOfInterestFactory(membership=member, kind="provider", name="Oak House")
        allocated(organisation, service, member, manager)
    case = Case.objects.select_related("organisation", "person", "referral").get(
        pk=CaseFactory(organisation=organisation, service=service).pk
    )
    with django_assert_num_queries(2):
        candidates = allocation.candidates_for(case)
    assert len(candidates) == 4


def test_over_capacity_is_shown_but_does_not_block(organisation, service, manager):
    """Someone at capacity can still be allocated; the candidate says they would be over."""
    full = MembershipFactory(organisation=organisation, caseload_capacity=1)
    allocated(organisation, service, full, manager)
    case = CaseFactory(organisation=organisation, service=service)
    [candidate] = [c for c in allocation.candidates_for(case) if c.membership == full]
    assert candidate.over_capacity
    assert (candidate.caseload, candidate.caseload_after) == (Decimal(1), Decimal(2))
    case_allocate(case=case, advocate=full, acting_user=manager.user)
    case.refresh_from_db()
    assert case.allocated_to == full


# Conflicts -------------------------------------------------------------------------------------


@pytest.fixture
def okafor_case(organisation, service):
    person = PersonFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        address="Room 4, Oak House Care Home\nLeeds",
    )
    referral = ReferralFactory(
        organisation=organisation,
        situation="Her review at Beech Ward is next week",
        referrer_organisation="Leeds Teaching Hospitals",
    )
    return CaseFactory(organisation=organisation, service=service, person=person, referral=referral)


@pytest.mark.parametrize(
    ("kind", "name", "blocks"),
    [
        ("person", "", True),
        ("family", "okafor", True),
        ("family", " OKAFOR ", True),
        ("family", "Okonkwo", None),
        ("provider", "Oak House Care Home", True),  # in the person's address
        ("provider", "beech ward", True),  # in the referral's situation
        ("provider", "Leeds Teaching Hospitals", True),  # the referrer's organisation
        ("provider", "Willow Lodge", False),  # a warning to check, not a block
    ],
)
def test_conflicts_that_concern_the_case(organisation, okafor_case, ada, kind, name, blocks):
    """Person and family conflicts block; a provider blocks only when the case mentions it."""
    ConflictOfInterestFactory(
        membership=ada,
        kind=kind,
        name=name.strip() if kind != "person" else "",
        person=okafor_case.person if kind == "person" else None,
    )
    [candidate] = allocation.candidates_for(okafor_case)
    if blocks is None:
        assert candidate.conflicts == []
    else:
        assert [m.blocks for m in candidate.conflicts] == [blocks]
        assert candidate.has_conflict is blocks


def test_resolved_and_other_peoples_conflicts_do_not_count(organisation, okafor_case, ada):
    """A resolved conflict, or someone else's, does not touch Ada's allocation."""
    ConflictOfInterestFactory(
        membership=ada,
        kind="person",
        name="",
        person=okafor_case.person,
        resolved_at=timezone.now(),
    )
    someone = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    ConflictOfInterestFactory(membership=someone, kind="person", name="", person=okafor_case.person)
    [candidate] = allocation.candidates_for(okafor_case)
    assert candidate.conflicts == []
    case_allocate(case=okafor_case, advocate=ada, acting_user=someone.user)


def test_a_conflict_blocks_allocation_without_an_override(organisation, okafor_case, ada, manager):
    """The refusal names the advocate and the conflict, beside the advocate field."""
    ConflictOfInterestFactory(membership=ada, kind="family", name="Okafor")
    with pytest.raises(TransitionRefused) as refused:
        case_allocate(case=okafor_case, advocate=ada, acting_user=manager.user)
    assert refused.value.errors == {
        "advocate": "Ada Advocate has declared a conflict of interest with the Okafor family. "
        "Select another advocate, or give a reason to override the conflict"
    }
    okafor_case.refresh_from_db()
    assert okafor_case.status == Status.WAITING
    assert not AuditEvent.objects.filter(event_type="case.allocated").exists()


def test_a_manager_can_override_a_conflict_with_a_reason(organisation, okafor_case, ada, manager):
    """The override is kept on the status row and audited as case.conflict_overridden."""
    conflict = ConflictOfInterestFactory(membership=ada, kind="family", name="Okafor")
    row = case_allocate(
        case=okafor_case,
        advocate=ada,
        override_reason="A different Okafor family: checked with Ada",
        acting_user=manager.user,
    )
    assert row.conflict_override_reason == "A different Okafor family: checked with Ada"
    event = AuditEvent.objects.get(event_type="case.conflict_overridden")
    assert event.actor == manager.user
    assert event.target_id == str(okafor_case.pk)
    assert event.details["conflict_ids"] == [conflict.pk]
    assert event.details["override_reason"] == "A different Okafor family: checked with Ada"


def test_an_override_reason_without_a_conflict_is_not_recorded(okafor_case, ada, manager):
    """Nothing was overridden, so nothing is audited as overridden."""
    row = case_allocate(
        case=okafor_case, advocate=ada, override_reason="Just in case", acting_user=manager.user
    )
    assert row.conflict_override_reason == ""
    assert not AuditEvent.objects.filter(event_type="case.conflict_overridden").exists()


def test_provider_warning_does_not_block(okafor_case, ada, manager):
    """A provider the case does not mention: allocation goes ahead."""
    ConflictOfInterestFactory(membership=ada, kind="provider", name="Willow Lodge")
    case_allocate(case=okafor_case, advocate=ada, acting_user=manager.user)
    okafor_case.refresh_from_db()
    assert okafor_case.status == Status.ALLOCATED


# Weights ---------------------------------------------------------------------------------------


def test_weights_default_to_one_and_are_saved_and_audited(organisation, manager):
    """Only weights different from 1 are stored; other settings are kept; the change is audited."""
    organisation.settings = {"no_contact_alert_days": 10}
    organisation.save()
    assert set(allocation.caseload_weights(organisation).values()) == {Decimal(1)}
    allocation.caseload_weights_update(
        organisation=organisation,
        weights={"imca": Decimal("2.50"), "care_act": Decimal("1")},
        acting_user=manager.user,
    )
    organisation.refresh_from_db()
    assert organisation.settings == {
        "no_contact_alert_days": 10,
        "caseload_weights": {"imca": "2.5"},
    }
    event = AuditEvent.objects.get(event_type="organisation.updated")
    assert event.changes == {"caseload_weights.imca": ["1", "2.5"]}


@pytest.mark.parametrize("value", ["-1", "11", "lots", "NaN"])
def test_weights_out_of_range_are_refused(organisation, manager, value):
    """Weights are numbers from 0 to 10."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        allocation.caseload_weights_update(
            organisation=organisation, weights={"imca": value}, acting_user=manager.user
        )
    assert "imca" in error.value.message_dict


# Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def page_client(client, manager):
    client.force_login(manager.user)
    return client


def test_allocation_page_shows_caseloads_and_conflicts(page_client, okafor_case, ada, organisation):
    """Each advocate with "x of y", and tags for over capacity and declared conflicts."""
    full = MembershipFactory(
        organisation=organisation, user__full_name="Fay Full", caseload_capacity=1
    )
    allocated(
        organisation,
        okafor_case.service,
        full,
        MembershipFactory(organisation=organisation, role=Role.MANAGER),
    )
    ConflictOfInterestFactory(membership=ada, kind="person", name="", person=okafor_case.person)
    response = page_client.get(f"/cases/{okafor_case.pk}/allocate/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "0 of 5 weighted cases" in body
    assert "1 of 1 weighted cases" in body
    assert "Over capacity" in body
    assert "Conflict declared" in body
    assert "Declared a conflict of interest with this person" in body
    assert "Reason to override a conflict of interest" in body


def test_allocation_page_blocks_a_conflict_and_accepts_an_override(page_client, okafor_case, ada):
    """Posting a conflicted advocate shows the error; adding a reason allocates."""
    ConflictOfInterestFactory(membership=ada, kind="person", name="", person=okafor_case.person)
    url = f"/cases/{okafor_case.pk}/allocate/"
    response = page_client.post(url, {"advocate": ada.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Ada Advocate has declared a conflict of interest with this person" in body
    response = page_client.post(
        url, {"advocate": ada.pk, "override_reason": "Only contact was 10 years ago"}
    )
    assert response.status_code == 302
    okafor_case.refresh_from_db()
    assert okafor_case.allocated_to == ada


def test_allocating_from_the_waiting_list_returns_there(page_client, okafor_case, ada):
    """The waiting list links to allocation, and allocating goes back to the list."""
    waiting = page_client.get("/cases/waiting/").content.decode()
    assert f"/cases/{okafor_case.pk}/allocate/?from=waiting" in waiting
    response = page_client.post(
        f"/cases/{okafor_case.pk}/allocate/?from=waiting", {"advocate": ada.pk}
    )
    assert response.headers["Location"] == "/cases/waiting/"
    follow = page_client.get("/cases/waiting/").content.decode()
    assert f"Case {okafor_case.reference} allocated to Ada Advocate" in follow


def test_reallocation_page_needs_a_reason_and_hides_the_current_advocate(
    page_client, okafor_case, ada, manager, organisation
):
    """The current advocate is not offered; a reason is required."""
    other = MembershipFactory(organisation=organisation, user__full_name="Olu Other")
    case_allocate(case=okafor_case, advocate=ada, acting_user=manager.user)
    url = f"/cases/{okafor_case.pk}/allocate/"
    body = page_client.get(url).content.decode()
    assert "Reallocate the case" in body
    assert "Ada Advocate" not in body.split("Who should take over?")[1]
    response = page_client.post(url, {"advocate": other.pk})
    assert "Enter why the case is being reallocated" in response.content.decode()
    response = page_client.post(url, {"advocate": other.pk, "reason": "Ada is on leave"})
    assert response.status_code == 302
    okafor_case.refresh_from_db()
    assert okafor_case.allocated_to == other


def test_advocates_cannot_allocate(advocate_client, okafor_case, ada):
    """Allocation is a manager's job: 403 for an advocate, and no Allocate link."""
    assert advocate_client.get(f"/cases/{okafor_case.pk}/allocate/").status_code == 403
    response = advocate_client.post(f"/cases/{okafor_case.pk}/allocate/", {"advocate": ada.pk})
    assert response.status_code == 403
    assert "/allocate/" not in advocate_client.get("/cases/waiting/").content.decode()


def test_an_active_case_is_reallocated_from_the_page(page_client, okafor_case, ada, manager):
    """An active case's allocation page is for reallocation: it asks who takes over and why."""
    case_allocate(case=okafor_case, advocate=ada, acting_user=manager.user)
    case_record_first_contact(
        case=okafor_case,
        activity=ActivityFactory(case=okafor_case, with_person=True),
        acting_user=manager.user,
    )
    response = page_client.get(f"/cases/{okafor_case.pk}/allocate/", follow=True)
    body = response.content.decode()
    assert "Reallocate the case" in body


def test_weights_page_saves_for_managers(page_client, organisation):
    """A manager sets a weight; bad input is explained beside the field."""
    data = {code: "1" for code in allocation.caseload_weights(organisation)}
    response = page_client.post("/cases/weights/", {**data, "imca": "ten"})
    assert "Enter the weight for Independent Mental Capacity Advocate as a number" in (
        response.content.decode()
    )
    response = page_client.post("/cases/weights/", {**data, "imca": "2"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.settings["caseload_weights"] == {"imca": "2"}


def test_weights_page_is_for_managers_and_admins(advocate_client):
    """Advocates cannot change caseload weights."""
    assert advocate_client.get("/cases/weights/").status_code == 403
