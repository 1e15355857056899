"""Restriction belongs to the person (ADR-0008): someone on a restricted case shows only as
"Restricted case" on their other, unrestricted cases too, for staff the restricted case is
closed to — in the case list and the waiting list — and by name to those named on it."""

from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, PersonFactory, ServiceFactory


def _person_on_a_restricted_case(organisation):
    owner = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    service = ServiceFactory(organisation=organisation)
    person = PersonFactory(organisation=organisation, first_name="Zorblax", last_name="Hidden")
    CaseFactory(
        organisation=organisation,
        service=service,
        person=person,
        is_restricted=True,
        allocated_to=owner,
    )
    open_case = CaseFactory(organisation=organisation, service=service, person=person)
    return owner, open_case


def test_case_list_hides_the_person_on_their_unrestricted_case(manager_client, organisation):
    _, open_case = _person_on_a_restricted_case(organisation)
    page = manager_client.get("/cases/?status=all").content.decode()
    assert open_case.reference in page
    assert "Zorblax" not in page
    assert "Restricted case" in page


def test_waiting_list_hides_the_person_too(manager_client, organisation):
    _person_on_a_restricted_case(organisation)
    page = manager_client.get("/cases/waiting/").content.decode()
    assert "Zorblax" not in page
    assert "Restricted case" in page


def test_the_advocate_named_on_the_restricted_case_sees_the_name(client, organisation):
    owner, open_case = _person_on_a_restricted_case(organisation)
    client.force_login(owner.user)
    page = client.get("/cases/?status=all").content.decode()
    assert open_case.reference in page
    assert "Zorblax" in page
