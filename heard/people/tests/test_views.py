"""People pages: list, search, create (validation, duplicates), edit, detail, access log."""

import datetime as dt

import pytest

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.people.models import Person
from tests.factories import PersonFactory

VALID = {
    "first_name": "Megan",
    "last_name": "Price",
    "date_of_birth-day": "14",
    "date_of_birth-month": "6",
    "date_of_birth-year": "1961",
    "postcode": "cf10 1aa",
    "local_authority": "W06000015",
    "nhs_number": "943 476 5919",
    "needs_easy_read": "on",
    "ethnicity": "white_british",
    "sex": "prefer_not_to_say",
}


def test_list_shows_people_of_this_organisation(advocate_client, person):
    response = advocate_client.get("/people/")
    assert response.status_code == 200
    assert "Aisha Khan" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [("khan", True), ("Ais Kh", True), ("nobody", False), ("LS1 4AP", True), ("ls14ap", True)],
)
def test_search_by_name_and_postcode(advocate_client, person, query, found):
    body = advocate_client.get("/people/", {"q": query}).content.decode()
    assert ("Aisha Khan" in body) is found


def test_search_by_reference_and_date_of_birth(advocate_client, person):
    dob = person.date_of_birth
    assert "Aisha Khan" in advocate_client.get("/people/", {"q": person.reference}).content.decode()
    assert (
        "Aisha Khan"
        in advocate_client.get("/people/", {"q": dob.strftime("%d/%m/%Y")}).content.decode()
    )


def test_filter_by_communication_need(advocate_client, organisation):
    PersonFactory(organisation=organisation, last_name="Needsbsl", needs_bsl=True)
    PersonFactory(organisation=organisation, last_name="Nobsl")
    body = advocate_client.get("/people/", {"need": "bsl"}).content.decode()
    assert "Needsbsl" in body and "Nobsl" not in body


def test_list_is_paginated(advocate_client, organisation):
    """25 a page in name order, with a "Next" link by cursor (keyset pages, ADR-0052)."""
    PersonFactory.create_batch(30, organisation=organisation)
    response = advocate_client.get("/people/")
    body = response.content.decode()
    assert "30 people" in body
    assert len(response.context["rows"]) == 25
    assert 'rel="next"' in body and "after=" in body and 'rel="prev"' not in body


def test_commissioner_cannot_see_people(commissioner_client, person):
    """Commissioners see aggregate figures only, never personal data."""
    assert commissioner_client.get("/people/").status_code == 403
    assert commissioner_client.get(f"/people/{person.pk}/").status_code == 403


def test_create_person_with_errors_keeps_what_was_typed(advocate_client):
    data = {**VALID, "postcode": "not a postcode", "date_of_birth-month": "13", "last_name": ""}
    response = advocate_client.post("/people/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a full UK postcode" in body
    assert 'value="not a postcode"' in body
    assert 'value="Megan"' in body
    assert "<title>Error: " in body
    assert not Person.objects.exists()


def test_create_person_validates_nhs_number(advocate_client):
    response = advocate_client.post("/people/new/", {**VALID, "nhs_number": "943 476 5918"})
    assert "Enter a valid NHS number" in response.content.decode()


def test_interpreter_needs_a_language(advocate_client):
    response = advocate_client.post("/people/new/", {**VALID, "needs_interpreter": "on"})
    assert "Enter the language the interpreter should speak" in response.content.decode()


def test_create_person_saves_normalised_values_and_audits(advocate_client, organisation):
    response = advocate_client.post("/people/new/", VALID)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.organisation == organisation
    assert person.postcode == "CF10 1AA"
    assert person.nhs_number == "9434765919"
    assert person.date_of_birth == dt.date(1961, 6, 14)
    assert person.reference == "P000001"
    event = AuditEvent.objects.get(event_type="person.created")
    assert event.actor == advocate_client.user
    assert event.changes["last_name"] == [None, "Price"]


def test_possible_duplicates_are_shown_before_saving(advocate_client, organisation):
    existing = PersonFactory(
        organisation=organisation,
        first_name="Megan",
        last_name="Pryce",
        date_of_birth=dt.date(1961, 6, 14),
    )
    response = advocate_client.post("/people/new/", VALID)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check this person is not already on record" in body
    assert existing.reference in body
    assert Person.objects.count() == 1

    response = advocate_client.post("/people/new/", {**VALID, "confirm_new_person": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_same_postcode_and_birthday_is_a_possible_duplicate(advocate_client, organisation):
    PersonFactory(
        organisation=organisation,
        first_name="Completely",
        last_name="Different",
        date_of_birth=dt.date(1961, 6, 14),
        postcode="CF10 1AA",
    )
    body = advocate_client.post("/people/new/", VALID).content.decode()
    assert "Check this person is not already on record" in body


def test_other_organisations_people_are_never_duplicates(advocate_client, other_organisation):
    PersonFactory(
        organisation=other_organisation,
        first_name="Megan",
        last_name="Price",
        date_of_birth=dt.date(1961, 6, 14),
    )
    assert advocate_client.post("/people/new/", VALID).status_code == 302


def test_detail_is_logged_as_a_view(advocate_client, person):
    response = advocate_client.get(f"/people/{person.pk}/", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type="person.viewed")
    assert event.actor == advocate_client.user
    assert event.ip_address == "203.0.113.9"
    assert event.target_id == str(person.pk)


def test_edit_records_what_changed(advocate_client, person):
    data = {"first_name": "Aisha", "last_name": "Khan-Jones", "postcode": "LS1 4AP"}
    response = advocate_client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Khan-Jones"
    event = AuditEvent.objects.get(event_type="person.updated")
    assert event.changes["last_name"] == ["Khan", "Khan-Jones"]


def test_admin_sees_who_has_looked(client_as, organisation, person):
    advocate = client_as(Role.ADVOCATE, organisation)
    advocate.get(f"/people/{person.pk}/")
    viewer = advocate.user
    admin = client_as(Role.ADMIN, organisation)
    body = admin.get(f"/people/{person.pk}/access-log/").content.decode()
    assert viewer.full_name in body
    assert "Person record viewed" in body


def test_advocate_cannot_see_access_log(advocate_client, person):
    assert advocate_client.get(f"/people/{person.pk}/access-log/").status_code == 403
