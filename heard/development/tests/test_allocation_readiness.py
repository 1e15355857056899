"""Allocation respects induction and qualification readiness, exactly like conflicts: someone
not signed off or qualified for the case's type needs a manager's recorded override."""

import pytest
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, Status
from heard.casework.services import allocation
from heard.casework.services.lifecycle import TransitionRefused, case_allocate
from heard.development import selectors, services
from heard.development.tests.factories import TrainingItemFactory
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(organisation):
    organisation.settings = {selectors.READINESS_SETTING: True}
    organisation.save()
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER, caseload_capacity=0)
    ada = MembershipFactory(
        organisation=organisation, user__full_name="Ada Advocate", caseload_capacity=10
    )
    services.readiness_sign_off(
        membership=ada, advocacy_type="imca", actor=manager, signed_off_on=timezone.localdate()
    )
    service = ServiceFactory(organisation=organisation, advocacy_types=["imca", "imha"])
    return manager, ada, service


def test_signed_off_for_imca_takes_imca_but_not_imha_without_override(organisation, setup):
    manager, ada, service = setup
    imca = CaseFactory(organisation=organisation, service=service, advocacy_type="imca")
    case_allocate(case=imca, advocate=ada, acting_user=manager.user)
    assert Case.objects.get(pk=imca.pk).status == Status.ALLOCATED
    imha = CaseFactory(organisation=organisation, service=service, advocacy_type="imha")
    with pytest.raises(TransitionRefused) as refused:
        case_allocate(case=imha, advocate=ada, acting_user=manager.user)
    assert "not signed off as ready for Independent Mental Health Advocate cases" in str(
        refused.value.errors["advocate"]
    )
    case_allocate(
        case=imha,
        advocate=ada,
        acting_user=manager.user,
        override_reason="Tribunal tomorrow; shadowed by her mentor",
    )
    event = AuditEvent.objects.get(event_type="case.readiness_overridden")
    assert event.details["override_reason"] == "Tribunal tomorrow; shadowed by her mentor"
    assert imha.statuses.last().conflict_override_reason


def test_required_training_must_be_achieved_and_current(organisation, setup):
    manager, ada, service = setup
    item = TrainingItemFactory(
        organisation=organisation, name="MCA and DoLS", required_for=["imca"]
    )
    case = CaseFactory(organisation=organisation, service=service, advocacy_type="imca")
    [candidate] = [c for c in allocation.candidates_for(case) if c.membership == ada]
    assert candidate.not_ready == ["does not hold MCA and DoLS"]
    services.training_update(
        membership=ada,
        item=item,
        actor=manager,
        status="achieved",
        achieved_on=timezone.localdate(),
    )
    [candidate] = [c for c in allocation.candidates_for(case) if c.membership == ada]
    assert candidate.not_ready == []


def test_organisations_that_do_not_check_readiness_allocate_as_before(organisation, setup):
    manager, ada, service = setup
    organisation.settings = {}
    organisation.save()
    case = CaseFactory(organisation=organisation, service=service, advocacy_type="imha")
    case_allocate(case=case, advocate=ada, acting_user=manager.user)
    assert Case.objects.get(pk=case.pk).allocated_to == ada


def test_the_allocation_page_asks_for_an_override(client, organisation, setup):
    manager, ada, service = setup
    case = CaseFactory(organisation=organisation, service=service, advocacy_type="imha")
    client.force_login(manager.user)
    url = reverse("casework:case_allocate", kwargs={"case_id": case.pk})
    body = client.get(url).content.decode()
    assert "Not signed off or qualified for this type" in body
    response = client.post(url, {"advocate": ada.pk})
    assert response.status_code == 200
    assert "give a reason to override" in response.content.decode()
    response = client.post(url, {"advocate": ada.pk, "override_reason": "Only IMHA-trained cover"})
    assert response.status_code == 302


def test_readiness_for_every_candidate_is_a_fixed_number_of_queries(
    organisation, setup, django_assert_max_num_queries
):
    _manager, ada, _service = setup
    for _ in range(5):
        MembershipFactory(organisation=organisation, caseload_capacity=5)
    with django_assert_max_num_queries(3):
        gaps = selectors.readiness_gaps(
            organisation,
            "imha",
            list(organisation.memberships.values_list("pk", flat=True)),
            today=timezone.localdate(),
        )
    assert ada.pk in gaps


def test_a_declared_conflict_with_the_commissioner_blocks_their_services_cases(organisation):
    """Independence: a conflict with a commissioner blocks cases of services they commission."""
    from heard.casework.services.conflicts import conflict_declare, conflict_matches

    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER, caseload_capacity=0)
    ada = MembershipFactory(organisation=organisation, caseload_capacity=10)
    conflict_declare(
        membership=ada, kind="commissioner", name="Leeds City Council", acting_user=ada.user
    )
    theirs = CaseFactory(
        organisation=organisation,
        service=ServiceFactory(organisation=organisation, commissioner="Leeds City Council"),
    )
    other = CaseFactory(
        organisation=organisation,
        service=ServiceFactory(organisation=organisation, commissioner="Bradford Council"),
    )
    [match] = conflict_matches(theirs, [ada.pk])[ada.pk]
    assert match.blocks and "commission this service" in match.explanation
    assert conflict_matches(other, [ada.pk]) == {}
    with pytest.raises(TransitionRefused):
        case_allocate(case=theirs, advocate=ada, acting_user=manager.user)
    case_allocate(case=other, advocate=ada, acting_user=manager.user)
