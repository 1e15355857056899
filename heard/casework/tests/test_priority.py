"""Changing a waiting case's priority: managers only, with a reason, kept in history and audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from heard.audit.models import AuditEvent
from heard.casework.models import Case, Priority, PriorityChange, Status
from heard.casework.services.waiting import PriorityChangeRefused, case_change_priority
from heard.organisations.models import Role
from tests.factories import CaseFactory, PersonFactory, ServiceFactory
from tests.pages import text_of


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Care Act – Leeds")


@pytest.fixture
def case(organisation, service):
    return CaseFactory(organisation=organisation, service=service)


def test_manager_changes_priority_with_a_reason(manager_client, organisation, service, case):
    """The change is saved, kept as a history row and audited with the reason; the case moves
    to the top of the waiting list."""
    earlier = CaseFactory(
        organisation=organisation,
        service=service,
        received_on=case.received_on - dt.timedelta(days=20),
    )
    response = manager_client.post(
        f"/cases/{case.pk}/priority/",
        {"priority": "urgent", "reason": "Discharge from hospital brought forward to Friday"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/cases/waiting/"
    assert f"Case {case.reference} is now urgent priority" in text_of(response)
    case.refresh_from_db()
    assert case.priority == Priority.URGENT
    change = PriorityChange.objects.get()
    assert (change.previous_priority, change.priority) == ("standard", "urgent")
    assert change.reason == "Discharge from hospital brought forward to Friday"
    assert change.changed_by == manager_client.user
    event = AuditEvent.objects.get(event_type="case.priority_changed")
    assert event.changes == {"priority": ["standard", "urgent"]}
    assert event.details["reason"] == "Discharge from hospital brought forward to Friday"
    assert event.target_id == str(case.pk)
    page = text_of(response)
    assert page.index(case.reference) < page.index(earlier.reference)

    history = text_of(manager_client.get(f"/cases/{case.pk}/priority/"))
    assert "Standard to urgent, by" in history
    assert "Discharge from hospital brought forward to Friday" in history


def test_reason_is_required_and_priority_must_change(manager_client, case):
    """No reason, or the same priority, is refused beside the field and nothing changes."""
    response = manager_client.post(f"/cases/{case.pk}/priority/", {"priority": "urgent"})
    assert "Enter why the priority is changing" in text_of(response)
    assert 'id="id_reason-error"' in response.content.decode()
    response = manager_client.post(
        f"/cases/{case.pk}/priority/", {"priority": "standard", "reason": "Just checking"}
    )
    assert "The case is already standard priority" in text_of(response)
    assert 'id="id_priority-error"' in response.content.decode()
    assert not PriorityChange.objects.exists()
    assert not AuditEvent.objects.filter(event_type="case.priority_changed").exists()


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_only_managers_and_admins_change_priority(client_as, organisation, case, role):
    """Advocates and commissioners are refused (403) and see no change link."""
    client = client_as(role, organisation)
    assert client.get(f"/cases/{case.pk}/priority/").status_code == 403
    response = client.post(f"/cases/{case.pk}/priority/", {"priority": "urgent", "reason": "x"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.priority == Priority.STANDARD
    if role == Role.ADVOCATE:
        assert "/priority/" not in client.get("/cases/waiting/").content.decode()


def test_admin_can_change_priority(admin_client, case):
    """Organisation admins can change priority too."""
    admin_client.post(f"/cases/{case.pk}/priority/", {"priority": "urgent", "reason": "Risk"})
    case.refresh_from_db()
    assert case.priority == Priority.URGENT


def test_only_a_waiting_case_changes_priority(manager_client, organisation, case, make_member):
    """Once allocated, the priority no longer orders anything: the change is refused."""
    Case.objects.filter(pk=case.pk).update(status=Status.ALLOCATED)
    case.refresh_from_db()
    page = text_of(manager_client.get(f"/cases/{case.pk}/priority/"))
    assert "Only a waiting case's priority can be changed" in page
    response = manager_client.post(
        f"/cases/{case.pk}/priority/", {"priority": "urgent", "reason": "Too late"}, follow=True
    )
    assert "is not waiting" in text_of(response)
    with pytest.raises(PriorityChangeRefused):
        case_change_priority(
            case=case,
            priority=Priority.URGENT,
            reason="Too late",
            acting_user=make_member(organisation, Role.MANAGER),
        )
    assert not PriorityChange.objects.exists()


def test_service_refuses_a_blank_reason(case, organisation, make_member):
    """The service itself insists on a reason, whatever calls it."""
    with pytest.raises(ValidationError) as raised:
        case_change_priority(
            case=case,
            priority=Priority.URGENT,
            reason="   ",
            acting_user=make_member(organisation, Role.MANAGER),
        )
    assert raised.value.message_dict == {"reason": ["Enter why the priority is changing"]}


def test_another_organisations_case_is_not_found(manager_client, other_organisation):
    """Another organisation's case is a 404."""
    foreign = CaseFactory(
        organisation=other_organisation,
        person=PersonFactory(organisation=other_organisation),
    )
    assert manager_client.get(f"/cases/{foreign.pk}/priority/").status_code == 404
    assert manager_client.post(f"/cases/{foreign.pk}/priority/", {}).status_code == 404
