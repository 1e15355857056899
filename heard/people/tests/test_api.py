"""The people API: the same tenancy, permissions and access audit as the pages."""

import pytest

from heard.audit.models import AuditEvent
from tests.factories import MembershipFactory, PersonFactory

URL = "/api/v1/people/"


@pytest.fixture
def foreign_person(other_organisation):
    return PersonFactory(organisation=other_organisation, first_name="Zeb", last_name="Foreign")


def test_list_shows_only_this_organisations_people(advocate_client, person, foreign_person):
    """The list holds the current organisation's people and none of another's."""
    response = advocate_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    [row] = body["results"]
    assert row["id"] == person.pk
    assert row["reference"] == person.reference
    assert row["first_name"] == "Aisha"
    assert "Foreign" not in response.content.decode()


def test_list_follows_the_current_organisation(
    advocate_client, organisation, other_organisation, person, foreign_person
):
    """After switching organisation, the API lists the other organisation's people instead."""
    MembershipFactory(user=advocate_client.user, organisation=other_organisation)
    advocate_client.post("/organisation/switch/", {"organisation": other_organisation.pk})
    ids = [row["id"] for row in advocate_client.get(URL).json()["results"]]
    assert ids == [foreign_person.pk]


def test_another_organisations_person_is_404(advocate_client, person, foreign_person):
    """Another organisation's person is indistinguishable from a missing one."""
    assert advocate_client.get(f"{URL}{foreign_person.pk}/").status_code == 404
    assert advocate_client.get(f"{URL}999999/").status_code == 404
    assert not AuditEvent.objects.filter(event_type="person.viewed").exists()


def test_commissioner_is_forbidden(commissioner_client, person):
    """Commissioners never see personal data, through the API either."""
    assert commissioner_client.get(URL).status_code == 403
    assert commissioner_client.get(f"{URL}{person.pk}/").status_code == 403


def test_anonymous_is_refused(client, person):
    """Without a session or a token the API asks for authentication and shows nothing."""
    for url in (URL, f"{URL}{person.pk}/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert "Aisha" not in response.content.decode()


def test_retrieve_is_audited_as_an_api_view(advocate_client, person):
    """Reading one person through the API is logged as a view of their record, via the API."""
    response = advocate_client.get(f"{URL}{person.pk}/")
    assert response.status_code == 200
    assert response.json()["last_name"] == "Khan"
    event = AuditEvent.objects.get(event_type="person.viewed")
    assert event.actor == advocate_client.user
    assert event.organisation == person.organisation
    assert event.target_id == str(person.pk)
    assert event.is_access
    assert event.details["what"] == "api"
    assert event.details["path"] == f"{URL}{person.pk}/"


def test_list_is_audited_on_each_persons_access_log(advocate_client, person):
    """A list is a read of every person on the page: each gets an access event of its own."""
    assert advocate_client.get(URL).status_code == 200
    assert not AuditEvent.objects.filter(event_type="person.viewed").exists()
    event = AuditEvent.objects.get(event_type="api.listed")
    assert (event.target_id, event.is_access) == (str(person.pk), True)
    assert event.actor == advocate_client.user


def test_openapi_schema_is_served(client, db):
    """The OpenAPI schema is published and documents the people endpoints."""
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi: 3" in body
    assert "/api/v1/people/{id}/:" in body
