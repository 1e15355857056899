"""Pages work end to end when Heard connects as its own role, held by row-level security.

Django's connection signs in as the application role for these tests, so every
query a page makes (the ORM's and any raw SQL) passes through the policies.
"""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from heard.organisations.models import Role
from heard.people.models import Person
from heard.referrals.models import Referral
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)
from tests.test_tenancy import (
    casework_records_of,
    challenges_and_concerns_of,
    development_records_of,
    system_change_records_of,
)
from tests.url_walker import FIXED_KWARGS, OBJECT_KWARGS, PK_BY_URL_NAME, iter_routes

from .conftest import django_connected_as, needs_postgres

pytestmark = needs_postgres


def world_of(organisation, marker: str) -> dict:
    """One of every kind of object the URLs take, in ``organisation``."""
    person = PersonFactory(organisation=organisation, first_name="Rhian", last_name=marker)
    service = ServiceFactory(organisation=organisation, name=f"{marker} contract")
    membership = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(
        organisation=organisation, person=person, service=service, allocated_to=membership
    )
    records = casework_records_of(case)
    return {
        "person": person,
        "service": service,
        "membership": membership,
        "referral": ReferralFactory(organisation=organisation, last_name=marker),
        "case": case,
        **records,
        **system_change_records_of(case, records["issue"]),
        **challenges_and_concerns_of(case),
        **development_records_of(membership),
    }


def own_urls(objects: dict) -> list[str]:
    urls = []
    for route in iter_routes():
        if route.name is None:
            continue
        kwargs = {}
        for kwarg in route.kwargs:
            kind = PK_BY_URL_NAME.get(route.name) if kwarg == "pk" else OBJECT_KWARGS.get(kwarg)
            if kwarg in FIXED_KWARGS:
                kwargs[kwarg] = FIXED_KWARGS[kwarg]
            elif kind in objects:
                kwargs[kwarg] = objects[kind].pk
        if len(kwargs) == len(route.kwargs) and "slug" not in route.description:
            urls.append(reverse(route.name, kwargs=kwargs))
    return urls


def walk(client, urls) -> tuple[dict[str, int], list[str]]:
    statuses, leaks = {}, []
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if b"Foreignperson" in body:
            leaks.append(url)
    return statuses, leaks


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ADVOCATE])
def test_every_page_answers_the_same_under_row_level_security(
    app_role, organisation, other_organisation, role
):
    """Every page aimed at the organisation's own objects answers as it does unrestricted."""
    objects = world_of(organisation, "Ownperson")
    world_of(other_organisation, "Foreignperson")
    client = Client(raise_request_exception=False)
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    urls = own_urls(objects)
    assert len(urls) > 100

    unrestricted, _ = walk(client, urls)
    with django_connected_as(app_role):
        restricted, leaks = walk(client, urls)
        person_page = client.get(f"/people/{objects['person'].pk}/")

    differences = [
        f"{url}: {unrestricted[url]} as the owner, {restricted[url]} as the application role"
        for url in urls
        if restricted[url] != unrestricted[url]
    ]
    assert not differences, "Under row-level security:\n" + "\n".join(differences)
    assert not leaks
    assert not [url for url, status in restricted.items() if status >= 500]
    assert sum(status == 200 for status in restricted.values()) > len(urls) // 3
    if role == Role.ADMIN:
        assert "Ownperson" in person_page.content.decode()


def test_the_connection_really_is_the_application_role(app_role):
    from django.db import connection

    with django_connected_as(app_role), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (app_role, False, False)


@override_settings(ROOT_URLCONF="tests.unscoped_urls")
def test_a_view_that_forgets_scoping_still_finds_nothing_of_another_organisations(
    app_role, organisation, other_organisation
):
    """The bug ADR-0003's walker hunts for, caught a second time by the database."""
    theirs = PersonFactory(organisation=other_organisation, last_name="Foreignperson")
    ours = PersonFactory(organisation=organisation, last_name="Ownperson")
    client = Client(raise_request_exception=False)
    client.force_login(MembershipFactory(organisation=organisation, role=Role.ADMIN).user)
    with django_connected_as(app_role):
        assert client.get(f"/leaky/{ours.pk}/").content == b"Ownperson"
        response = client.get(f"/leaky/{theirs.pk}/")
    assert response.status_code == 500  # Person.DoesNotExist: the row is not there for us
    assert b"Foreignperson" not in response.content


def test_a_public_referral_is_stored_and_acknowledged_under_row_level_security(
    app_role, organisation
):
    """An anonymous page binds the organisation it is for; the email task binds it again."""
    from heard.referrals.tests.test_intake_public import (
        fill_professional_referral,
        send,
        token_on,
    )

    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="m@x.org")
    client = Client()
    with django_connected_as(app_role):
        fill_professional_referral(client)
        check = client.get("/refer/riverside/check-your-answers/")
        response = send(client, token_on(check))
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    referral = Referral.objects.get()
    assert referral.organisation == organisation
    # The acknowledgement, and the notice to the manager the task found under the policies.
    assert sorted(len(m.to) and m.to[0] for m in mail.outbox) == ["m@x.org", "sam@example.org"]


def test_a_person_is_added_through_the_form_under_row_level_security(app_role, organisation):
    client = Client()
    client.force_login(MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user)
    with django_connected_as(app_role):
        response = client.post(
            reverse("people:create"), {"first_name": "Gwen", "last_name": "Newperson"}
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(last_name="Newperson").organisation == organisation
