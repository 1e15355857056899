"""A person on a restricted case: details only for the case's advocate and named managers."""

import pytest

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, PersonFactory


@pytest.fixture
def restricted_person(organisation):
    person = PersonFactory(organisation=organisation, first_name="Hidden", last_name="Relative")
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(
        organisation=organisation, person=person, is_restricted=True, allocated_to=advocate
    )
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case.restricted_managers.add(manager)
    return {"person": person, "advocate": advocate, "manager": manager}


def test_other_staff_see_only_a_placeholder_and_are_refused(advocate_client, restricted_person):
    """The list shows the reference only; opening the record is a 403 and is audited."""
    person = restricted_person["person"]
    body = advocate_client.get("/people/").content.decode()
    assert "Relative" not in body
    assert person.reference in body
    for path in (f"/people/{person.pk}/", f"/people/{person.pk}/edit/"):
        assert advocate_client.get(path).status_code == 403
    assert AuditEvent.objects.filter(event_type="person.restricted_access_refused").count() == 2
    assert advocate_client.get("/api/v1/people/").json()["results"] == []


def test_case_advocate_and_named_manager_can_open(client, restricted_person):
    """The allocated advocate and the named manager open the person as usual."""
    person = restricted_person["person"]
    for key in ("advocate", "manager"):
        client.force_login(restricted_person[key].user)
        assert client.get(f"/people/{person.pk}/").status_code == 200
        assert "Relative" in client.get("/people/").content.decode()


def test_duplicate_warning_does_not_reveal_a_restricted_person(advocate_client, restricted_person):
    """Possible duplicates on a restricted case show as a placeholder, not their name."""
    person = restricted_person["person"]
    data = {
        "first_name": "Hidden",
        "last_name": "Relative",
        "date_of_birth-day": person.date_of_birth.day,
        "date_of_birth-month": person.date_of_birth.month,
        "date_of_birth-year": person.date_of_birth.year,
    }
    body = advocate_client.post("/people/new/", data).content.decode()
    assert "A person on a restricted case" in body
    assert f"/people/{person.pk}/" not in body
